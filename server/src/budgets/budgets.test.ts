// Budgets on each database: the API (CRUD, status, audit), and the cap under 50 sales at once at the
// boundary: never more paid than the budget, the rest held whole with the reason "budget reached", or
// stepped down when the budget says so.
import { AfflioApiError } from '@afflio/sdk'
import type { Commission } from '@afflio/sdk/types'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { salesProgram as program } from '../testing-sales.ts'

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AfflioApiError ? { status: e.status, code: e.code, message: e.message } : e))

describe.each(dialects)('budgets on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  it('creates, edits, reads and deletes budgets, checking their settings, in the audit log', async () => {
    const { afflio } = await program(ctx, 0)
    expect(await failure(afflio.budgets.create({ name: 'x', scope: 'program', period: 'month', amountMinor: 100, currency: 'USD', overCap: 'step_down' }))).toMatchObject({ status: 400, message: 'stepDownBps: required when overCap is step_down' })
    expect(await failure(afflio.budgets.create({ name: 'x', scope: 'group', period: 'month', amountMinor: 100, currency: 'USD' }))).toMatchObject({ status: 400, message: 'scopeId: required: the group the budget caps' })
    expect(await failure(afflio.budgets.create({ name: 'x', scope: 'group', scopeId: 'grp_x', period: 'month', amountMinor: 100, currency: 'USD' }))).toMatchObject({ status: 404 })
    expect(await failure(afflio.budgets.create({ name: 'x', scope: 'program', period: 'week' as never, amountMinor: 100, currency: 'USD' }))).toMatchObject({ status: 400 })
    expect(await failure(afflio.budgets.create({ name: 'x', scope: 'program', period: 'month', amountMinor: 0, currency: 'USD' }))).toMatchObject({ status: 400 })
    // A step down to 0 would drop commissions without a trace: a hold is the hard stop.
    const zero = { name: 'x', scope: 'program', period: 'month', amountMinor: 100, currency: 'USD', overCap: 'step_down', stepDownBps: 0 } as const
    expect(await failure(afflio.budgets.create(zero))).toMatchObject({ status: 400, message: 'stepDownBps: at least 1: to pay nothing past the cap, use overCap hold' })

    const b = await afflio.budgets.create({ name: 'November', scope: 'program', period: 'month', amountMinor: 50_000, currency: 'USD' })
    expect(b).toMatchObject({ name: 'November', scope: 'program', scopeId: null, scopeName: null, overCap: 'hold', stepDownBps: null, amountMinor: 50_000 })
    expect(await failure(afflio.budgets.update(b.id, { stepDownBps: 5000 }))).toMatchObject({ status: 400, message: 'stepDownBps: only a step_down budget has a step-down rate' })
    const edited = await afflio.budgets.update(b.id, { overCap: 'step_down', stepDownBps: 5000, amountMinor: 60_000 })
    expect(edited).toMatchObject({ overCap: 'step_down', stepDownBps: 5000, amountMinor: 60_000 })
    expect(await failure(afflio.budgets.update(b.id, { stepDownBps: 0 }))).toMatchObject({ status: 400, message: 'stepDownBps: at least 1: to pay nothing past the cap, use overCap hold' })
    expect(await afflio.budgets.update(b.id, { overCap: 'hold' })).toMatchObject({ overCap: 'hold', stepDownBps: null })
    expect((await afflio.budgets.list()).data.map((x) => x.id)).toEqual([b.id])
    expect(await afflio.budgets.status(b.id)).toMatchObject({ periodStart: '2026-11-01T00:00:00.000Z', periodEnd: '2026-12-01T00:00:00.000Z', spentMinor: 0, remainingMinor: 60_000, runsOutAt: null, reached: false })
    await afflio.budgets.delete(b.id)
    expect(await failure(afflio.budgets.status(b.id))).toMatchObject({ status: 404 })
    const audit = (await afflio.auditLog.list({ subjectType: 'budget', subjectId: b.id })).data
    expect(audit.map((a) => a.action)).toEqual(['budget.deleted', 'budget.changed', 'budget.changed', 'budget.created'])
  })

  it('leaves no currency the program pays in uncapped: a flat rule or a budget that would is refused until each currency has its budget', async () => {
    const { afflio, clicks } = await program(ctx, 1)
    const eurRule = { name: 'EUR bounty', event: 'sale', type: 'flat', value: 900, currency: 'EUR' } as const
    // A program budget in USD: a flat rule paying EUR would pay past it, as no budget counts EUR.
    const usd = await afflio.budgets.create({ name: 'USD', scope: 'program', period: 'month', amountMinor: 100_000, currency: 'USD' })
    expect(await failure(afflio.rules.create(eurRule))).toMatchObject({ status: 409, code: 'conflict' })
    const ruleUsd = await afflio.rules.create({ ...eurRule, name: 'USD bounty', currency: 'USD' })
    expect(await failure(afflio.rules.update(ruleUsd.id, { currency: 'EUR' }))).toMatchObject({ status: 409, code: 'conflict' })
    // A budget in another currency than the ones paid in leaves them capped: a GBP one is taken.
    await afflio.budgets.create({ name: 'GBP', scope: 'program', period: 'month', amountMinor: 100, currency: 'GBP' })
    // With an EUR budget the rule is taken, and the EUR commission is capped by it.
    await afflio.budgets.create({ name: 'EUR', scope: 'program', period: 'month', amountMinor: 500, currency: 'EUR' })
    await afflio.rules.update(ruleUsd.id, { currency: 'EUR' })
    const [click] = await clicks('P0', 1)
    const sale = await afflio.track.sale({ invoiceId: 'in_eur', amountMinor: 10_000, currency: 'USD', clickId: click! })
    expect(sale.commission).toMatchObject({ currency: 'EUR', amountMinor: 900, status: 'on_hold', holdReasonData: { kind: 'budget', currency: 'EUR' } })
    // Moving the USD budget to a currency nobody is paid in would leave USD (the program's) uncapped.
    expect(await failure(afflio.budgets.update(usd.id, { currency: 'JPY' }))).toMatchObject({ status: 409, code: 'conflict' })
  })

  it('takes the budgets of a program paying in two currencies one after the other', async () => {
    const { afflio } = await program(ctx, 0)
    await afflio.rules.create({ name: 'EUR bounty', event: 'sale', type: 'flat', value: 900, currency: 'EUR' })
    // Each closes a gap: the first leaves the other currency uncapped until the second.
    await afflio.budgets.create({ name: 'EUR', scope: 'program', period: 'month', amountMinor: 500, currency: 'EUR' })
    await afflio.budgets.create({ name: 'USD', scope: 'program', period: 'month', amountMinor: 500, currency: 'USD' })
    expect((await afflio.budgets.list()).data.map((b) => b.currency).sort()).toEqual(['EUR', 'USD'])
  })

  it('50 sales at once at the boundary: pays exactly what fits, holds the rest whole as "budget reached"', async () => {
    const { afflio, codes, clicks } = await program(ctx, 5)
    // $30 sales at 10%: $3 each; $100 fits 33 of them (the 34th would make $102).
    const budget = await afflio.budgets.create({ name: 'November', scope: 'program', period: 'month', amountMinor: 10_000, currency: 'USD' })
    const ids = (await Promise.all(codes.map((c) => clicks(c, 10)))).flat()
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    const results = await Promise.all(ids.map((clickId, i) => afflio.track.sale({ invoiceId: `inv_${i}`, amountMinor: 3000, currency: 'USD', clickId })))
    const commissions = results.map((r) => r.commission!) as Commission[]
    const paid = commissions.filter((c) => c.status !== 'on_hold')
    const held = commissions.filter((c) => c.status === 'on_hold')
    expect(paid.length).toBe(33)
    expect(held.length).toBe(17)
    expect(paid.reduce((s, c) => s + c.amountMinor, 0)).toBe(9900)
    for (const c of held) {
      expect(c.amountMinor).toBe(300) // held whole, never split
      expect(c.holdReasonData).toMatchObject({ kind: 'budget', budgetId: budget.id, capMinor: 10_000, spentMinor: 9900 })
      expect(c.holdReason).toBe('budget reached: November had 100 of 10000 USD minor units left')
    }
    const status = await afflio.budgets.status(budget.id)
    expect(status).toMatchObject({ spentMinor: 9900, remainingMinor: 100, heldMinor: 17 * 300, reached: false })

    // Released by hand, a held commission is the program's choice: it counts, past the cap.
    await afflio.commissions.release(held[0]!.id, 'worth it')
    expect(await afflio.budgets.status(budget.id)).toMatchObject({ spentMinor: 10_200, reached: true, runsOutAt: ctx.clock.now().toISOString() })
  })

  it('steps the rate down past the cap when the budget says so, for 50 sales at once', async () => {
    const { afflio, codes, clicks } = await program(ctx, 5)
    const budget = await afflio.budgets.create({ name: 'Soft cap', scope: 'program', period: 'month', amountMinor: 1000, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
    const ids = (await Promise.all(codes.map((c) => clicks(c, 10)))).flat()
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    const results = await Promise.all(ids.map((clickId, i) => afflio.track.sale({ invoiceId: `inv_${i}`, amountMinor: 3000, currency: 'USD', clickId })))
    const amounts = results.map((r) => r.commission!.amountMinor)
    expect(amounts.filter((a) => a === 300).length).toBe(3)
    expect(amounts.filter((a) => a === 150).length).toBe(47)
    const stepped = results.map((r) => r.commission!).find((c) => c.amountMinor === 150)!
    expect(stepped.status).toBe('pending')
    expect(stepped.reasonData).toMatchObject({ kind: 'rule', stepDown: { budgetId: budget.id, stepDownBps: 5000, fullAmountMinor: 300 } })
    expect(stepped.reason).toBe('program default: 10% of sale (budget Soft cap reached: 50% of 300)')
  })

  it('a group budget caps its partners only; another currency is not counted', async () => {
    const { afflio, clicks } = await program(ctx, 2)
    const group = await afflio.groups.create({ name: 'Coupons' })
    const partners = (await afflio.partners.list()).data
    const p0 = partners.find((p) => p.email === 'p0@acme.io')!
    await afflio.partners.update(p0.id, { groupId: group.id })
    const sites = await afflio.budgets.create({ name: 'Coupon sites', scope: 'group', scopeId: group.id, period: 'total', amountMinor: 500, currency: 'USD' })
    expect(sites).toMatchObject({ scopeId: group.id, scopeName: 'Coupons' }) // named, for the console
    const [a1, a2, a3] = await clicks('P0', 3)
    const [b1] = await clicks('P1', 1)
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    const sale = async (invoiceId: string, clickId: string, currency = 'USD') => (await afflio.track.sale({ invoiceId, amountMinor: 3000, currency, clickId })).commission!
    expect((await sale('g1', a1!)).status).toBe('pending')
    const heldOne = await sale('g2', a2!)
    expect(heldOne.status).toBe('on_hold') // 300 + 300 > 500
    // Its decision record says why it waits: the budget and what it had left.
    expect((await afflio.commissions.explain(heldOne.id)).decision?.holding).toMatchObject({ status: 'on_hold', budget: { kind: 'budget', budgetName: 'Coupon sites', capMinor: 500, spentMinor: 300 } })
    expect((await sale('g3', a3!, 'EUR')).status).toBe('pending') // a EUR commission: the USD budget does not count it
    expect((await sale('o1', b1!)).status).toBe('pending') // not in the group
  })

  it('a challenge budget caps its bonuses: a bonus that does not fit is held, another challenge is not capped', async () => {
    const { afflio, clicks } = await program(ctx, 2)
    const window = { startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z' }
    const sprint = await afflio.challenges.create({ name: 'Sprint', metric: 'sales', target: 1, ...window, reward: { amountMinor: 5000, currency: 'USD' } })
    await afflio.challenges.create({ name: 'Other', metric: 'sales', target: 1, ...window, reward: { amountMinor: 100, currency: 'USD' } })
    const budget = await afflio.budgets.create({ name: 'Sprint pot', scope: 'challenge', scopeId: sprint.id, period: 'total', amountMinor: 8000, currency: 'USD' })
    const [a] = await clicks('P0', 1)
    const [b] = await clicks('P1', 1)
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    await afflio.track.sale({ invoiceId: 's1', amountMinor: 1000, currency: 'USD', clickId: a! })
    await ctx.drain()
    await afflio.track.sale({ invoiceId: 's2', amountMinor: 1000, currency: 'USD', clickId: b! })
    await ctx.drain()
    const bonuses = (await afflio.commissions.list()).data.filter((c) => c.kind === 'bonus')
    const sprintBonuses = bonuses.filter((c) => c.amountMinor === 5000)
    expect(sprintBonuses.map((c) => c.status).sort()).toEqual(['on_hold', 'pending']) // 5000 fits 8000 once
    expect(sprintBonuses.find((c) => c.status === 'on_hold')!.holdReasonData).toMatchObject({ kind: 'budget', budgetId: budget.id, spentMinor: 5000 })
    expect(bonuses.filter((c) => c.amountMinor === 100).map((c) => c.status)).toEqual(['pending', 'pending'])
    expect(await afflio.budgets.status(budget.id)).toMatchObject({ budget: { scopeId: sprint.id, scopeName: 'Sprint' }, spentMinor: 5000, heldMinor: 5000, forecastMinor: null })
    expect((await afflio.budgets.statuses()).data.map((x) => x.budget.scopeName)).toEqual(['Sprint'])
    expect((await afflio.budgets.list()).data.map((b) => b.scopeName)).toEqual(['Sprint'])
  })
})
