import { afterEach, describe, expect, test } from 'vitest'
import { defaultRoutes, notice, render, type Routes, until } from '../testing.ts'
import type { NotificationPreferences } from '@afflio/sdk/types'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const page = (unreadCount: number) => ({ data: [notice(2), notice(1, { kind: 'payout_sent', title: 'Payout sent: USD 42.00', readAt: '2026-10-12T00:00:00.000Z' })], nextCursor: null, unreadCount })
const prefs: NotificationPreferences = {
  emails: { commission_earned: true, payout_sent: true, application_approved: true, message: true, challenge_won: true, deal_update: true, bounty_update: true, claim_decided: true, recruit_update: true, newsletter: false },
}

function open(over: Routes = {}) {
  view = render(defaultRoutes({ 'GET /v1/portal/notices': page(1), 'GET /v1/portal/notification-preferences': prefs, ...over }))
  return view
}
const tab = () => view!.$$('[role=tab]').find((t) => t.textContent!.startsWith('Notices'))!
const items = () => view!.$$('[data-notice]')

describe('Notices', () => {
  test('the tab carries the unread count from the start; the list shows the unread ones as New', async () => {
    open()
    await until(() => expect(tab().textContent).toBe('Notices1'))
    expect(tab().querySelector('[aria-label]')?.getAttribute('aria-label') ?? tab().getAttribute('aria-label') ?? '').toContain('1 unread')
    tab().click()
    await until(() => expect(items()).toHaveLength(2))
    expect(items().map((i) => i.querySelector('strong')!.textContent)).toEqual(['You earned USD 2.00', 'Payout sent: USD 42.00'])
    expect(items()[0]!.textContent).toContain('New')
    expect(items()[1]!.textContent).not.toContain('New')
    expect(items()[0]!.querySelector('div')!.textContent).toBe('Commission 2')
  })

  test('clicking an unread notice marks that one alone read, and the badge follows', async () => {
    const v = open({ 'GET /v1/portal/notices': { ...page(1), data: [notice(3), ...page(1).data] }, 'POST /v1/portal/notices/read': { unreadCount: 0 } })
    tab().click()
    await until(() => expect(items()).toHaveLength(3))
    items()[0]!.click()
    await until(() => expect(v.calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/v1/portal/notices/read', body: { ids: ['ntc_003'] } }))
    await until(() => expect(items()[0]!.textContent).not.toContain('New'))
    expect(items()[1]!.textContent).toContain('New') // only the one clicked
    await until(() => expect(tab().textContent).toBe('Notices'))
    items()[2]!.click() // read already: nothing to send
    const all = v.$$('button').find((b) => b.textContent === 'Mark all read')
    expect(all).toBeUndefined() // the server says nothing is unread
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  test('by keyboard: an unread notice has a button, named by the notice, that marks that one read; a read one has none', async () => {
    const v = open({ 'GET /v1/portal/notices': { ...page(1), data: [notice(3), ...page(1).data] }, 'POST /v1/portal/notices/read': { unreadCount: 0 } })
    tab().click()
    await until(() => expect(items()).toHaveLength(3))
    const buttons = () => items().map((i) => i.querySelector('button')?.getAttribute('aria-label') ?? null)
    expect(buttons()).toEqual(['Mark read: You earned USD 3.00', 'Mark read: You earned USD 2.00', null])
    items()[0]!.querySelector('button')!.click()
    await until(() => expect(v.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ ids: ['ntc_003'] }]))
    await until(() => expect(buttons()).toEqual([null, 'Mark read: You earned USD 2.00', null]))
  })

  test('"Mark all read" sends all: true', async () => {
    const v = open({ 'POST /v1/portal/notices/read': { unreadCount: 0 } })
    tab().click()
    await until(() => expect(v.$$('button').some((b) => b.textContent === 'Mark all read')).toBe(true))
    v.$$('button').find((b) => b.textContent === 'Mark all read')!.click()
    await until(() => expect(v.calls.find((c) => c.method === 'POST')?.body).toEqual({ all: true }))
    await until(() => expect(items()[0]!.textContent).not.toContain('New'))
  })

  test('email preferences: a checkbox per kind, as the server has them; a change is sent for that kind alone', async () => {
    const v = open({ 'PUT /v1/portal/notification-preferences': { emails: { ...prefs.emails, payout_sent: false } } })
    tab().click()
    await until(() => expect(v.$$('details input[type=checkbox]')).toHaveLength(10))
    const boxes = v.$$<HTMLInputElement>('details input[type=checkbox]')
    const byLabel = (text: string) => boxes.find((b) => b.parentElement!.textContent === text)!
    expect(byLabel('Newsletters').checked).toBe(false)
    expect(byLabel('Payouts sent').checked).toBe(true)
    byLabel('Payouts sent').click()
    await until(() => expect(v.calls.find((c) => c.method === 'PUT')).toMatchObject({ path: '/v1/portal/notification-preferences', body: { emails: { payout_sent: false } } }))
    await until(() => expect(byLabel('Payouts sent').checked).toBe(false))
  })

  test('nothing yet: says what will appear here', async () => {
    const v = open({ 'GET /v1/portal/notices': { data: [], nextCursor: null, unreadCount: 0 } })
    tab().click()
    await until(() => expect(v.root.textContent).toContain('You are told here when you earn a commission'))
  })
})
