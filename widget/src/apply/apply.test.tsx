import type { PublicApplicationForm } from '@afflio/sdk/types'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { AfflioApplyElement } from './element.ts'
import { mountApply } from './apply.tsx'
import { apiError, BASE, fakeApi, type Routes, until } from '../portal/testing.ts'

const FORM: PublicApplicationForm = {
  program: { slug: 'acme', name: 'Acme Analytics', logoUrl: null, commissionSummary: '20% of every sale, recurring', referralReward: null },
  acceptingApplications: true,
  questions: [
    { id: 'site', label: 'Your website', type: 'url', required: true },
    { id: 'audience', label: 'Your audience', type: 'textarea', required: false },
    { id: 'channel', label: 'Main channel', type: 'select', required: true, options: ['Blog', 'YouTube', 'Newsletter'] },
    { id: 'handle', label: 'Social handle', type: 'text', required: false },
    { id: 'terms', label: 'I accept the partner terms', type: 'checkbox', required: true },
  ],
}
const FORM_PATH = 'GET /v1/programs/acme/application-form'
const POST_PATH = 'POST /v1/programs/acme/applications'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
  vi.unstubAllGlobals()
})

function open(routes: Routes, extra: Partial<Parameters<typeof mountApply>[1]> = {}) {
  const api = fakeApi({ [FORM_PATH]: FORM, ...routes })
  const host = document.createElement('div')
  document.body.append(host)
  const onSubmitted = vi.fn()
  const handle = mountApply(host, { program: 'acme', baseUrl: BASE, fetch: api.fetch, onSubmitted, ...extra })
  cleanup = () => {
    handle.unmount()
    host.remove()
  }
  const root = host.shadowRoot!
  const $ = <E extends Element = HTMLInputElement>(s: string) => root.querySelector<E>(s)
  return { ...api, root, $, onSubmitted, text: () => root.querySelector('.root')!.textContent ?? '' }
}

function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null, value: string) {
  el!.value = value
  el!.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'))
}
function tick(el: HTMLInputElement | null, on = true) {
  el!.checked = on
  el!.dispatchEvent(new Event('change'))
}
const submit = (v: ReturnType<typeof open>) => v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
const label = (v: ReturnType<typeof open>, id: string) => v.root.querySelector(`label[for=${id}]`)?.textContent

