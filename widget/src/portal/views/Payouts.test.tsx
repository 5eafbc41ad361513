import { afterEach, describe, expect, test, vi } from 'vitest'
import { apiError, byText, defaultRoutes, payouts, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

function open(routes = defaultRoutes()) {
  view = render(routes)
  byText(view.root, '[role=tab]', 'Payouts').click()
  return view
}

const type = (input: HTMLInputElement, value: string) => {
  input.value = value
  input.dispatchEvent(new Event('input'))
}
const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value
  select.dispatchEvent(new Event('change'))
}
const submit = () => view!.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))

describe('Payouts', () => {
  test('balance, next payout, minimum and history', async () => {
    open()
    await until(() => expect(view!.$('[data-stat=approvedMinor-USD]')?.textContent).toBe('$60.00'))
    const text = view!.text()
    expect(text).toContain('Pending$123.45')
    expect(text).toContain('Paid$1,000.00')
    expect(text).toContain('Next payoutDec 1, 2026$60.00 will be paid')
    expect(text).toContain('Minimum payout$50.00')
    expect(view!.$$('tbody tr td').map((td) => td.textContent)).toEqual(['Sep 2, 2026', 'Paid', '$1,000.00'])
    expect(text).toContain('Add your payout details to get paid.')
  })

  test("a payout's status in the console's words: one not sent yet is Waiting (Pending is a commission's)", async () => {
    const waiting = { id: 'po_2', amountMinor: 33_875, currency: 'USD', status: 'pending' as const, createdAt: '2026-11-01T12:00:00.000Z', paidAt: null }
    open(defaultRoutes({ 'GET /v1/portal/payouts': payouts({ history: [waiting, ...payouts().history] }) }))
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    expect(view!.$$('tbody tr').map((tr) => tr.children[1]!.textContent)).toEqual(['Waiting', 'Paid'])
  })

  test('the history past its first page: Load more appends the next page until there is none', async () => {
    const payout = (n: number) => ({ id: `po_${n}`, amountMinor: n * 100, currency: 'USD', status: 'paid' as const, createdAt: '2026-09-01T12:00:00.000Z', paidAt: '2026-09-02T12:00:00.000Z' })
    open(
      defaultRoutes({
        'GET /v1/portal/payouts': payouts({ history: [payout(9), payout(8)], historyNextCursor: 'po_8' }),
        'GET /v1/portal/payouts/history': { data: [payout(7)], nextCursor: null },
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    byText(view!.root, 'button', 'Load more').click()
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    expect(view!.$$('tbody tr').map((tr) => tr.children[2]!.textContent)).toEqual(['$9.00', '$8.00', '$7.00'])
    expect(view!.calls.find((c) => c.path === '/v1/portal/payouts/history')!.query).toBe('?cursor=po_8')
    expect(view!.$$('button').some((b) => b.textContent === 'Load more')).toBe(false)
  })

  test('the pages loaded with Load more stay when the payouts load again (every 5 s while shown)', { timeout: 15_000 }, async () => {
    const payout = (n: number, status: 'pending' | 'paid' = 'paid') => ({ id: `po_${n}`, amountMinor: n * 100, currency: 'USD', status, createdAt: '2026-09-01T12:00:00.000Z', paidAt: status === 'paid' ? '2026-09-02T12:00:00.000Z' : null })
    let first = [payout(9, 'pending'), payout(8)]
    open(
      defaultRoutes({
        'GET /v1/portal/payouts': () => payouts({ history: first, historyNextCursor: 'po_8' }),
        'GET /v1/portal/payouts/history': { data: [payout(7)], nextCursor: null },
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    byText(view!.root, 'button', 'Load more').click()
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    // Meanwhile a new payout, and the waiting one was sent: the next load shows both, above the pages kept.
    first = [payout(10, 'pending'), payout(9), payout(8)]
    const amounts = () => view!.$$('tbody tr').map((tr) => `${tr.children[1]!.textContent} ${tr.children[2]!.textContent}`)
    await vi.waitFor(() => expect(amounts()).toEqual(['Waiting $10.00', 'Paid $9.00', 'Paid $8.00', 'Paid $7.00']), { timeout: 8_000, interval: 50 })
    expect(view!.$$('button').some((b) => b.textContent === 'Load more')).toBe(false)
  })

  test('a page loaded while the payouts load again is kept once, in order', { timeout: 15_000 }, async () => {
    const payout = (n: number) => ({ id: `po_${n}`, amountMinor: n * 100, currency: 'USD', status: 'paid' as const, createdAt: '2026-09-01T12:00:00.000Z', paidAt: '2026-09-02T12:00:00.000Z' })
    let loads = 0
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    open(
      defaultRoutes({
        // The second load (the 5-second refresh) waits until the next page has been appended.
        'GET /v1/portal/payouts': async () => (++loads === 2 && (await held), payouts({ history: [payout(9), payout(8)], historyNextCursor: 'po_8' })),
        'GET /v1/portal/payouts/history': { data: [payout(7)], nextCursor: null },
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    await vi.waitFor(() => expect(loads).toBe(2), { timeout: 8_000, interval: 50 })
    byText(view!.root, 'button', 'Load more').click()
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    release()
    await new Promise((r) => setTimeout(r, 100))
    expect(view!.$$('tbody tr').map((tr) => tr.children[2]!.textContent)).toEqual(['$9.00', '$8.00', '$7.00'])
    expect(view!.$$('button').some((b) => b.textContent === 'Load more')).toBe(false)
  })

  test('the next payout says, per currency, why a balance would be left out', async () => {
    const balance = { approvedMinor: 0, pendingMinor: 0, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 0, minimumMinor: 5_000 }
    open(
      defaultRoutes({
        'GET /v1/portal/payouts': payouts({
          balances: [
            { ...balance, currency: 'USD', approvedMinor: 4_000, nextPayout: { included: false, reason: 'below_minimum' } },
            { ...balance, currency: 'EUR', approvedMinor: 9_000, nextPayout: { included: false, reason: 'currency_not_scheduled' } },
            { ...balance, currency: 'GBP', nextPayout: { included: false, reason: null } },
            { ...balance, currency: 'CAD', approvedMinor: -411, nextPayout: { included: false, reason: 'owed_back' } },
          ],
        }),
      }),
    )
    await until(() => expect(view!.$('[data-next=USD]')?.textContent).toBe('$40.00 not included: below the $50.00 minimum'))
    expect(view!.$('[data-next=EUR]')!.textContent).toBe('€90.00 not included: EUR is not paid on this schedule')
    expect(view!.$('[data-next=GBP]')!.textContent).toBe('Nothing approved to pay yet (GBP)')
    // Refunds after a payout: owed back, as the partner's emails say, not "below the minimum"
    expect(view!.$('[data-next=CAD]')!.textContent).toBe('-CA$4.11: your earnings first make up what you owe back from refunds')
  })

  test('no history and no schedule yet', async () => {
    open(defaultRoutes({ 'GET /v1/portal/payouts': payouts({ history: [], nextPayoutAt: null }) }))
    await until(() => expect(view!.text()).toContain('No payouts yet.'))
    expect(view!.text()).toContain('Not scheduled yet')
  })

  test('payout details: validated by method, saved, and the server’s errors shown', async () => {
    let reply: unknown = { method: 'paypal', email: 'ada@pay.example' }
    open(defaultRoutes({ 'PUT /v1/portal/payout-details': () => reply }))
    await until(() => expect(view!.$('#pv')).not.toBeNull())
    expect(view!.root.querySelector('label[for=pm]')!.textContent).toBe('Method')
    expect(view!.root.querySelector('label[for=pv]')!.textContent).toBe('Account email')

    type(view!.$<HTMLInputElement>('#pv')!, 'not an email')
    submit()
    await until(() => expect(view!.$('#pv-e')?.textContent).toBe('Enter a valid email address.'))
    expect(view!.$('#pv')!.getAttribute('aria-invalid')).toBe('true')

    type(view!.$<HTMLInputElement>('#pv')!, 'ada@pay.example')
    submit()
    await until(() => expect(view!.$('form [role=status]')?.textContent).toBe('Payout details saved.'))
    expect(view!.calls.at(-1)).toMatchObject({ method: 'PUT', body: { method: 'paypal', email: 'ada@pay.example' } })
    expect(view!.text()).not.toContain('Add your payout details')

    choose(view!.$<HTMLSelectElement>('#pm')!, 'stripe_connect')
    await until(() => expect(view!.root.querySelector('label[for=pv]')!.textContent).toBe('Stripe account id (acct_…)'))
    type(view!.$<HTMLInputElement>('#pv')!, 'ba_123')
    submit()
    await until(() => expect(view!.$('#pv-e')?.textContent).toBe('Stripe account ids start with acct_.'))

    reply = apiError(400, 'invalid_request', 'accountRef is not a Stripe account', 'accountRef')
    type(view!.$<HTMLInputElement>('#pv')!, 'acct_nope')
    submit()
    await until(() => expect(view!.$('#pv-e')?.textContent).toBe('accountRef is not a Stripe account'))

    reply = apiError(409, 'conflict', 'Payout in progress')
    choose(view!.$<HTMLSelectElement>('#pm')!, 'bank')
    type(view!.$<HTMLInputElement>('#pv')!, 'DE89 3704 0044 0532 0130 00')
    submit()
    await until(() => expect(view!.$('form [role=status]')?.textContent).toBe('Payout in progress'))
  })

  test('existing details fill the form', async () => {
    open(defaultRoutes({ 'GET /v1/portal/payouts': payouts({ payoutDetails: { method: 'bank', accountRef: 'DE89370400440532013000' } }) }))
    await until(() => expect(view!.$<HTMLInputElement>('#pv')?.value).toBe('DE89370400440532013000'))
    expect(view!.$<HTMLSelectElement>('#pm')!.value).toBe('bank')
  })

  test('loading and error states', async () => {
    open(defaultRoutes({ 'GET /v1/portal/payouts': apiError(403, 'forbidden') }))
    expect(view!.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Something went wrong'))
  })
})
