import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, defaultRoutes, inbox, message, newsletter, render, type Routes, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const READ = { unreadCount: 0, unread: { messages: 0, newsletters: 0 } }

function open(over: Routes = {}) {
  view = render(defaultRoutes({ 'GET /v1/portal/messages': inbox(), 'POST /v1/portal/messages/read': READ, ...over }))
  view.$$('[role=tab]').find((t) => t.textContent!.startsWith('Messages'))!.click()
  return view
}

const type = (input: HTMLTextAreaElement, value: string) => {
  input.value = value
  input.dispatchEvent(new Event('input'))
}
const thread = () => view!.$$('[data-message]')

describe('Messages', () => {
  test('the thread oldest first, who wrote each message and when; newsletters with the unread one open', async () => {
    const v = open()
    await until(() => expect(thread()).toHaveLength(3))
    expect(thread().map((m) => m.dataset.message)).toEqual(['msg_001', 'msg_002', 'msg_003'])
    // A notification from Afflio has no sender name: the program's name stands in; it has a subject.
    expect(thread()[0]!.querySelector('small')!.textContent).toBe('Acme Analytics · Oct 11, 2026, 9:30 AM')
    expect(thread()[0]!.querySelector('strong')!.textContent).toBe('Welcome to Acme')
    expect(thread()[1]!.querySelector('small')!.textContent).toMatch(/^You · /)
    expect(thread()[1]!.className).toContain('me')
    expect(thread()[2]!.querySelector('small')!.textContent).toMatch(/^Dana · /)
    expect(thread()[2]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-10-13T09:30:00.000Z')
    expect(v.$('ol')!.getAttribute('aria-label')).toBe('Conversation with the program team')

    const letters = v.$$('[data-newsletter]')
    expect(letters.map((l) => l.querySelector('summary')!.textContent)).toEqual(['Update 2 New Oct 20, 2026', 'Update 1 Oct 20, 2026'])
    expect(letters[0]!.querySelector('details')!.open).toBe(true)
    expect(letters[1]!.querySelector('details')!.open).toBe(false)
    expect(letters[0]!.querySelector('.nl')!.innerHTML).toBe('<h1>News 2</h1><p><strong>30%</strong> on Pro</p>')
  })

  test('opening the view loads it again and marks read up to the newest message shown', async () => {
    const v = open()
    await until(() => expect(v.calls.some((c) => c.method === 'POST')).toBe(true))
    expect(v.calls.filter((c) => c.path === '/v1/portal/messages' && c.method === 'GET')).toHaveLength(2)
    expect(v.calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/v1/portal/messages/read', body: { upTo: 'msg_003' } })
    // Nothing unread: nothing to mark.
    v.cleanup()
    const quiet = open({ 'GET /v1/portal/messages': inbox(READ) })
    await until(() => expect(thread()).toHaveLength(3))
    await new Promise((r) => setTimeout(r, 20))
    expect(quiet.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  test('compose: an empty message is refused here; a sent one joins the thread; the server’s errors show', async () => {
    let reply: unknown = message(4, { sender: 'partner', senderName: null, body: 'When is the next payout?' })
    const v = open({ 'POST /v1/portal/messages': () => reply })
    await until(() => expect(thread()).toHaveLength(3))
    const box = v.$<HTMLTextAreaElement>('#msg-body')!
    expect(v.root.querySelector('label[for=msg-body]')!.textContent).toBe('Your message')
    const submit = () => v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    type(box, '   ')
    submit()
    await until(() => expect(v.$('#msg-body-e')?.textContent).toBe('This is required.'))
    expect(box.getAttribute('aria-invalid')).toBe('true')
    expect(v.calls.filter((c) => c.path === '/v1/portal/messages' && c.method === 'POST')).toHaveLength(0)

    type(box, '  When is the next payout?  ')
    submit()
    await until(() => expect(thread()).toHaveLength(4))
    expect(v.calls.find((c) => c.path === '/v1/portal/messages' && c.method === 'POST')!.body).toEqual({ body: 'When is the next payout?' })
    expect(thread().at(-1)!.textContent).toContain('When is the next payout?')
    expect(v.$('form [role=status]')!.textContent).toBe('Message sent.')
    expect(box.value).toBe('')

    reply = apiError(400, 'invalid_request', 'body: must be at most 5000 characters', 'body')
    type(box, 'x')
    submit()
    await until(() => expect(v.$('#msg-body-e')?.textContent).toBe('must be at most 5000 characters'))
    type(box, 'x'.repeat(5001))
    submit()
    await until(() => expect(v.$('#msg-body-e')?.textContent).toBe('Keep it to 5,000 characters.'))
  })

  test('older messages and newsletters page in', async () => {
    const v = open({
      'GET /v1/portal/messages': ({ url }) =>
        url.searchParams.get('cursor') === 'msg_001'
          ? inbox({ messages: { data: [message(0, { body: 'The oldest' })], nextCursor: null } })
          : url.searchParams.get('newslettersCursor') === 'nl_1'
            ? inbox({ newsletters: { data: [newsletter(0)], nextCursor: null } })
            : inbox({ messages: { ...inbox().messages, nextCursor: 'msg_001' }, newsletters: { ...inbox().newsletters, nextCursor: 'nl_1' } }),
    })
    await until(() => expect(thread()).toHaveLength(3))
    byText(v.root, 'button', 'Load earlier messages').click()
    await until(() => expect(thread()).toHaveLength(4))
    expect(thread()[0]!.textContent).toContain('The oldest')
    expect(v.$$('button').some((b) => b.textContent === 'Load earlier messages')).toBe(false)
    byText(v.root, 'button', 'Older newsletters').click()
    await until(() => expect(v.$$('[data-newsletter]').map((n) => n.dataset.newsletter)).toEqual(['nl_2', 'nl_1', 'nl_0']))
  })

  test('newsletter emails can be turned off', async () => {
    const v = open({ 'PUT /v1/portal/messages/preferences': ({ body }) => body })
    await until(() => expect(thread()).toHaveLength(3))
    const box = v.$$<HTMLInputElement>('input[type=checkbox]')[0]!
    expect(box.closest('label')!.textContent).toBe('Also email me the newsletters')
    expect(box.checked).toBe(true)
    box.checked = false
    box.dispatchEvent(new Event('change'))
    await until(() => expect(v.calls.at(-1)).toMatchObject({ method: 'PUT', path: '/v1/portal/messages/preferences', body: { newsletterEmails: false } }))
  })

  test('empty, loading and error states', async () => {
    let v = open({ 'GET /v1/portal/messages': inbox({ ...READ, messages: { data: [], nextCursor: null }, newsletters: { data: [], nextCursor: null } }) })
    await until(() => expect(v.text()).toContain('No messages yet. Write to the program team below.'))
    expect(v.text()).toContain('No newsletters yet.')
    v.cleanup()
    v = open({ 'GET /v1/portal/messages': apiError(500, 'internal') })
    expect(v.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(v.$('[role=tabpanel] [role=alert]')?.textContent).toContain('Something went wrong'))
  })
})
