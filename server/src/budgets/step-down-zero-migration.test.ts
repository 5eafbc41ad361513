// Migration 0049 on budgets saved with a step down to 0 (accepted before; it dropped each commission past
// the cap without a row): they become holds, so a commission past the cap is kept on hold with its reason.
// Other budgets are left as they were.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { salesProgram } from '../testing-sales.ts'

describe.each(dialects)('migration 0049 (step down to 0) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-06-0048-net-sale-counts', rateLimit: { trustProxy: true } })
  })
  afterEach(() => ctx.close())

  it('turns a step down to 0 into a hold, and keeps every other budget', async () => {
    // Only the program on the old schema: partners and links are made by today's code, after the migration.
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const at = ctx.clock.now().toISOString()
    const budget = (id: string, stepDownBps: number) => ({
      id, program_id: keys.program.id, name: id, scope: 'program' as const, scope_id: null, period: 'month' as const, amount_minor: 1, currency: 'USD',
      over_cap: 'step_down' as const, step_down_bps: stepDownBps, created_at: at, updated_at: at,
    })
    // As the API saved them before: the same rate it now refuses, and a rate it still takes.
    await ctx.db.insertInto('commission_budgets').values([budget('bud_zero', 0), budget('bud_half', 5000)]).execute()
    await ctx.migrateToLatest()
    const { afflio, clicks } = await salesProgram(ctx, 1, keys)

    const budgets = (await afflio.budgets.list()).data
    expect(budgets.map((b) => [b.id, b.overCap, b.stepDownBps]).sort()).toEqual([
      ['bud_half', 'step_down', 5000],
      ['bud_zero', 'hold', null],
    ])
    // A sale past both caps is held (a hold wins over a step down), with its reason: nothing silently dropped.
    const [clickId] = await clicks('P0', 1)
    const { commission } = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId })
    expect(commission).toMatchObject({ amountMinor: 1000, status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: 'bud_zero' } })
  })
})
