import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, commission, defaultRoutes, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

function open(routes = defaultRoutes()) {
  view = render(routes)
  byText(view.root, '[role=tab]', 'Commissions').click()
  return view
}

const rows = () => view!.$$('tbody tr').map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))

describe('Commissions', () => {
  test('date, status, amount, the sale and the reason', async () => {
    const adjustment = commission(2, { saleId: null, sale: null, amountMinor: -500, status: 'reversed', reason: 'Refund of in_1' })
    open(defaultRoutes({ 'GET /v1/portal/commissions': { data: [commission(1), adjustment], nextCursor: null } }))
    await until(() => expect(rows()).toHaveLength(2))
    expect(view!.$$('th').map((th) => th.textContent)).toEqual(['Date', 'Status', 'Amount', 'Sale', 'Reason'])
    expect(rows()[0]).toEqual(['Oct 31, 2026', 'Pending', '$20.01', '$100.00in_1 · Oct 31, 2026', '20% of sale (rule Default) #1'])
    expect(rows()[1]).toEqual(['Oct 31, 2026', 'Reversed', '-$5.00', 'Adjustment', 'Refund of in_1'])
    expect(view!.text()).not.toContain('Load more')
  })

  test('the reason in words and the partner’s money: a lead bounty, a clawback after payout', async () => {
    const lead = commission(1, {
      kind: 'lead',
      saleId: null,
      sale: null,
      amountMinor: 1000,
      reason: 'Lead bounty: flat 1000 USD minor units',
      reasonData: { kind: 'rule', basis: 'flat', rule: { id: 'rul_1', name: 'Lead bounty' }, event: 'lead', amountMinor: 1000, currency: 'USD', capped: false, tier: null },
    })
    const clawback = commission(2, {
      kind: 'clawback',
      amountMinor: -500,
      status: 'approved',
      reason: 'clawback after payout: 2500 of 10000 refunded',
      reasonData: { kind: 'clawback', refundedMinor: 2500, saleAmountMinor: 10_000, currency: 'USD', afterPayout: true },
    })
    open(defaultRoutes({ 'GET /v1/portal/commissions': { data: [lead, clawback], nextCursor: null } }))
    await until(() => expect(rows()).toHaveLength(2))
    expect(rows().map((r) => r[4])).toEqual(['Lead bounty: $10.00 per lead', 'Refund of $25.00 on a $100.00 sale, after payout'])
  })

  test('"Load more" fetches the next page with the cursor and appends it', async () => {
    open(
      defaultRoutes({
        'GET /v1/portal/commissions': ({ url }) =>
          url.searchParams.get('cursor') === 'c2'
            ? { data: [commission(3)], nextCursor: null }
            : { data: [commission(1), commission(2)], nextCursor: 'c2' },
      }),
    )
    await until(() => expect(rows()).toHaveLength(2))
    byText(view!.root, 'button', 'Load more').click()
    await until(() => expect(rows()).toHaveLength(3))
    expect(view!.calls.filter((c) => c.path === '/v1/portal/commissions').map((c) => c.query)).toEqual(['?limit=25', '?limit=25&cursor=c2'])
    expect(rows()[2]![4]).toBe('20% of sale (rule Default) #3')
    expect(view!.text()).not.toContain('Load more')
  })

  test('a failed next page keeps the rows and offers a retry', async () => {
    let fail = true
    open(
      defaultRoutes({
        'GET /v1/portal/commissions': ({ url }) =>
          url.searchParams.get('cursor') ? (fail ? apiError(400, 'invalid_request') : { data: [commission(3)], nextCursor: null }) : { data: [commission(1)], nextCursor: 'c2' },
      }),
    )
    await until(() => expect(rows()).toHaveLength(1))
    byText(view!.root, 'button', 'Load more').click()
    await until(() => expect(view!.$('[role=alert]')).not.toBeNull())
    expect(rows()).toHaveLength(1)
    fail = false
    byText(view!.root, 'button', 'Try again').click()
    await until(() => expect(rows()).toHaveLength(2))
  })

  test('empty, loading and error states', async () => {
    open(defaultRoutes({ 'GET /v1/portal/commissions': { data: [], nextCursor: null } }))
    expect(view!.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(view!.text()).toContain('No commissions yet.'))
    view!.cleanup()
    open(defaultRoutes({ 'GET /v1/portal/commissions': new TypeError('Failed to fetch') }))
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Could not reach the server.'))
  })
})
