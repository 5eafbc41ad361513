// A commission's notice says when it is paid only as the payout rules make it true: not "in your next
// payout" while the partner's approved balance is below the program's minimum, nor while the commission
// waits out its holding period. Through the real app, its reactions and database.
import { AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { type Earner, payoutProgram } from '../testing-payouts.ts'
import { recruiterProgram } from '../testing-recruits.ts'
import { statementsOf } from '../testing-statements.ts'

describe.each(dialects)('when a commission’s notice says it is paid, on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect })))
  afterEach(() => ctx.close())

  const noticesOf = async (p: Awaited<ReturnType<typeof payoutProgram>>, who: Earner) => {
    await ctx.drain()
    const fetch = ((i: string, init?: RequestInit) => ctx.app.request(i, init)) as typeof globalThis.fetch
    const portal = new AfflioPortal({ token: (await p.afflio.embedTokens.create({ partnerId: who.id })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    return (await portal.notices.list()).data.map((n) => n.body)
  }

  it('below the program’s minimum: approved, paid once the balance reaches it; at the minimum: in the next payout', async () => {
    const p = await payoutProgram(ctx, { holdingDays: 0, payoutMinimums: { USD: 5000 } })
    const ana = await p.partner('Ana', { method: 'paypal', email: 'ana@paypal.test' })
    await p.sell(ana, 4200)
    const [first] = await noticesOf(p, ana)
    expect(first).not.toContain('next payout')
    expect(first).toContain("It is approved. Your approved balance, USD 42.00, is paid once it reaches the program's minimum payout of USD 50.00.")

    ctx.clock.set(new Date(ctx.clock.now().getTime() + 1000).toISOString())
    await p.sell(ana, 900) // 51.00 approved: the next run pays it
    const [second] = await noticesOf(p, ana)
    expect(second).toContain('It is approved and will be in your next payout.')
  })

  it('a won deal of a recruited partner: the deal’s notice tells the partner, the override’s the recruiter, one each', async () => {
    const p = await payoutProgram(ctx, { holdingDays: 0, payoutMinimums: { USD: 0 }, secondTierRateBps: 1000 })
    const rita = await p.partner('Rita', { method: 'paypal', email: 'rita@paypal.test' })
    const rob = await p.partner('Rob', { method: 'paypal', email: 'rob@paypal.test' })
    await p.afflio.partners.update(rob.id, { referredById: rita.id })
    const fetch = ((i: string, init?: RequestInit) => ctx.app.request(i, init)) as typeof globalThis.fetch
    const portal = new AfflioPortal({ token: (await p.afflio.embedTokens.create({ partnerId: rob.id })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const deal = await portal.deals.register({ company: 'Initech', contactName: 'Bill', contactEmail: 'bill@initech.com' })
    await p.afflio.deals.approve(deal.id)
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 1000).toISOString())
    await p.afflio.deals.markWon(deal.id, { invoiceId: 'inv_initech', amountMinor: 10_000, currency: 'USD' })
    await ctx.drain()
    const robs = (await portal.notices.list()).data
    expect(robs.map((n) => n.title).sort()).toEqual(['Deal approved: Initech', 'Deal won: Initech'])
    expect(robs.find((n) => n.title === 'Deal won: Initech')!.body).toBe(
      'Initech became a customer. The sale was credited to you. You earned USD 100.00 (Program default: 100% of a USD 100.00 sale). It is approved and will be in your next payout.',
    )
    expect(await noticesOf(p, rita)).toEqual(['You earned USD 10.00 (10% of USD 100.00 earned by a partner you recruited). It is approved and will be in your next payout.'])
  })

  it('without payout details, or in its holding period: never "in your next payout"', async () => {
    const p = await payoutProgram(ctx, { holdingDays: 0, payoutMinimums: { USD: 0 } })
    const bo = await p.partner('Bo')
    await p.sell(bo, 4200)
    expect((await noticesOf(p, bo))[0]).toContain('It is approved, and will be paid once you add your payout details in the portal.')

    const q = await payoutProgram(ctx, { holdingDays: 30, payoutMinimums: { USD: 5000 } })
    const cy = await q.partner('Cy', { method: 'paypal', email: 'cy@paypal.test' })
    await q.sell(cy, 4200)
    const [held] = await noticesOf(q, cy)
    expect(held).toMatch(/It is pending until \d{4}-\d\d-\d\d, when the holding period ends\. Payouts are made once your approved balance is at least USD 50\.00\.$/)
  })

  it.skipIf(dialect !== 'sqlite')('a sale’s reactions read its commissions once, for both notices: no read of take-backs an ordinary sale has none of', async () => {
    const p = await recruiterProgram(ctx)
    // Reactions start as the sale commits: the sale's statements and its reactions', together
    const ran = await statementsOf(async () => {
      await p.sell(p.bee, 10_000)
      await ctx.drain()
    })
    expect(ran.filter((s) => s.includes('where "program_id" = ? and "sale_id" = ?'))).toHaveLength(1)
    expect(await noticesOf(p, p.bee)).toHaveLength(1)
    expect(await noticesOf(p, p.rita)).toHaveLength(1)
  })
})