describe('the application form', () => {
  test('every question by its type, labelled, optional ones said so; a signed-in user’s details filled in', async () => {
    const v = open({}, { email: 'ana@blog.example', name: 'Ana' })
    await until(() => expect(v.$('form')).not.toBeNull())
    expect(v.$('h2')!.textContent).toBe('Apply to Acme Analytics')
    expect(v.text()).toContain('20% of every sale, recurring')
    expect(v.$('#ap-email')!.value).toBe('ana@blog.example')
    expect(v.$('#ap-name')!.value).toBe('Ana')
    expect(label(v, 'ap-email')).toBe('Email')
    expect(label(v, 'ap-name')).toBe('Your name (optional)')
    expect(v.$('#ap-q-site')!.type).toBe('url')
    expect(v.$('#ap-q-site')!.required).toBe(true)
    expect(label(v, 'ap-q-site')).toBe('Your website')
    expect(v.$('#ap-q-audience')!.tagName).toBe('TEXTAREA')
    expect(label(v, 'ap-q-audience')).toBe('Your audience (optional)')
    expect([...v.$<HTMLSelectElement>('#ap-q-channel')!.options].map((o) => o.textContent)).toEqual(['Choose…', 'Blog', 'YouTube', 'Newsletter'])
    expect(v.$('#ap-q-handle')!.type).toBe('text')
    expect(v.$('#ap-q-terms')!.type).toBe('checkbox')
    expect(v.$('#ap-q-terms')!.closest('label')!.textContent).toBe('I accept the partner terms')
  })

  test("says what the program's referred customers get, when it has a reward", async () => {
    const reward = { kind: 'percent', percentOffBps: 2000, label: '20% off', partnerName: null } as const
    const v = open({ [FORM_PATH]: { ...FORM, program: { ...FORM.program, referralReward: reward } } })
    await until(() => expect(v.$('form')).not.toBeNull())
    expect(v.text()).toContain('Your referrals get 20% off')
    cleanup!()
    const plain = open({})
    await until(() => expect(plain.$('form')).not.toBeNull())
    expect(plain.text()).not.toContain('Your referrals get')
  })

  test('checks the answers first; the first field in error takes the focus', async () => {
    const v = open({})
    await until(() => expect(v.$('form')).not.toBeNull())
    type(v.$('#ap-q-site'), 'my blog')
    submit(v)
    await until(() => expect(v.$('#ap-email-e')?.textContent).toBe('This is required.'))
    expect(v.$('#ap-q-site-e')!.textContent).toBe('Enter a full address starting with https://')
    expect(v.$('#ap-q-channel-e')!.textContent).toBe('This is required.')
    expect(v.$('#ap-q-terms-e')!.textContent).toBe('Tick this to apply.')
    expect(v.$('#ap-q-terms')!.getAttribute('aria-invalid')).toBe('true')
    expect(v.$('#ap-q-terms')!.getAttribute('aria-describedby')).toBe('ap-q-terms-e')
    expect(v.$('#ap-q-audience-e')).toBeNull()
    await until(() => expect(v.root.activeElement?.id).toBe('ap-email'))
    type(v.$('#ap-email'), 'ana@')
    submit(v)
    await until(() => expect(v.$('#ap-email-e')?.textContent).toBe('Enter a valid email address.'))
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  test('sends the answers (trimmed, empty optional ones left out) and shows “waiting for review”', async () => {
    const v = open({ [POST_PATH]: { id: 'app_1', status: 'pending' } })
    await until(() => expect(v.$('form')).not.toBeNull())
    type(v.$('#ap-email'), ' ana@blog.example ')
    type(v.$('#ap-name'), 'Ana Lima')
    type(v.$('#ap-q-site'), 'https://blog.example')
    type(v.$<HTMLSelectElement>('#ap-q-channel'), 'YouTube')
    type(v.$('#ap-q-handle'), '   ')
    tick(v.$('#ap-q-terms'))
    submit(v)
    await until(() => expect(v.$('[role=status]')?.textContent).toBe('Thank you! Your application is waiting for review.'))
    expect(v.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/programs/acme/applications',
      body: { email: 'ana@blog.example', name: 'Ana Lima', answers: { site: 'https://blog.example', channel: 'YouTube', terms: true } },
    })
    expect(v.onSubmitted).toHaveBeenCalledWith({ id: 'app_1', status: 'pending' })
    expect(v.$('form')).toBeNull()
  })

  test('approved at once by the program’s rules: says so', async () => {
    const v = open({ [POST_PATH]: { id: 'app_2', status: 'approved' } }, { email: 'ana@acme.com' })
    await until(() => expect(v.$('form')).not.toBeNull())
    type(v.$('#ap-q-site'), 'https://blog.example')
    type(v.$<HTMLSelectElement>('#ap-q-channel'), 'Blog')
    tick(v.$('#ap-q-terms'))
    submit(v)
    await until(() => expect(v.$('[role=status]')?.textContent).toBe('Welcome aboard: your application is approved.'))
  })

  test('the answer takes the focus from the submit button it replaces: a keyboard or screen-reader user is not sent back to the top of the page', async () => {
    const v = open({ [POST_PATH]: { id: 'app_3', status: 'pending' } }, { email: 'ana@acme.com' })
    await until(() => expect(v.$('form')).not.toBeNull())
    type(v.$('#ap-q-site'), 'https://blog.example')
    type(v.$<HTMLSelectElement>('#ap-q-channel'), 'Blog')
    tick(v.$('#ap-q-terms'))
    v.$<HTMLButtonElement>('button[type=submit]')!.focus()
    expect(v.root.activeElement?.tagName).toBe('BUTTON')
    submit(v)
    await until(() => expect(v.root.activeElement?.textContent).toBe('Thank you! Your application is waiting for review.'))
  })

  test('the server’s errors: on the answer it names, a 409 on the email (a partner told apart by its code), a closed form on the form', async () => {
    let reply = apiError(400, 'invalid_request', 'answers.site: must be an http(s) URL', 'answers.site')
    const v = open({ [POST_PATH]: () => reply }, { email: 'ana@blog.example' })
    await until(() => expect(v.$('form')).not.toBeNull())
    type(v.$('#ap-q-site'), 'https://blog.example')
    type(v.$<HTMLSelectElement>('#ap-q-channel'), 'Blog')
    tick(v.$('#ap-q-terms'))
    submit(v)
    await until(() => expect(v.$('#ap-q-site-e')?.textContent).toBe('must be an http(s) URL')) // under the answer, without its field's name
    reply = apiError(409, 'conflict', 'An application from ana@blog.example is already waiting for review', 'email')
    submit(v)
    await until(() => expect(v.$('#ap-email-e')?.textContent).toBe('An application from this address is already waiting for review: you will hear from the team.'))
    // Whatever the message says: the code makes it a partner.
    reply = apiError(409, 'already_partner', 'ana@blog.example has an account here', 'email')
    submit(v)
    await until(() => expect(v.$('#ap-email-e')?.textContent).toBe('This address already belongs to a partner of Acme Analytics: sign in to the partner portal instead.'))
    // A conflict on no field (a submission that lost a race) is no duplicate: the server's words, on the form.
    reply = apiError(409, 'conflict', 'The application could not be saved just now: please send it again')
    submit(v)
    await until(() => expect(v.$('form [role=status]')?.textContent).toBe('The application could not be saved just now: please send it again'))
    expect(v.$('#ap-email-e')).toBeNull()
    reply = apiError(403, 'forbidden', 'Acme Analytics is not taking applications')
    submit(v)
    await until(() => expect(v.$('form [role=status]')?.textContent).toBe('Acme Analytics is not taking applications right now.'))
    expect(v.onSubmitted).not.toHaveBeenCalled()
  })

  test('a closed form, a failed load with a retry', async () => {
    let v = open({ [FORM_PATH]: { ...FORM, acceptingApplications: false } })
    await until(() => expect(v.text()).toBe('Acme Analytics is not taking applications right now.'))
    cleanup!()
    let fail = true
    v = open({ [FORM_PATH]: () => (fail ? apiError(500, 'internal') : FORM) })
    expect(v.$('[role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(v.$('[role=alert]')?.textContent).toContain('Something went wrong'))
    fail = false
    v.$<HTMLButtonElement>('[role=alert] button')!.click()
    await until(() => expect(v.$('form')).not.toBeNull())
  })

  test('strings can be replaced', async () => {
    const v = open({}, { messages: { 'apply.title': 'Bewerben bei {program}', 'apply.submit': 'Absenden' } })
    await until(() => expect(v.$('h2')?.textContent).toBe('Bewerben bei Acme Analytics'))
    expect(v.$('button[type=submit]')!.textContent).toBe('Absenden')
  })
})

describe('<afflio-apply>', () => {
  test('renders from its attributes and announces the answer with afflio:applied', async () => {
    const api = fakeApi({ [FORM_PATH]: FORM, [POST_PATH]: { id: 'app_3', status: 'pending' } })
    vi.stubGlobal('fetch', api.fetch)
    expect(customElements.get('afflio-apply')).toBe(AfflioApplyElement)
    const el = document.createElement('afflio-apply')
    el.setAttribute('program', 'acme')
    el.setAttribute('api', BASE)
    el.setAttribute('email', 'ana@blog.example')
    const seen: CustomEvent[] = []
    document.addEventListener('afflio:applied', (e) => seen.push(e as CustomEvent), { once: true })
    document.body.append(el)
    cleanup = () => el.remove()
    const $ = (s: string) => el.shadowRoot?.querySelector<HTMLInputElement>(s) ?? null
    await until(() => expect($('#ap-email')?.value).toBe('ana@blog.example'))
    expect(api.calls).toHaveLength(1)
    type($('#ap-q-site'), 'https://blog.example')
    type(el.shadowRoot!.querySelector('select'), 'Blog')
    tick($('#ap-q-terms'))
    el.shadowRoot!.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(seen).toHaveLength(1))
    expect(seen[0]!.detail).toEqual({ id: 'app_3', status: 'pending' })
    expect(seen[0]!.target).toBe(el)
    el.remove()
    expect(el.shadowRoot!.childNodes).toHaveLength(0)
  })
})
