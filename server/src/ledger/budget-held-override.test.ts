// A budget that holds a recruit's commission holds the recruiter's override with it, and counts both as held:
// the override keeps the budget's hold reason (it names no customer), which the budget's sums go by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('a budget holding an override on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect })))
  afterEach(() => ctx.close())

  it("counts the held override in the budget's heldMinor, and the recruiter reads only that a budget held it", async () => {
    const p = await payoutProgram(ctx, { holdingDays: 0, secondTierRateBps: 1000 })
    const rita = await p.partner('Rita')
    const bee = await p.partner('Bee')
    await p.afflio.partners.update(bee.id, { referredById: rita.id })
    const budget = await p.afflio.budgets.create({ name: 'Tiny', scope: 'program', period: 'month', amountMinor: 1, currency: 'USD' })
    const click = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-forwarded-for': '198.51.100.7' }, body: JSON.stringify({ key: p.keys.publishableKey, code: bee.code }) })
    const { clickId } = (await click.json()) as { clickId: string }
    const own = (await p.afflio.track.sale({ invoiceId: 'in_2', amountMinor: 10_000, currency: 'USD', clickId })).commission!
    const override = (await p.afflio.commissions.list({ partnerId: rita.id })).data[0]!
    expect(own).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: budget.id } })
    expect(override).toMatchObject({ kind: 'override', status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: budget.id } })
    expect((await p.afflio.budgets.status(budget.id)).heldMinor).toBe(own.amountMinor + override.amountMinor)
    const { token } = await p.afflio.embedTokens.create({ partnerId: rita.id })
    const portal = await (await ctx.app.request('/v1/portal/commissions', { headers: { authorization: `Bearer ${token}` } })).json()
    expect(portal.data[0].holdReasonData).toEqual({ kind: 'budget' })
  })
})
