// Bonuses on each database, whatever earns them (a challenge's target met, a bounty submission approved):
// one path through the ledger, within the program's and the challenge's budgets (also when 20 approvals
// race at the boundary beside sales), each with its decision record; migration 0041 names the challenge of
// bonuses written before it.
import { AfflioPortal } from '@afflio/sdk'
import type { Commission } from '@afflio/sdk/types'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as m0041 from '../kernel/db/migrations/2026-12-05-0041-commission-challenge.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { salesProgram } from '../testing-sales.ts'

const window = { startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z' }
const reward = (amountMinor: number) => ({ amountMinor, currency: 'USD' })

describe.each(dialects)('bonuses and budgets on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-11-10T00:00:00.000Z')
  })
  afterEach(() => ctx.close())

  async function program(partners: number) {
    const p = await salesProgram(ctx, partners)
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
    const portal = async (partnerId: string) => {
      const mint = async () => (await p.afflio.embedTokens.create({ partnerId })).token
      return new AfflioPortal({ token: await mint(), baseUrl: 'http://afflio.test', fetch, maxRetries: 0, onTokenExpired: mint })
    }
    /** A pending submission of each partner to the bounty: their ids, in partner order. */
    const submissions = async (bountyId: string, partnerIds: string[]) => {
      const out: string[] = []
      for (const id of partnerIds) out.push((await (await portal(id)).challenges.submit(bountyId, { url: `https://blog.test/${id}/${bountyId}` })).id)
      return out
    }
    const bonuses = async () => (await p.afflio.commissions.list({ limit: 100 })).data.filter((c) => c.kind === 'bonus')
    return { ...p, portal, submissions, bonuses }
  }

  it('a bounty’s bonus is stepped down past the program’s budget and held by its own, like a challenge’s; each keeps its record', async () => {
    const { afflio, partnerIds, clicks, portal, submissions, bonuses } = await program(2)
    const [ann, bob] = partnerIds as [string, string]
    // The program's budget is reached by the first sale: every bonus after it is paid at half.
    await afflio.budgets.create({ name: 'November', scope: 'program', period: 'month', amountMinor: 100, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
    const sprint = await afflio.challenges.create({ name: 'First sale', metric: 'sales', target: 1, ...window, reward: reward(2500) })
    const review = await afflio.challenges.create({ metric: 'bounty', name: 'Review us', reward: reward(2500) })
    const video = await afflio.challenges.create({ metric: 'bounty', name: 'Video', reward: reward(2500) })
    const pot = await afflio.budgets.create({ name: 'Video pot', scope: 'challenge', scopeId: video.id, period: 'total', amountMinor: 3000, currency: 'USD' })

    const [click] = await clicks('P0', 1)
    await afflio.track.sale({ invoiceId: 's1', amountMinor: 1000, currency: 'USD', clickId: click! })
    await ctx.drain()
    const [reviewed] = await submissions(review.id, [ann])
    const [first, second] = await submissions(video.id, [ann, bob])
    ctx.clock.set('2026-11-11T00:00:00.000Z')
    const approved = await afflio.challenges.approveSubmission(reviewed!)
    const videoFirst = await afflio.challenges.approveSubmission(first!)
    const videoSecond = await afflio.challenges.approveSubmission(second!)

    const byId = new Map((await bonuses()).map((c) => [c.id, c]))
    const goal = [...byId.values()].find((c) => c.reasonData?.kind === 'bonus' && c.reasonData.challengeId === sprint.id)!
    const half = { budgetName: 'November', stepDownBps: 5000, fullAmountMinor: 2500 }
    expect(goal).toMatchObject({ amountMinor: 1250, status: 'pending', reasonData: { stepDown: half } })
    expect(byId.get(approved.commissionId!)).toMatchObject({ amountMinor: 1250, status: 'pending', reasonData: { kind: 'bonus', challengeId: review.id, stepDown: half } })
    // The video's own pot: 2500 fits 3000 once (paid at the program's half), the next does not and is held whole.
    expect(byId.get(videoFirst.commissionId!)).toMatchObject({ amountMinor: 1250, status: 'pending' })
    expect(byId.get(videoSecond.commissionId!)).toMatchObject({ amountMinor: 2500, status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: pot.id, capMinor: 3000, spentMinor: 1250 } })
    expect(await afflio.budgets.status(pot.id)).toMatchObject({ spentMinor: 1250, heldMinor: 2500, remainingMinor: 1750 })
    // Each partner is told what it got: Bob's bonus waits for the program, without the budget's name or figures.
    await ctx.drain()
    const told = async (id: string) => (await (await portal(id)).notices.list()).data.find((n) => n.kind === 'bounty_update')!.body
    expect(await told(bob)).toBe('Your submission to the "Video" bounty was approved. A bonus of USD 25.00 was added to your earnings, on hold: the program\'s commission budget for this period is reached, and the program decides when it is paid.')
    expect(await told(ann)).toMatch(/A bonus of USD 12\.50 was added to your earnings\.$/)

    // Their records: what earned each, who approved, and what the budgets did.
    const goalWhy = (await afflio.commissions.explain(goal.id)).decision!
    expect(goalWhy).toMatchObject({
      event: 'bonus',
      bonus: { kind: 'target', challengeId: sprint.id, challengeName: 'First sale', metric: 'sales', target: 1, progress: 1, rewardMinor: 2500, rewardCurrency: 'USD' },
      sale: null,
      rules: null,
      attribution: { by: 'program', clicks: [] },
      holding: { status: 'pending' },
      amount: { kind: 'bonus', stepDown: half },
    })
    const approval = (await afflio.commissions.explain(videoSecond.commissionId!)).decision!
    expect(approval).toMatchObject({
      event: 'bonus',
      bonus: { kind: 'submission', challengeId: video.id, submissionId: second, approvedAt: '2026-11-11T00:00:00.000Z', approvedBy: { kind: 'secret_key' } },
      holding: { status: 'on_hold', budget: { budgetId: pot.id, budgetName: 'Video pot', capMinor: 3000, spentMinor: 1250 } },
    })
    expect((await afflio.commissions.explain(videoSecond.commissionId!)).history).toEqual([{ kind: 'created', at: '2026-11-11T00:00:00.000Z', status: 'on_hold' }])
    // The portal says what the met target credited (half the reward), not the reward offered; a bounty has its submissions.
    const listed = await (await portal(ann)).challenges.list()
    expect(listed.find((c) => c.id === sprint.id)).toMatchObject({ reward: reward(2500), earned: { commissionId: goal.id, amountMinor: 1250, currency: 'USD', status: 'pending' } })
    expect(listed.find((c) => c.id === review.id)).toMatchObject({ earned: null, bounty: { submissions: [{ commissionId: approved.commissionId }] } })
    // The partner sees what earned it, not who approved it.
    const own = await (await portal(bob)).commissions.explain(videoSecond.commissionId!)
    expect(own.decision).toMatchObject({ bonus: { kind: 'submission', submissionId: second, approvedBy: null } })
  })

  it('20 bounty approvals race at a budget’s boundary, with sales beside them, and never overshoot it', async () => {
    const { afflio, partnerIds, codes, clicks, submissions, bonuses } = await program(10)
    // One bounty under its own pot: 1000 each, 5 fit.
    const posts = await afflio.challenges.create({ metric: 'bounty', name: 'Posts', reward: reward(1000) })
    const pot = await afflio.budgets.create({ name: 'Posts pot', scope: 'challenge', scopeId: posts.id, period: 'month', amountMinor: 5000, currency: 'USD' })
    const more = await afflio.challenges.create({ metric: 'bounty', name: 'More posts', reward: reward(1000) })
    const all = [...(await submissions(posts.id, partnerIds)), ...(await submissions(more.id, partnerIds))]
    const saleClicks = (await Promise.all(codes.map((c) => clicks(c, 1)))).flat()
    // The program's budget binds both bounties and the sales (300 each): they race for its last 7000.
    const cap = await afflio.budgets.create({ name: 'November', scope: 'program', period: 'month', amountMinor: 7000, currency: 'USD' })

    const results = await Promise.allSettled([
      ...all.map((id) => afflio.challenges.approveSubmission(id)),
      ...saleClicks.map((clickId, i) => afflio.track.sale({ invoiceId: `inv_${i}`, amountMinor: 3000, currency: 'USD', clickId })),
    ])
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]) // no deadlock, no refusal

    const commissions = (await afflio.commissions.list({ limit: 100 })).data
    const paid = commissions.filter((c) => c.status === 'pending')
    const held = commissions.filter((c) => c.status === 'on_hold')
    expect(paid.length + held.length).toBe(30)
    const spent = paid.reduce((s, c) => s + c.amountMinor, 0)
    expect(spent).toBeLessThanOrEqual(7000)
    expect(await afflio.budgets.status(cap.id)).toMatchObject({ spentMinor: spent, heldMinor: held.filter((c) => c.holdReasonData?.kind === 'budget' && c.holdReasonData.budgetId === cap.id).reduce((s, c) => s + c.amountMinor, 0) })
    // Each held one saw the spend before it, and did not fit.
    for (const c of held) {
      const h = c.holdReasonData as Extract<Commission['holdReasonData'], { kind: 'budget' }>
      expect(h.spentMinor! + c.amountMinor).toBeGreaterThan(h.capMinor!) // the program sees the figures; a partner does not
    }
    // The pot's bounty: never more than 5 of its bonuses paid.
    const postBonuses = (await bonuses()).filter((c) => c.reasonData?.kind === 'bonus' && c.reasonData.challengeId === posts.id)
    expect(postBonuses).toHaveLength(10)
    expect(postBonuses.filter((c) => c.status === 'pending').length).toBeLessThanOrEqual(5)
    expect((await afflio.budgets.status(pot.id)).spentMinor).toBe(postBonuses.filter((c) => c.status === 'pending').length * 1000)
  })

  it('20 approvals of one bounty at its pot’s boundary: exactly what fits is paid, the rest held whole', async () => {
    const partners = await program(20)
    const { afflio, partnerIds, submissions, bonuses } = partners
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Posts', reward: reward(1000) })
    const pot = await afflio.budgets.create({ name: 'Posts pot', scope: 'challenge', scopeId: bounty.id, period: 'total', amountMinor: 5500, currency: 'USD' })
    const pending = await submissions(bounty.id, partnerIds)
    await Promise.all(pending.map((id) => afflio.challenges.approveSubmission(id)))
    const all = await bonuses()
    expect(all.filter((c) => c.status === 'pending')).toHaveLength(5)
    expect(all.filter((c) => c.status === 'on_hold')).toHaveLength(15)
    expect(await afflio.budgets.status(pot.id)).toMatchObject({ spentMinor: 5000, heldMinor: 15_000, remainingMinor: 500 })
  })

  it('migration 0041 names the challenge of each bonus written before it, from its reward or its submission', async () => {
    const { afflio, partnerIds, clicks, submissions } = await program(1)
    const goal = await afflio.challenges.create({ name: 'First sale', metric: 'sales', target: 1, ...window, reward: reward(500) })
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Review us', reward: reward(700) })
    const [click] = await clicks('P0', 1)
    await afflio.track.sale({ invoiceId: 's1', amountMinor: 1000, currency: 'USD', clickId: click! })
    await ctx.drain()
    await afflio.challenges.approveSubmission((await submissions(bounty.id, partnerIds))[0]!)
    const named = async () => (await ctx.db.selectFrom('commissions').select(['kind', 'amount_minor', 'challenge_id']).orderBy('amount_minor').execute()).map((r) => [r.kind, Number(r.amount_minor), r.challenge_id])
    const expected = [['sale', 100, null], ['bonus', 500, goal.id], ['bonus', 700, bounty.id]]
    expect(await named()).toEqual(expected)
    await m0041.down(ctx.db)
    await m0041.up(ctx.db)
    expect(await named()).toEqual(expected)
  })
})
