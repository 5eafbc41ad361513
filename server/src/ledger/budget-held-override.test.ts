// A budget that holds a recruit's commission holds the recruiter's override with it, and counts both as held:
// the override keeps the budget's hold reason (it names no customer), which the budget's sums go by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { recruiterProgram } from '../testing-recruits.ts'

describe.each(dialects)('a budget holding an override on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect })))
  afterEach(() => ctx.close())

  it("counts the held override in the budget's heldMinor, and the recruiter reads only that a budget held it", async () => {
    const p = await recruiterProgram(ctx)
    const budget = await p.afflio.budgets.create({ name: 'Tiny', scope: 'program', period: 'month', amountMinor: 1, currency: 'USD' })
    const own = (await p.afflio.track.sale({ invoiceId: 'in_2', amountMinor: 10_000, currency: 'USD', clickId: await p.clickRecruit() })).commission!
    const override = await p.recruiterRow()
    expect(own).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: budget.id } })
    expect(override).toMatchObject({ kind: 'override', status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: budget.id } })
    expect((await p.afflio.budgets.status(budget.id)).heldMinor).toBe(own.amountMinor + override.amountMinor)
    expect((await (await p.recruiterPortal()).json()).data[0].holdReasonData).toEqual({ kind: 'budget' })
  })
})
