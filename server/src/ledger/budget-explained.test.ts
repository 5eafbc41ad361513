// A split sale stepped down by a budget, and a commission held by one, as the program and as the partner
// see them: each step's amount is in the reason data (the rule's, the pool, the share, the step-down), and a
// partner is told a budget was reached, never which one or how full it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { splitSalesProgram } from '../testing-sales.ts'

describe.each(dialects)('budgets explained on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  const program = () => splitSalesProgram(ctx)

  it('a split sale stepped down: the rule’s amount, the pool, the share and the step-down, the budget unnamed in the portal', async () => {
    const p = await program()
    const budget = await p.afflio.budgets.create({ name: 'Monthly', scope: 'program', period: 'month', amountMinor: 1, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
    const [click] = await p.clicks('P0', 1)
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    const sold = await p.afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId: click!, couponCode: 'carol10' })
    // 35% of $100 is $35, Carol's 30% is $30: the pool is the lower, $30; half of it $15; stepped down to half, $7.50.
    const own = sold.commission!
    expect(own).toMatchObject({ partnerId: p.alice, amountMinor: 750 })
    const stepDown = { budgetId: budget.id, budgetName: 'Monthly', stepDownBps: 5000, fullAmountMinor: 1500 }
    expect(own.reasonData).toMatchObject({ rateBps: 3500, split: { via: 'click', shareBps: 5000, poolMinor: 3000, ruleMinor: 3500 }, stepDown })
    expect(sold.splitCommission).toMatchObject({ partnerId: p.carol, amountMinor: 750, reasonData: { rateBps: 3000, split: { via: 'code', poolMinor: 3000, ruleMinor: 3000 }, stepDown } })
    expect((await p.afflio.commissions.explain(own.id)).decision?.amount).toMatchObject({ stepDown })

    // Alice's portal: the same steps, the budget neither named nor identified, in the data or the English.
    const portal = await p.portalOf(p.alice)
    const listed = (await portal.commissions.list()).data.find((c) => c.id === own.id)!
    expect(listed.reasonData).toMatchObject({ split: { poolMinor: 3000, ruleMinor: 3500 }, stepDown: { stepDownBps: 5000, fullAmountMinor: 1500 } })
    expect(listed.reason).toBe('Performance tiers: 35% of sale, split by click: 50% of 3000 (budget reached: 50% of 1500)')
    const explained = await portal.commissions.explain(own.id)
    for (const body of [listed, explained]) expect(JSON.stringify(body)).not.toMatch(/Monthly|bud_/)
    expect(explained.reason).toMatchObject({ stepDown: { stepDownBps: 5000, fullAmountMinor: 1500 } })
  })

  it('a commission held by a budget: the console has the budget and its figures, the portal that the program’s budget is reached', async () => {
    const p = await program()
    await p.afflio.budgets.create({ name: 'Monthly', scope: 'program', period: 'month', amountMinor: 5000, currency: 'USD' })
    const clicks = await p.clicks('P0', 2)
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    await p.afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId: clicks[0]! })
    const held = (await p.afflio.track.sale({ invoiceId: 'in_2', amountMinor: 10_000, currency: 'USD', clickId: clicks[1]! })).commission!
    expect(held).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'budget', budgetName: 'Monthly', capMinor: 5000, spentMinor: 3500 } })
    expect((await p.afflio.commissions.explain(held.id)).decision?.holding.budget).toMatchObject({ budgetName: 'Monthly', capMinor: 5000 })

    const portal = await p.portalOf(p.alice)
    const listed = (await portal.commissions.list()).data.find((c) => c.id === held.id)!
    expect(listed).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'budget' }, holdReason: "budget reached: the program's commission budget for this period" })
    expect(listed.holdReasonData).toEqual({ kind: 'budget' })
    const explained = await portal.commissions.explain(held.id)
    expect(explained.decision?.holding.budget).toEqual({ kind: 'budget' })
    for (const body of [listed, explained]) expect(JSON.stringify(body)).not.toMatch(/Monthly|bud_|minor units|5000/)
  })
})
