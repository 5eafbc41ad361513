// Backtests on each database: past sales priced under the rules in force and proposed ones, through the
// ledger's own pricing (the rules in force reproduce what the ledger paid, tiers and refunds included), writing nothing.
import { AfflioApiError } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { salesProgram } from '../testing-sales.ts'
import { creditedSalesPage } from './backtest-queries.ts'

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AfflioApiError ? { status: e.status, code: e.code, message: e.message } : e))

describe.each(dialects)('rule backtests on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  /** P0 sells 3 × $100, P1 1 × $100 and 1 × $50 over three days, under a 20% rule tiered by sales (Gold from 2: 30%). */
  async function history() {
    const p = await salesProgram(ctx, 3)
    const rule = await p.afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000, tiers: [{ name: 'Gold', from: 2, value: 3000 }], tierMetric: 'sales', tierPeriod: 'month' })
    const [a1, a2, a3] = await p.clicks('P0', 3)
    const [b1, b2] = await p.clicks('P1', 2)
    const sales: Array<[string, string, number]> = [['a1', a1!, 10_000], ['b1', b1!, 10_000], ['a2', a2!, 10_000], ['b2', b2!, 5000], ['a3', a3!, 10_000]]
    for (const [invoiceId, clickId, amountMinor] of sales) {
      ctx.clock.advanceDays(0.5)
      await p.afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId })
    }
    return { ...p, rule }
  }

  it('the rules in force reproduce what the ledger paid; an unchanged proposal changes nothing', async () => {
    const { afflio, rule, partnerIds } = await history()
    const paid = (await afflio.commissions.list()).data.reduce((s, c) => s + c.amountMinor, 0)
    // P0: 2000, 2000, then Gold (2 sales before it): 3000; P1: 2000, then 20% of $50: 1000
    expect(paid).toBe(10_000)
    const same = await afflio.rules.backtest({ days: 30, ruleId: rule.id, edit: {} })
    expect(same).toMatchObject({ sales: 5, totals: [{ currency: 'USD', currentMinor: 10_000, proposedMinor: 10_000, deltaMinor: 0 }], winners: [], losers: [], tierMoves: [] })
    expect(same.partners.map((p) => [p.partnerId, p.currentMinor, p.sales]).sort((a, b) => Number(b[1]) - Number(a[1]))).toEqual([
      [partnerIds[0], 7000, 3],
      [partnerIds[1], 3000, 2],
    ])
  })

  it('leaves out a sale marked fraud: it pays nothing and counts in no tier', async () => {
    const { afflio, rule, partnerIds, keys } = await history()
    const first = (await afflio.commissions.list({ partnerId: partnerIds[0] })).data.at(-1)! // oldest first: a1
    await afflio.commissions.markFraud(first.id, 'stolen card')
    // Left out by the query that reads the sales (countsAsPerformance in SQL), not read and dropped
    const read = await creditedSalesPage(ctx.db, keys.program.id, '2026-01-01T00:00:00.000Z', ctx.clock.now().toISOString(), null, 10)
    expect(read.map((s) => s.id)).toHaveLength(4)
    expect(read.map((s) => s.id)).not.toContain(first.saleId)
    const same = await afflio.rules.backtest({ days: 30, ruleId: rule.id, edit: {} })
    // P0: a2 and a3 at 20%, a3 with one sale before it now (Gold from 2); P1 as before.
    expect(same).toMatchObject({ sales: 4, totals: [{ currency: 'USD', currentMinor: 7000, proposedMinor: 7000, deltaMinor: 0 }] })
    expect(same.partners.map((p) => [p.partnerId, p.currentMinor, p.sales]).sort((a, b) => Number(b[1]) - Number(a[1]))).toEqual([
      [partnerIds[0], 4000, 2],
      [partnerIds[1], 3000, 2],
    ])
  })

  it('an edit: per-partner deltas, winners and tier moves; nothing is written', async () => {
    const { afflio, rule, partnerIds } = await history()
    const before = (await afflio.commissions.list()).data
    // 25%, Gold from 3 sales: P0 would reach it only at a 4th sale
    const edited = await afflio.rules.backtest({ days: 30, ruleId: rule.id, edit: { value: 2500, tiers: [{ name: 'Gold', from: 3, value: 3000 }] } })
    expect(edited.totals).toEqual([{ currency: 'USD', currentMinor: 10_000, proposedMinor: 2500 * 3 + 2500 + 1250, deltaMinor: 1250 }])
    expect(edited.winners.map((w) => [w.partnerId, w.deltaMinor])).toEqual([[partnerIds[1], 750], [partnerIds[0], 500]])
    // Named beside their ids, for the console (these partners have an email and no name)
    expect(edited.winners.map((w) => [w.partnerName, w.partnerEmail])).toEqual([[null, 'p1@acme.io'], [null, 'p0@acme.io']])
    expect(edited.losers).toEqual([])
    expect(edited.tierMoves).toEqual([{ partnerId: partnerIds[0], partnerName: null, partnerEmail: 'p0@acme.io', currentTier: 'Gold', proposedTier: null }])
    expect((await afflio.commissions.list()).data).toEqual(before)
    expect((await afflio.rules.list()).data).toEqual([rule])
  })

  it('a whole rule set, or one more rule: losers, and the period bounds what is repriced', async () => {
    const { afflio, partnerIds } = await history()
    const flat = await afflio.rules.backtest({ days: 30, rules: [{ name: 'Flat', event: 'sale', type: 'flat', value: 500, currency: 'USD' }] })
    expect(flat.totals[0]).toMatchObject({ currentMinor: 10_000, proposedMinor: 2500 })
    expect(flat.losers.map((l) => l.partnerId)).toEqual([partnerIds[0], partnerIds[1]])
    // A partner rule for P1 at 50% (more specific than Standard)
    const more = await afflio.rules.backtest({ days: 30, add: { name: 'Star', event: 'sale', type: 'percent', value: 5000, partnerId: partnerIds[1] } })
    expect(more.winners.map((w) => [w.partnerId, w.proposedMinor])).toEqual([[partnerIds[1], 7500]])
    // The last day only: the sales of 24, 12 and 0 hours ago
    const lastDay = await afflio.rules.backtest({ days: 1, ruleId: (await afflio.rules.list()).data[0]!.id, edit: {} })
    expect(lastDay.sales).toBe(3)
  })

  it('a split sale is repriced as the ledger split it: both partners’ shares, at the policy of the time', async () => {
    const { afflio, partnerIds, clicks } = await salesProgram(ctx, 2)
    const [alice, bob] = partnerIds as [string, string]
    await afflio.settings.update({ couponPolicy: { conflict: 'split', splitClickBps: 5000 } })
    await afflio.couponCodes.create({ partnerId: bob, code: 'BOB' })
    const [click] = await clicks('P0', 1)
    ctx.clock.advanceDays(0.5)
    const sold = await afflio.track.sale({ invoiceId: 'split', amountMinor: 35_000, currency: 'USD', clickId: click!, couponCode: 'BOB' })
    expect([sold.commission?.amountMinor, sold.splitCommission?.amountMinor]).toEqual([1750, 1750])
    // The policy changed since: the sale stays split as it was.
    await afflio.settings.update({ couponPolicy: { conflict: 'click' } })
    const result = await afflio.rules.backtest({ days: 30, rules: [{ name: 'Everyone', event: 'sale', type: 'percent', value: 2000 }] })
    expect(result).toMatchObject({ sales: 1, totals: [{ currency: 'USD', currentMinor: 3500, proposedMinor: 7000, deltaMinor: 3500 }] })
    const shares = result.partners.map((p) => [p.partnerId, p.currentMinor, p.proposedMinor, p.sales]).sort()
    expect(shares).toEqual([[alice, 1750, 3500, 1], [bob, 1750, 3500, 1]].sort())
    // A suspended partner forfeits its share, in the backtest as in the ledger.
    await afflio.partners.update(bob, { status: 'suspended' })
    const alone = await afflio.rules.backtest({ days: 30, rules: [{ name: 'Everyone', event: 'sale', type: 'percent', value: 2000 }] })
    expect(alone.partners.map((p) => [p.partnerId, p.currentMinor, p.proposedMinor])).toEqual([[alice, 1750, 3500]])
  })

  it('a split sale counts toward each partner’s revenue tier by its part, as the ledger counts it', async () => {
    const { afflio, partnerIds, clicks } = await salesProgram(ctx, 2)
    const [ann, bo] = partnerIds as [string, string]
    await afflio.settings.update({ couponPolicy: { conflict: 'split', splitClickBps: 5000 } })
    await afflio.couponCodes.create({ partnerId: bo, code: 'BOCODE' })
    // 10%, Gold (20%) from $150 of revenue this month
    const rule = await afflio.rules.create({ name: 'Revenue tiers', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Gold', from: 15_000, value: 2000 }], tierMetric: 'revenue', tierPeriod: 'month' })
    const [c1, c2] = await clicks('P0', 2)
    const sell = async (invoiceId: string, amountMinor: number, via: { clickId?: string; couponCode?: string }) => {
      ctx.clock.advanceDays(0.25)
      return afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', ...via })
    }
    // $200 shared: Ann (the click) and Bo (the code) each count $100 of it. Each quote is 10%, $20; they share it.
    const split = await sell('split', 20_000, { clickId: c1!, couponCode: 'BOCODE' })
    expect([split.commission?.amountMinor, split.splitCommission?.amountMinor]).toEqual([1000, 1000])
    // Ann alone: $100 counted, under Gold's $150: 10%. (Counting the whole $200 for Ann would make it Gold.)
    expect((await sell('ann', 10_000, { clickId: c2! })).commission?.amountMinor).toBe(1000)
    // Bo alone, by the code: $100 counted, 10%; then $200 counted: Gold, 20% of $120.
    expect((await sell('bo1', 10_000, { couponCode: 'BOCODE' })).commission?.amountMinor).toBe(1000)
    expect((await sell('bo2', 12_000, { couponCode: 'BOCODE' })).commission?.amountMinor).toBe(2400)
    const paid = new Map<string, number>()
    for (const c of (await afflio.commissions.list()).data) paid.set(c.partnerId, (paid.get(c.partnerId) ?? 0) + c.amountMinor)
    expect(Object.fromEntries(paid)).toEqual({ [ann]: 2000, [bo]: 4400 })

    // The rules in force, backtested, pay what the ledger paid, partner by partner
    const same = await afflio.rules.backtest({ days: 30, ruleId: rule.id, edit: {} })
    expect(same).toMatchObject({ sales: 4, totals: [{ currency: 'USD', currentMinor: 6400, proposedMinor: 6400, deltaMinor: 0 }], tierMoves: [] })
    expect(Object.fromEntries(same.partners.map((p) => [p.partnerId, [p.currentMinor, p.proposedMinor, p.sales]]))).toEqual({ [ann]: [2000, 2000, 2], [bo]: [4400, 4400, 3] })
  })

  it('a refunded sale pays what its refunds left, as the ledger does; one refunded in full is no sale', async () => {
    const { afflio, partnerIds, clicks } = await salesProgram(ctx, 3)
    const [p0, p1, p2] = partnerIds as [string, string, string]
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    await afflio.settings.update({ secondTierRateBps: 1000 })
    await afflio.partners.update(p1, { referredById: p2 }) // P2 earns 10% of P1's commissions
    const [a1, a2] = await clicks('P0', 2)
    const [b1, b2] = await clicks('P1', 2)
    const sales: Array<[string, string, number]> = [['a1', a1!, 10_000], ['a2', a2!, 10_000], ['b1', b1!, 5000], ['b2', b2!, 3333]]
    for (const [invoiceId, clickId, amountMinor] of sales) {
      ctx.clock.advanceDays(0.5)
      await afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId })
    }
    await afflio.track.refund({ invoiceId: 'a1' }) // in full: its $20 reversed
    await afflio.track.refund({ invoiceId: 'b1', amountMinor: 1250 }) // a quarter: $2.50 of its $10 back, $0.25 of the $1 override
    await afflio.track.refund({ invoiceId: 'b2', amountMinor: 1111 }) // a third: $2.22 of $6.67 back, $0.22 of $0.67
    const owed = new Map<string, number>()
    for (const b of await afflio.payouts.balances()) owed.set(b.partnerId, b.pendingMinor + b.onHoldMinor + b.approvedMinor + b.inPayoutMinor + b.paidMinor)
    expect(Object.fromEntries(owed)).toEqual({ [p0]: 2000, [p1]: 750 + 445, [p2]: 75 + 45 })

    // The rules in force pay each partner what the ledger says it is owed, and count sales as every surface does
    const same = await afflio.rules.backtest({ days: 30, ruleId: rule.id, edit: {} })
    expect(Object.fromEntries(same.partners.map((p) => [p.partnerId, [p.currentMinor, p.proposedMinor, p.sales]]))).toEqual({ [p0]: [2000, 2000, 1], [p1]: [1195, 1195, 2], [p2]: [120, 120, 0] })
    expect(same).toMatchObject({ sales: 3, totals: [{ currency: 'USD', currentMinor: 3315, proposedMinor: 3315, deltaMinor: 0 }] })
    expect((await afflio.partners.list()).data.reduce((n, p) => n + p.performance.sales, 0)).toBe(3)
    // A proposal is netted the same way: at 30%, a2 $30; b1 $15 less a quarter, its override $1.50 less $0.38;
    // b2 $10 less $3.33, its override $1 less $0.33
    const raised = await afflio.rules.backtest({ days: 30, ruleId: rule.id, edit: { value: 3000 } })
    expect(raised.totals).toEqual([{ currency: 'USD', currentMinor: 3315, proposedMinor: 3000 + 1125 + 112 + 667 + 67, deltaMinor: 4971 - 3315 }])
  })

  it('refuses a bad proposal', async () => {
    const { afflio } = await history()
    expect(await failure(afflio.rules.backtest({ days: 0, rules: [] }))).toMatchObject({ status: 400 })
    expect(await failure(afflio.rules.backtest({ days: 366, rules: [] }))).toMatchObject({ status: 400 })
    expect(await failure(afflio.rules.backtest({ days: 30 } as never))).toMatchObject({ status: 400, message: expect.stringContaining('give one of rules') })
    expect(await failure(afflio.rules.backtest({ days: 30, rules: [{ name: 'x', event: 'lead', type: 'percent', value: 1 }] }))).toMatchObject({ status: 400, message: 'rules.0.type: a lead has no amount: lead rules are flat' })
    expect(await failure(afflio.rules.backtest({ days: 30, ruleId: 'rul_0000000000000000000000aa', edit: {} }))).toMatchObject({ status: 404 })
  })
})
