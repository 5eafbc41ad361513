// Challenges through the SDK: progress by sales, revenue and clicks inside the window only, segment-limited
// eligibility, and the reward paid exactly once as a `bonus` commission (also under concurrent sales).
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { settleChallenges } from './rewards.ts'
import { pruneClicks } from '../stats/index.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('challenges on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  const ids = { alice: '', bob: '', carol: '' }
  const portals: Record<'alice' | 'bob' | 'carol', AfflioPortal> = {} as never

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  let ip = 0
  const click = async (code: string): Promise<string> => {
    ++ip
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.${Math.floor(ip / 62500)}.${Math.floor(ip / 250) % 250}.${ip % 250}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    expect(res.status).toBe(201)
    return (await res.json()).clickId
  }
  let n = 0
  // A sale, then its reactions (challenges check progress after the sale commits, in the background).
  const sell = async (code: string, amountMinor: number, extra: Record<string, unknown> = {}) => {
    const sold = await afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor, currency: 'USD', clickId: await click(code), ...extra })
    await ctx.drain()
    return sold
  }
  const bonuses = async (partnerId: string) => (await afflio.commissions.list({ partnerId })).data.filter((c) => c.kind === 'bonus')
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }
  const window = { startsAt: '2026-11-10T00:00:00.000Z', endsAt: '2026-11-20T00:00:00.000Z' }
  const reward = { amountMinor: 5000, currency: 'USD' }

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.settings.update({ holdingDays: 0 })
    for (const name of ['alice', 'bob', 'carol'] as const) {
      ids[name] = (await afflio.partners.create({ email: `${name}@partner.test`, name, linkCode: name.toUpperCase() })).id
      // The clock moves by weeks here: the portal asks for a new token when its token expires.
      const mint = async () => (await afflio.embedTokens.create({ partnerId: ids[name] })).token
      portals[name] = new AfflioPortal({ token: await mint(), baseUrl: 'http://afflio.test', fetch, maxRetries: 0, onTokenExpired: mint })
    }
  })
  afterEach(() => ctx.close())

  it('counts sales inside the window only, and pays the reward once, as a bonus in the ledger and balances', async () => {
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/afflio', events: ['challenge.met'] })
    const challenge = await afflio.challenges.create({ name: 'Three in ten days', metric: 'sales', target: 3, ...window, reward })
    expect(challenge).toMatchObject({ status: 'scheduled', segmentId: null, currency: null, reward })

    ctx.clock.set('2026-11-09T23:59:59.999Z')
    await sell('ALICE', 10_000) // before the window
    ctx.clock.set('2026-11-10T00:00:00.000Z')
    await sell('ALICE', 10_000)
    await sell('ALICE', 10_000, { occurredAt: '2026-11-09T12:00:00.000Z' }) // happened before the start
    ctx.clock.set('2026-11-12T00:00:00.000Z')
    await sell('ALICE', 10_000)
    expect(await portals.alice.challenges.list()).toMatchObject([{ id: challenge.id, status: 'active', progress: 2, target: 3, percent: 66, metAt: null, reward }])
    expect(await bonuses(ids.alice)).toEqual([])

    ctx.clock.set('2026-11-13T00:00:00.000Z')
    await sell('ALICE', 10_000) // the third in the window: paid right after the sale commits
    await sell('ALICE', 10_000)
    const paid = await bonuses(ids.alice)
    expect(paid).toMatchObject([{ kind: 'bonus', saleId: null, amountMinor: 5000, currency: 'USD', status: 'approved', reason: 'challenge Three in ten days met' }])
    expect(await portals.alice.challenges.list()).toMatchObject([{ progress: 4, percent: 100, metAt: '2026-11-13T00:00:00.000Z' }])
    // 5 credited sales at 10% = 5000 (the one before its click earns nothing), plus the bonus
    expect(await afflio.payouts.balances({ partnerId: ids.alice })).toEqual([{ partnerId: ids.alice, currency: 'USD', approvedMinor: 10_000, pendingMinor: 0, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 0 }])
    expect((await portals.alice.commissions.list()).data.filter((c) => c.kind === 'bonus')).toMatchObject([{ id: paid[0]!.id, sale: null }])

    // The program's view: the leaderboard, and the event and the partner's notice written with the reward.
    expect(await afflio.challenges.get(challenge.id)).toMatchObject({
      status: 'active',
      participants: 1,
      metCount: 1,
      leaderboard: [{ partnerId: ids.alice, partnerName: 'alice', partnerEmail: 'alice@partner.test', progress: 4, metAt: '2026-11-13T00:00:00.000Z', commissionId: paid[0]!.id }],
    })
    const events = await ctx.db.selectFrom('webhook_deliveries').select('payload').where('event_type', '=', 'challenge.met').execute()
    expect(events.map((e) => JSON.parse(e.payload).data)).toMatchObject([{ challengeId: challenge.id, partnerId: ids.alice, progress: 3, target: 3, commission: { id: paid[0]!.id } }])
    const notices = await ctx.db.selectFrom('messages').select(['subject', 'body']).where('partner_id', '=', ids.alice).execute()
    expect(notices).toMatchObject([{ subject: 'Challenge met: Three in ten days', body: expect.stringContaining('USD 50.00') }])

    // Reported inside the window, happened at its end (a sale's clock may run 5 minutes ahead of ours): not counted
    ctx.clock.set('2026-11-19T23:58:00.000Z')
    expect((await sell('ALICE', 10_000, { occurredAt: '2026-11-20T00:00:00.000Z' })).sale.partnerId).toBe(ids.alice)
    expect(await portals.alice.challenges.list()).toMatchObject([{ status: 'active', progress: 4 }])

    // Later reads and the maintenance pass pay nothing more.
    ctx.clock.set('2026-11-21T00:00:00.000Z')
    expect(await settleChallenges(ctx.db, ctx.clock.now())).toBe(0)
    expect(await bonuses(ids.alice)).toHaveLength(1)
    expect(await portals.alice.challenges.list()).toMatchObject([{ status: 'ended', metAt: '2026-11-13T00:00:00.000Z' }])
  })

  it('counts revenue in the challenge currency, net of refunds', async () => {
    const challenge = await afflio.challenges.create({ name: 'Ten thousand', metric: 'revenue', target: 10_000, currency: 'usd', ...window, reward })
    expect(challenge.currency).toBe('USD')
    ctx.clock.set('2026-11-11T00:00:00.000Z')
    await sell('BOB', 6000, { invoiceId: 'in_first' })
    await sell('BOB', 9000, { currency: 'EUR' }) // another currency: not counted
    await afflio.track.refund({ invoiceId: 'in_first', amountMinor: 1000 })
    await sell('BOB', 4000)
    expect(await portals.bob.challenges.list()).toMatchObject([{ metric: 'revenue', progress: 9000, percent: 90, metAt: null }])
    expect(await bonuses(ids.bob)).toEqual([])
    await sell('BOB', 1000)
    expect(await bonuses(ids.bob)).toMatchObject([{ amountMinor: 5000 }])
  })

  it('counts clicks off the hot path: paid when progress is read or the maintenance pass runs', async () => {
    const challenge = await afflio.challenges.create({ name: 'Three clicks', metric: 'clicks', target: 3, ...window, reward: { amountMinor: 300, currency: 'USD' } })
    ctx.clock.set('2026-11-09T00:00:00.000Z')
    await click('ALICE') // before the start
    ctx.clock.set('2026-11-11T00:00:00.000Z')
    for (let i = 0; i < 3; i++) await click('ALICE')
    for (let i = 0; i < 3; i++) await click('BOB')
    await click('CAROL')
    expect(await bonuses(ids.alice)).toEqual([]) // nothing was checked on the click

    expect(await portals.alice.challenges.list()).toMatchObject([{ progress: 3, metAt: '2026-11-11T00:00:00.000Z' }])
    expect(await bonuses(ids.alice)).toMatchObject([{ amountMinor: 300, reason: 'challenge Three clicks met' }])
    expect(await bonuses(ids.bob)).toEqual([])
    ctx.clock.set('2026-11-12T00:00:00.000Z')
    expect(await settleChallenges(ctx.db, ctx.clock.now())).toBe(1) // bob
    expect(await bonuses(ids.bob)).toHaveLength(1)

    // Carol's last clicks land just before the end; the pass after the end pays her, then stops sweeping.
    ctx.clock.set('2026-11-19T23:59:00.000Z')
    await click('CAROL')
    await click('CAROL')
    ctx.clock.set('2026-11-20T00:00:00.000Z')
    await click('CAROL') // at the end: not counted
    expect(await settleChallenges(ctx.db, ctx.clock.now())).toBe(1)
    expect((await ctx.db.selectFrom('challenges').select('settled_at').where('id', '=', challenge.id).executeTakeFirstOrThrow()).settled_at).toBe('2026-11-20T00:00:00.000Z')
    expect(await afflio.challenges.get(challenge.id)).toMatchObject({ status: 'ended', metCount: 3, participants: 3 })
    expect((await afflio.challenges.get(challenge.id)).leaderboard.map((s) => [s.partnerId, s.progress])).toEqual([
      [ids.alice, 3],
      [ids.bob, 3],
      [ids.carol, 3],
    ])
    expect(await settleChallenges(ctx.db, ctx.clock.now())).toBe(0)
  })

  it('keeps click progress when the retention deletes the raw clicks it counted', async () => {
    await afflio.settings.update({ clickRetentionDays: 30 })
    const long = { startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' }
    const challenge = await afflio.challenges.create({ name: 'Ten clicks', metric: 'clicks', target: 10, ...long, reward })
    ctx.clock.set('2026-11-02T00:00:00.000Z')
    for (let i = 0; i < 4; i++) await click('ALICE')
    await click('BOB')
    const standings = async () => (await afflio.challenges.get(challenge.id)).leaderboard.map((s) => [s.partnerId, s.progress])
    expect(await standings()).toEqual([
      [ids.alice, 4],
      [ids.bob, 1],
    ])
    // 45 days on, the challenge still running: the raw clicks are gone, the progress is not.
    ctx.clock.set('2026-12-17T00:00:00.000Z')
    expect(await pruneClicks(ctx.db, ctx.clock.now())).toBe(5)
    expect(await ctx.db.selectFrom('clicks').select('id').where('program_id', '=', keys.program.id).execute()).toEqual([])
    expect(await standings()).toEqual([
      [ids.alice, 4],
      [ids.bob, 1],
    ])
    expect(await portals.alice.challenges.list()).toMatchObject([{ id: challenge.id, progress: 4 }])
    for (let i = 0; i < 6; i++) await click('ALICE')
    expect(await portals.alice.challenges.list()).toMatchObject([{ id: challenge.id, progress: 10, metAt: '2026-12-17T00:00:00.000Z' }])
  })

  it('limits a challenge to its segment, as the segment stands when the reward is due', async () => {
    const vip = await afflio.groups.create({ name: 'VIP' })
    await afflio.partners.update(ids.alice, { groupId: vip.id })
    const segment = await afflio.segments.create({ name: 'VIPs', definition: { conditions: [{ type: 'group', in: [vip.id] }] } })
    const challenge = await afflio.challenges.create({ name: 'VIP sprint', metric: 'sales', target: 1, ...window, segmentId: segment.id, reward })
    ctx.clock.set('2026-11-11T00:00:00.000Z')
    await sell('ALICE', 1000)
    await sell('CAROL', 1000)
    expect(await bonuses(ids.alice)).toHaveLength(1)
    expect(await bonuses(ids.carol)).toEqual([])
    expect(await portals.carol.challenges.list()).toEqual([]) // not hers to see
    expect((await afflio.challenges.get(challenge.id)).leaderboard.map((s) => s.partnerId)).toEqual([ids.alice])

    // Carol joins the group: her earlier sale counts, and she is paid at the next read.
    await afflio.partners.update(ids.carol, { groupId: vip.id })
    expect(await afflio.challenges.get(challenge.id)).toMatchObject({ metCount: 2 })
    expect(await bonuses(ids.carol)).toHaveLength(1)
    // She leaves again: the reward she was paid stays, and so does the challenge in her portal.
    await afflio.partners.update(ids.carol, { groupId: null })
    expect(await portals.carol.challenges.list()).toMatchObject([{ id: challenge.id, metAt: '2026-11-11T00:00:00.000Z' }])
  })

  it('pays exactly once when 8 concurrent sales cross the target together', async () => {
    const sales = await afflio.challenges.create({ name: 'Eight', metric: 'sales', target: 8, ...window, reward })
    const revenue = await afflio.challenges.create({ name: 'Eight thousand', metric: 'revenue', target: 8000, currency: 'USD', ...window, reward: { amountMinor: 700, currency: 'USD' } })
    ctx.clock.set('2026-11-11T00:00:00.000Z')
    const clicks = []
    for (let i = 0; i < 8; i++) clicks.push(await click('ALICE'))
    const results = await Promise.all(clicks.map((clickId, i) => afflio.track.sale({ invoiceId: `in_c${i}`, amountMinor: 1000, currency: 'USD', clickId })))
    expect(results.every((r) => r.commission?.partnerId === ids.alice)).toBe(true)
    await ctx.drain()
    const paid = await bonuses(ids.alice)
    expect(paid.map((c) => c.reason).sort()).toEqual(['challenge Eight met', 'challenge Eight thousand met'])
    const rewards = await ctx.db.selectFrom('challenge_rewards').select(['challenge_id', 'commission_id']).where('partner_id', '=', ids.alice).execute()
    expect(rewards.map((r) => r.challenge_id).sort()).toEqual([sales.id, revenue.id].sort())
    expect(rewards.every((r) => paid.some((c) => c.id === r.commission_id))).toBe(true)

    // A second wave of concurrent reads and passes changes nothing.
    await Promise.all([portals.alice.challenges.list(), afflio.challenges.get(sales.id), settleChallenges(ctx.db, ctx.clock.now()), portals.alice.challenges.list()])
    expect(await bonuses(ids.alice)).toHaveLength(2)
  })

  it('counts a won deal as a sale', async () => {
    await afflio.challenges.create({ name: 'First deal', metric: 'sales', target: 1, ...window, reward })
    ctx.clock.set('2026-11-11T00:00:00.000Z')
    const deal = await portals.bob.deals.register({ company: 'Globex', contactName: 'Hank', contactEmail: 'hank@globex.com' })
    await afflio.deals.approve(deal.id)
    await afflio.deals.markWon(deal.id, { invoiceId: 'inv_deal', amountMinor: 20_000, currency: 'USD' })
    await ctx.drain()
    expect(await bonuses(ids.bob)).toMatchObject([{ reason: 'challenge First deal met' }])
  })

  it('records who created, changed and archived a challenge, and what its reward was', async () => {
    // A challenge pays bonuses from the ledger on its own: who set its reward and target must be on record.
    const manager = (await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
    const asManager = new Afflio({ secretKey: manager, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const challenge = await asManager.challenges.create({ name: 'Sprint', metric: 'sales', target: 3, ...window, reward })
    await afflio.challenges.update(challenge.id, { target: 1, reward: { amountMinor: 900_000, currency: 'USD' } })
    // Nothing changes, though it is touched later, once running: nothing recorded (status and touch time are not terms).
    ctx.clock.set('2026-11-12T00:00:00.000Z')
    await afflio.challenges.update(challenge.id, { name: 'Sprint' })
    const archived = await afflio.challenges.archive(challenge.id)
    const log = (await afflio.auditLog.list({ subjectType: 'challenge', subjectId: challenge.id })).data
    expect(log.map((e) => [e.action, e.actor.kind])).toEqual([
      ['challenge.archived', 'secret_key'],
      ['challenge.changed', 'secret_key'],
      ['challenge.created', 'console'],
    ])
    // The terms are the challenge as the API shows it, less its id, status and times.
    const { id: _id, status: _s, createdAt: _c, updatedAt: _u, ...terms } = challenge
    expect(log[2]).toMatchObject({ actor: { id: 'dana@acme.test' }, before: null, after: terms })
    expect(log[2]!.after).toEqual({ name: 'Sprint', description: null, metric: 'sales', target: 3, currency: null, ...window, segmentId: null, reward, archivedAt: null })
    expect(log[1]).toMatchObject({ before: { target: 3, reward }, after: { target: 1, reward: { amountMinor: 900_000, currency: 'USD' } } })
    expect(log[1]!.after).not.toHaveProperty('name')
    expect(log[0]).toMatchObject({ before: { archivedAt: null }, after: { archivedAt: archived.archivedAt } })
    expect(Object.keys(log[0]!.after!)).toEqual(['archivedAt'])
  })

  it('validates, lists, changes and archives challenges', async () => {
    expect(await errorOf(afflio.challenges.create({ name: 'x', metric: 'revenue', target: 1, ...window, reward }))).toMatchObject({ status: 400, field: 'currency' })
    expect(await errorOf(afflio.challenges.create({ name: 'x', metric: 'sales', target: 1, startsAt: window.endsAt, endsAt: window.startsAt, reward }))).toMatchObject({
      status: 400,
      field: 'endsAt',
    })
    expect(await errorOf(afflio.challenges.create({ name: 'x', metric: 'sales', target: 0, ...window, reward }))).toMatchObject({ status: 400, field: 'target' })
    expect(await errorOf(afflio.challenges.create({ name: 'x', metric: 'likes' as never, target: 1, ...window, reward }))).toMatchObject({ status: 400, field: 'metric' })
    expect(await errorOf(afflio.challenges.create({ name: 'x', metric: 'sales', target: 1, ...window, reward: { amountMinor: 0, currency: 'USD' } }))).toMatchObject({
      status: 400,
      field: 'reward.amountMinor',
    })
    expect(await errorOf(afflio.challenges.create({ name: 'x', metric: 'sales', target: 1, ...window, segmentId: 'seg_0000000000000000000000000a', reward }))).toMatchObject({
      status: 400,
      field: 'segmentId',
    })

    const a = await afflio.challenges.create({ name: 'Day one', metric: 'sales', target: 2, startsAt: '2026-11-10', endsAt: '2026-11-11', reward })
    expect(a).toMatchObject({ startsAt: '2026-11-10T00:00:00.000Z', endsAt: '2026-11-11T00:00:00.000Z' })
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    const b = await afflio.challenges.create({ name: 'Running', metric: 'clicks', target: 100, startsAt: '2026-11-01', endsAt: '2026-12-01', reward })
    expect((await afflio.challenges.list({ status: 'active' })).data.map((c) => c.id)).toEqual([b.id])
    expect((await afflio.challenges.list({ status: 'scheduled' })).data.map((c) => c.id)).toEqual([a.id])
    expect((await afflio.challenges.list()).data.map((c) => c.id)).toEqual([b.id, a.id])

    // Before the start anything may change; once running, only the name, description and a future end.
    expect(await afflio.challenges.update(a.id, { target: 1, reward: { amountMinor: 900, currency: 'EUR' } })).toMatchObject({ target: 1, reward: { amountMinor: 900, currency: 'EUR' } })
    expect(await errorOf(afflio.challenges.update(b.id, { target: 5 }))).toMatchObject({ status: 409, field: 'target' })
    expect(await errorOf(afflio.challenges.update(b.id, { endsAt: '2026-11-01T00:00:00Z' }))).toMatchObject({ status: 400, field: 'endsAt' })
    expect(await afflio.challenges.update(b.id, { name: 'Running longer', endsAt: '2026-12-15' })).toMatchObject({ name: 'Running longer', endsAt: '2026-12-15T00:00:00.000Z' })

    // Archived: listed as such, pays nothing more, and cannot change.
    expect(await afflio.challenges.archive(a.id)).toMatchObject({ status: 'archived' })
    expect(await afflio.challenges.archive(a.id)).toMatchObject({ status: 'archived' })
    expect(await errorOf(afflio.challenges.update(a.id, { name: 'again' }))).toMatchObject({ status: 409 })
    expect((await afflio.challenges.list({ status: 'archived' })).data.map((c) => c.id)).toEqual([a.id])
    ctx.clock.set('2026-11-10T06:00:00.000Z')
    await sell('ALICE', 1000)
    expect(await bonuses(ids.alice)).toEqual([])
    expect((await portals.alice.challenges.list()).map((c) => c.id)).toEqual([b.id])
    expect(await errorOf(afflio.challenges.get('chl_0000000000000000000000000a'))).toMatchObject({ status: 404 })

    // Another program cannot see them.
    const other = await ctx.createProgram({ name: 'Other', currency: 'USD' })
    const otherSdk = new Afflio({ secretKey: other.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await errorOf(otherSdk.challenges.get(b.id))).toMatchObject({ status: 404 })
    expect(await errorOf(otherSdk.challenges.archive(b.id))).toMatchObject({ status: 404 })
  })
})
