import type { CommissionExplanation } from '@afflio/sdk/types'
import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, commission, defaultRoutes, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

function open(routes = defaultRoutes()) {
  view = render(routes)
  byText(view.root, '[role=tab]', 'Commissions').click()
  return view
}

// A cell's text without its "Why this amount?" button (tested below)
const cellText = (td: Element) => [...td.childNodes].filter((n) => !(n as Element).classList?.contains('why')).map((n) => n.textContent).join('')
const rows = () => view!.$$('tbody tr').map((tr) => [...tr.querySelectorAll('td')].map(cellText))

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

  test('"Why this amount?" loads the explanation and shows the rule and the click', async () => {
    open(defaultRoutes({ 'GET /v1/portal/commissions': { data: [commission(1)], nextCursor: null }, 'GET /v1/portal/commissions/com_1/explanation': explanation }))
    await until(() => expect(rows()).toHaveLength(1))
    const why = byText(view!.root, 'button', 'Why this amount?')
    why.click()
    await until(() => expect(view!.$('.why dl')).not.toBeNull())
    expect(why.getAttribute('aria-expanded')).toBe('true')
    const text = view!.$('.why dl')!.textContent
    expect(text).toContain('Partners v2: applied')
    expect(text).toContain('Click clk_1 on Oct 30, 2026: the last click in the 30-day window')
    expect(text).toContain('Other clicks weighed: 1')
    expect(text).not.toContain('No fraud rule tripped') // the portal is not told which checks passed
    byText(view!.root, 'button', 'Hide').click()
    await until(() => expect(view!.$('.why dl')).toBeNull())
  })

  test('a split share stepped down by a budget reads in steps that add up; a budget’s hold names no budget', async () => {
    // As the portal's API gives it: the step-down and the hold without the budget's name or figures
    const reasonData = {
      kind: 'rule',
      basis: 'percent',
      rule: { id: 'rul_1', name: 'Performance tiers', version: 1 },
      rateBps: 3500,
      saleAmountMinor: 10_000,
      currency: 'USD',
      tier: null,
      split: { via: 'click', shareBps: 5000, poolMinor: 3000, ruleMinor: 3500 },
      stepDown: { stepDownBps: 5000, fullAmountMinor: 1500 },
    } as const
    const shared = commission(1, { amountMinor: 750, status: 'on_hold', reasonData, reason: 'Performance tiers: 35% of sale, split by click: 50% of 3000 (budget reached: 50% of 1500)', holdReasonData: { kind: 'budget' } })
    const decided = { ...explanation.decision!, amount: reasonData, holding: { status: 'on_hold' as const, approveAt: '2026-11-30T12:00:00.000Z', holdingDays: 30, budget: { kind: 'budget' as const } } }
    const explained: CommissionExplanation = { ...explanation, amountMinor: 750, status: 'on_hold', reason: reasonData, decision: decided }
    open(defaultRoutes({ 'GET /v1/portal/commissions': { data: [shared], nextCursor: null }, 'GET /v1/portal/commissions/com_1/explanation': explained }))
    await until(() => expect(rows()).toHaveLength(1))
    const steps = [
      'Performance tiers v1: 35% of a $100.00 sale = $35.00',
      'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00',
      'The program’s commission budget for this period is reached: 50% of $15.00 = $7.50',
    ]
    expect(rows()[0]![2]).toBe('$7.50')
    expect(rows()[0]![4]!.replace(/\u00a0/g, ' ')).toBe(steps.join('. '))
    byText(view!.root, 'button', 'Why this amount?').click()
    await until(() => expect(view!.$('.why dl')).not.toBeNull())
    const lines = (label: string) => {
      const dt = view!.$$('.why dt').find((d) => d.textContent === label)!
      const dd = dt.nextElementSibling!
      return (dd.children.length ? [...dd.children].map((c) => c.textContent) : [dd.textContent]).map((x) => x!.replace(/\u00a0/g, ' '))
    }
    expect(lines('Amount')).toEqual(steps)
    expect(lines('Holding period')).toEqual(['Held: the program’s commission budget for this period is reached', '30 days, until Nov 30, 2026'])
    expect(view!.text()).not.toMatch(/minor units|Monthly/)
  })

  test('a missing commission is reported under the commissions, and its status is shown', async () => {
    open(
      defaultRoutes({
        'GET /v1/portal/commissions': { data: [commission(1)], nextCursor: null },
        'POST /v1/portal/claims': ({ body }) => ({ id: 'clm_1', ...(body as object), status: 'pending', reason: null, commissionId: null, createdAt: '2026-11-01T00:00:00.000Z', decidedAt: null }),
      }),
    )
    await until(() => expect(view!.$('#claim-invoiceId')).not.toBeNull())
    byText(view!.root, 'button', 'Report missing commission').click()
    await until(() => expect(view!.text()).toContain('This is required.'))
    const type = (id: string, value: string) => {
      const input = view!.$<HTMLInputElement>(`#claim-${id}`)!
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }
    type('invoiceId', 'in_9')
    // A day after today, and a third decimal of a dollar: refused in words, nothing sent.
    type('occurredAt', '2999-01-01')
    type('amount', '49.905')
    byText(view!.root, 'button', 'Report missing commission').click()
    await until(() => expect(view!.text()).toContain('The sale cannot be later than today.'))
    expect(view!.text()).toContain('USD has 2 decimals.') // why, as every money field says it
    type('amount', '0')
    byText(view!.root, 'button', 'Report missing commission').click()
    await until(() => expect(view!.text()).toContain("Enter an amount above 0, in the currency's decimals."))
    expect(view!.$('#claim-occurredAt')!.getAttribute('max')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(view!.calls.filter((c) => c.method === 'POST')).toEqual([])
    type('occurredAt', '2026-10-30')
    type('amount', '1,049.90')
    byText(view!.root, 'button', 'Report missing commission').click()
    await until(() => expect(view!.calls.find((c) => c.method === 'POST')?.body).toEqual({ invoiceId: 'in_9', occurredAt: '2026-10-30', amountMinor: 104_990, currency: 'USD' }))
    await until(() => expect(view!.text()).toContain('Reported. The program will review it.'))
    expect(rows().at(-1)).toEqual(['in_9', 'Oct 30, 2026', 'Pending'])
  })
})

