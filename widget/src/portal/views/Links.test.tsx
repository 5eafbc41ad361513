import { afterEach, describe, expect, test, vi } from 'vitest'
import { apiError, byText, defaultRoutes, link, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => {
  view?.cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function open(routes = defaultRoutes()) {
  view = render(routes)
  byText(view.root, '[role=tab]', 'Links').click()
  return view
}

const type = (input: HTMLInputElement, value: string) => {
  input.value = value
  input.dispatchEvent(new Event('input'))
}

describe('Links', () => {
  test('each link with its full share URL and stats', async () => {
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    expect(v.$$('.url').map((e) => e.textContent)).toEqual(['https://acme.example/?ref=ADA1', 'https://acme.example/?ref=ADA2'])
    expect(v.$$('.link .stats')[1]!.textContent).toBe('Clicks 20 · Leads 2 · Sales 1')
  })

  test('a link without a server URL is built on the host page’s origin', async () => {
    const v = open(defaultRoutes({ 'GET /v1/portal/links': { data: [link(1, { url: null, code: 'A B' })], nextCursor: null } }))
    await until(() => expect(v.$('.url')?.textContent).toBe(`${location.origin}/?ref=A%20B`))
  })

  test('a sub-id is added to the URL; copy puts that URL on the clipboard and says so', async () => {
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    const sub = v.$<HTMLInputElement>('#sub-lnk_1')!
    expect(v.root.querySelector(`label[for="sub-lnk_1"]`)!.textContent).toBe('Sub-id (optional)')
    type(sub, 'newsletter')
    await until(() => expect(v.$('.url')!.textContent).toBe('https://acme.example/?ref=ADA1&sub=newsletter'))
    const copy = v.$$('button').find((b) => b.getAttribute('aria-label') === 'Copy link ADA1')!
    copy.click()
    await until(() => expect(writeText).toHaveBeenCalledWith('https://acme.example/?ref=ADA1&sub=newsletter'))
    const live = v.$$('[aria-live=polite]')[0]!
    await until(() => expect(live.textContent).toBe('Link copied to the clipboard.'))
  })

  test('copy falls back to execCommand when the Clipboard API is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => Promise.reject(new Error('denied')) } })
    let copied = ''
    const exec = vi.fn((command: string) => {
      const area = view!.root.querySelector('textarea')!
      copied = area.value
      return command === 'copy'
    })
    Object.assign(document, { execCommand: exec })
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    v.$$('.link button')[1]!.click()
    await until(() => expect(v.$$('[aria-live=polite]')[0]!.textContent).toBe('Link copied to the clipboard.'))
    expect(copied).toBe('https://acme.example/?ref=ADA2')
    expect(v.root.querySelector('textarea')).toBeNull()
    exec.mockReturnValue(false)
    v.$$('.link button')[1]!.click()
    await until(() => expect(v.$$('[aria-live=polite]')[0]!.textContent).toBe('Could not copy. Select the link and copy it yourself.'))
  })

  test('empty and error states', async () => {
    let v = open(defaultRoutes({ 'GET /v1/portal/links': { data: [], nextCursor: null } }))
    await until(() => expect(v.text()).toContain('You have no links yet.'))
    v.cleanup()
    v = open(defaultRoutes({ 'GET /v1/portal/links': apiError(500, 'internal') }))
    await until(() => expect(v.$('[role=alert]')?.textContent).toContain('Something went wrong'))
  })

  test('create a link to a page, with a code; it appears first', async () => {
    const created = link(3, { code: 'SPRING', destinationUrl: 'https://acme.example/pricing', url: 'https://acme.example/pricing?ref=SPRING' })
    const v = open(defaultRoutes({ 'POST /v1/portal/links': created }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    expect(v.root.querySelector('label[for="new-dest"]')!.textContent).toBe('Page on the site (optional)')
    type(v.$<HTMLInputElement>('#new-dest')!, 'https://acme.example/pricing')
    type(v.$<HTMLInputElement>('#new-code')!, 'SPRING')
    v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(v.$$('.link')).toHaveLength(3))
    expect(v.calls.at(-1)).toMatchObject({ method: 'POST', path: '/v1/portal/links', body: { destinationUrl: 'https://acme.example/pricing', code: 'SPRING' } })
    expect(v.$('.url')!.textContent).toBe('https://acme.example/pricing?ref=SPRING')
    await until(() => expect(v.$('form [role=status]')!.textContent).toBe('Link created.'))
    expect(v.$<HTMLInputElement>('#new-code')!.value).toBe('')
  })

  test('the form checks its fields, then shows the server’s errors on them', async () => {
    let reply = apiError(409, 'conflict', 'Code SPRING is taken')
    const v = open(defaultRoutes({ 'POST /v1/portal/links': () => reply }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    const submit = () => v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    type(v.$<HTMLInputElement>('#new-dest')!, 'pricing')
    type(v.$<HTMLInputElement>('#new-code')!, 'x')
    submit()
    await until(() => expect(v.$('#new-dest-e')?.textContent).toBe('Enter a full address starting with https://'))
    expect(v.$('#new-code-e')!.textContent).toBe('Use 2 to 64 letters, digits, _ or -.')
    expect(v.$('#new-code')!.getAttribute('aria-invalid')).toBe('true')
    expect(v.$('#new-code')!.getAttribute('aria-describedby')).toBe('new-code-h new-code-e')
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(0)

    type(v.$<HTMLInputElement>('#new-dest')!, '')
    type(v.$<HTMLInputElement>('#new-code')!, 'SPRING')
    submit()
    await until(() => expect(v.$('#new-code-e')?.textContent).toBe('That code is taken. Try another.'))

    reply = apiError(400, 'invalid_request', 'destinationUrl must be on acme.example', 'destinationUrl')
    type(v.$<HTMLInputElement>('#new-dest')!, 'https://evil.example/')
    submit()
    await until(() => expect(v.$('#new-dest-e')?.textContent).toBe('destinationUrl must be on acme.example'))
    expect(v.$('#new-code-e')).toBeNull()
  })
})