const explanation: CommissionExplanation = {
  commissionId: 'com_1',
  kind: 'sale',
  amountMinor: 2001,
  currency: 'USD',
  status: 'pending',
  reason: { kind: 'rule', basis: 'percent', rule: { id: 'rul_1', name: 'Partners', version: 2 }, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD', tier: null },
  decisionOf: 'com_1',
  history: [{ kind: 'created', at: '2026-10-31T12:00:00.000Z', status: 'pending' }],
  decision: {
    version: 1,
    decidedAt: '2026-10-31T12:00:00.000Z',
    event: 'sale',
    sale: { id: 'sal_1', amountMinor: 10_000, currency: 'USD', occurredAt: '2026-10-31T12:00:00.000Z', paymentNumber: 1 },
    attribution: { by: 'click', model: 'last_click', windowDays: 30, clickId: 'clk_1', customer: null, otherClicks: 1, clicks: [{ id: 'clk_1', partnerId: 'prt_1', createdAt: '2026-10-30T12:00:00.000Z', outcome: 'credited', named: false }] },
    rules: { considered: [{ id: 'rul_1', name: 'Partners', version: 2, outcome: 'applied' }], applied: { id: 'rul_1', name: 'Partners', version: 2 } },
    tier: null,
    fraud: { hold: null, flags: [] },
    holding: { status: 'pending', approveAt: '2026-11-30T12:00:00.000Z', holdingDays: 30 },
    amount: { kind: 'rule', basis: 'percent', rule: { id: 'rul_1', name: 'Partners', version: 2 }, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD', tier: null },
  },
}
