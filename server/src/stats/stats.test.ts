// The daily rollups through the API: kept in step with clicks, leads (and a lead moving to another click),
// sales and refunds; read back by a link's stats (portal and secret API), the portal's links and overview
// and the console's overview; equal to what the migration's backfill builds from the raw rows; and the
// retention job deleting old raw clicks without changing a count, and a sale naming such a click.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backfill } from '../kernel/db/migrations/2026-12-05-0023-link-rollups.ts'
import { backfillEarnings } from '../kernel/db/migrations/2026-12-06-0044-link-day-earnings.ts'
import { backfill as backfillClickTimes } from '../kernel/db/migrations/2026-12-07-0071-click-times-on-days.ts'
import { moveSales } from '../kernel/db/migrations/2026-12-06-0048-net-sale-counts.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { idFloor } from '../kernel/ids.ts'
import { partnerFirstClickAt } from './partner-click-queries.ts'
import { pruneClicks } from './retention.ts'

describe.each(dialects)('link rollups on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string }
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  const click = async (code: string, extra: { subId?: string; referrer?: string } = {}) => {
    ip++
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.3.${ip >> 8}.${ip & 255}`, 'user-agent': BROWSER_UA },
      body: JSON.stringify({ key: keys.publishableKey, code, ...extra }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { clickId: string }).clickId
  }
  const portalOf = async (partnerId: string) =>
    new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const rollupRows = async () => ({
    days: (await sql`select partner_id, link_id, day, sub_id, ref_domain, clicks, leads, sales, first_click_at, last_click_at from link_days where clicks <> 0 or leads <> 0 or sales <> 0 order by 1, 2, 3, 4, 5`.execute(ctx.db)).rows,
    money: (await sql`select partner_id, link_id, day, currency, sales, amount_minor, refunded_minor, refunded_sales from link_day_sales order by 1, 2, 3, 4`.execute(ctx.db)).rows,
    links: (await sql`select id, link_id from commissions order by id`.execute(ctx.db)).rows,
    earned: (await sql`select partner_id, link_id, day, currency, earned_minor from link_day_earnings where earned_minor <> 0 order by 1, 2, 3, 4`.execute(ctx.db)).rows,
  })

  async function story() {
    const ada = await afflio.partners.create({ email: 'ada@p.test', linkCode: 'ADA' })
    const bob = await afflio.partners.create({ email: 'bob@p.test', linkCode: 'BOB' })
    const second = await afflio.links.create({ partnerId: ada.id, code: 'ADA2' })
    const c1 = await click('ADA', { subId: 'newsletter', referrer: 'https://www.Blog.example/post' })
    await click('ADA', { subId: 'newsletter' })
    await click('ADA', { referrer: 'https://t.co/x' })
    await click('ADA2')
    ctx.clock.set('2026-05-11T09:00:00.000Z')
    // A signup through Ada's first click, then a sale; a second customer moves from Ada to Bob (last click).
    await afflio.track.lead({ customerExternalId: 'u1', clickId: c1 })
    await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', customerExternalId: 'u1' })
    await afflio.track.lead({ customerExternalId: 'u2', clickId: await click('ADA', { subId: 'video' }) })
    ctx.clock.set('2026-05-11T10:00:00.000Z')
    await afflio.track.lead({ customerExternalId: 'u2', clickId: await click('BOB') })
    await afflio.track.sale({ invoiceId: 'in_2', amountMinor: 4_000, currency: 'EUR', clickId: await click('ADA2') })
    await afflio.track.refund({ invoiceId: 'in_2' })
    return { ada: ada.id, bob: bob.id, first: ada.links[0]!.id, second: second.id }
  }

  it("answers a link's series and breakdowns, the same through the portal and the secret API", async () => {
    const { ada, bob, first, second } = await story()
    const portal = await portalOf(ada)
    const stats = await portal.links.stats(first, { since: '2026-05-09', until: '2026-05-11' })
    expect(stats).toMatchObject({ linkId: first, since: '2026-05-09', until: '2026-05-11', currency: 'USD', clicks: 4, leads: 1, sales: 1, revenueMinor: 10_000, earningsMinor: 1_000 })
    expect(stats.series).toEqual([
      { date: '2026-05-09', clicks: 0, leads: 0, sales: 0, revenueMinor: 0, earningsMinor: 0 },
      { date: '2026-05-10', clicks: 3, leads: 0, sales: 0, revenueMinor: 0, earningsMinor: 0 },
      { date: '2026-05-11', clicks: 1, leads: 1, sales: 1, revenueMinor: 10_000, earningsMinor: 1_000 },
    ])
    // u2 signed up through Ada's 'video' click, then moved to Bob: the lead left Ada's link.
    expect(stats.subIds).toEqual([
      { value: 'newsletter', clicks: 2, leads: 1, sales: 1 },
      { value: '', clicks: 1, leads: 0, sales: 0 },
      { value: 'video', clicks: 1, leads: 0, sales: 0 },
    ])
    expect(stats.referrers).toEqual([
      { value: '', clicks: 2, leads: 0, sales: 0 },
      { value: 'blog.example', clicks: 1, leads: 1, sales: 1 },
      { value: 't.co', clicks: 1, leads: 0, sales: 0 },
    ])
    expect(await afflio.links.stats(first, { since: '2026-05-09', until: '2026-05-11' })).toEqual(stats)
    // The EUR sale was refunded in full: not a sale any more (and its commission earns nothing).
    expect(await afflio.links.stats(second, { since: '2026-05-11', until: '2026-05-11' })).toMatchObject({ clicks: 1, sales: 0, revenueMinor: 0, earningsMinor: 0 })

    const links = await portal.links.list()
    expect(links.data.map((l) => [l.code, l.clicks, l.leads, l.sales]).sort()).toEqual([
      ['ADA', 4, 1, 1],
      ['ADA2', 2, 0, 0],
    ])
    expect(await (await portalOf(bob)).overview({ from: '2026-05-10', to: '2026-05-11' })).toMatchObject({ clicks: 1, leads: 1, sales: 0 })
    const console = await afflio.program.overview()
    expect(console).toMatchObject({ clicks: 7, leads: 2, sales: 1, revenue: [{ currency: 'EUR', amountMinor: 0 }, { currency: 'USD', amountMinor: 10_000 }] })
  })

  it('counts Sales and Revenue the same on every surface: sales not refunded in full, their amount net of refunds', async () => {
    const { ada, first } = await story()
    // $100 through ADA, $25 of it refunded; a $60 sale through ADA refunded in full (and the €40 one in the story).
    await afflio.track.refund({ invoiceId: 'in_1', amountMinor: 2_500 })
    await afflio.track.sale({ invoiceId: 'in_3', amountMinor: 6_000, currency: 'USD', clickId: await click('ADA') })
    await afflio.track.refund({ invoiceId: 'in_3' })
    const net = { sales: 1, revenueMinor: 7_500 }

    const portal = await portalOf(ada)
    expect(await portal.overview({ from: '2026-05-10', to: '2026-05-11' })).toMatchObject(net)
    const stats = await portal.links.stats(first, { since: '2026-05-10', until: '2026-05-11' })
    expect(stats).toMatchObject(net)
    expect(stats.subIds.reduce((n, r) => n + r.sales, 0)).toBe(1)
    expect(stats.referrers.reduce((n, r) => n + r.sales, 0)).toBe(1)
    expect((await portal.links.list()).data.reduce((n, l) => n + l.sales, 0)).toBe(1)
    const listed = (await afflio.partners.list()).data.find((p) => p.id === ada)!
    expect(listed.performance).toMatchObject({ sales: 1, revenue: { amountMinor: 7_500, currency: 'USD' } })
    expect(await afflio.program.overview({ days: 30 })).toMatchObject({ sales: 1, revenue: [{ currency: 'EUR', amountMinor: 0 }, { currency: 'USD', amountMinor: 7_500 }] })
    const atLeast = (count: number) => afflio.segments.preview({ conditions: [{ type: 'salesAtLeast', count, period: 'last_30_days' }] })
    expect([(await atLeast(1)).count, (await atLeast(2)).count]).toEqual([1, 0])
  })

  it("refuses another partner's link, an unknown one and a bad period", async () => {
    const { bob, first } = await story()
    const portal = await portalOf(bob)
    const err = await portal.links.stats(first).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AfflioApiError)
    expect((err as AfflioApiError).status).toBe(404)
    expect(((await afflio.links.stats('lnk_nope').catch((e: unknown) => e)) as AfflioApiError).status).toBe(404)
    const bad = (await afflio.links.stats(first, { since: '2026-05-11', until: '2026-05-01' }).catch((e: unknown) => e)) as AfflioApiError
    expect([bad.status, bad.code]).toEqual([400, 'invalid_request'])
  })

  it("builds the same rollups, commission links and earnings from the raw rows as the live writes keep (the migrations' backfills)", async () => {
    await story()
    const live = await rollupRows()
    expect(live.days.length).toBeGreaterThan(5)
    await sql`delete from link_days`.execute(ctx.db)
    await sql`delete from link_day_sales`.execute(ctx.db)
    await sql`update commissions set link_id = null`.execute(ctx.db)
    await sql`delete from link_day_earnings`.execute(ctx.db)
    await backfill(ctx.db)
    await moveSales(ctx.db, -1) // 0048: sales refunded in full out of the counts, as live writes leave them
    await backfillEarnings(ctx.db)
    await backfillClickTimes(ctx.db) // 0071: each row's first and last click
    expect(await rollupRows()).toEqual(live)
  })

  it('deletes raw clicks past the retention, keeps those a customer or sale came through, and every count stays', async () => {
    const { first } = await story()
    const before = await afflio.links.stats(first, { since: '2026-05-01', until: '2026-05-31' })
    const overview = await afflio.program.overview()
    const figures = async () => (await afflio.partners.list({ sort: 'clicks' })).data.map((p) => [p.id, p.performance.clicks])
    const listed = await figures()
    expect(listed.reduce((n, [, clicks]) => n + Number(clicks), 0)).toBe(7)
    const err = (await afflio.settings.update({ clickRetentionDays: 10 }).catch((e: unknown) => e)) as AfflioApiError
    expect([err.status, err.message]).toEqual([400, expect.stringContaining('attribution window (30 days)')])
    expect((await afflio.settings.update({ clickRetentionDays: 30 })).clickRetentionDays).toBe(30)
    // Past what a Postgres integer holds too: refused as input, not a 500 from the database.
    for (const days of [3651, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const long = (await afflio.settings.update({ clickRetentionDays: days }).catch((e: unknown) => e)) as AfflioApiError
      expect([long.status, long.field, long.message], String(days)).toEqual([400, 'clickRetentionDays', 'clickRetentionDays: must be at most 3650 days'])
    }

    const count = async () => Number((await sql<{ n: number }>`select count(*) as n from clicks`.execute(ctx.db)).rows[0]!.n)
    expect(await count()).toBe(7)
    expect(await pruneClicks(ctx.db, new Date('2026-06-09T00:00:00Z'))).toBe(0) // 29 days on: all kept
    // 31 days on: all 7 are past it; kept are c1 (u1's lead and sale), u2's two, and the EUR sale's.
    expect(await pruneClicks(ctx.db, new Date('2026-06-12T00:00:00Z'), 1)).toBe(3)
    expect(await count()).toBe(4)
    expect(await afflio.links.stats(first, { since: '2026-05-01', until: '2026-05-31' })).toEqual(before)
    expect(await afflio.program.overview()).toEqual({ ...overview, to: ctx.clock.now().toISOString() })
    expect(await figures()).toEqual(listed) // the partner list counts from the rollups too
  })

  it("keeps a partner's first and last click time when the retention deletes its clicks, over several passes", async () => {
    await afflio.settings.update({ clickRetentionDays: 30 })
    const cy = await afflio.partners.create({ email: 'cy@p.test', linkCode: 'CY' })
    const program = (await afflio.partners.get(cy.id)).programId
    await click('CY') // 2026-05-10T12:00
    ctx.clock.set('2026-05-10T13:00:00.000Z')
    await click('CY')
    ctx.clock.set('2026-05-12T09:00:00.000Z')
    await click('CY')
    const listed = async () => (await afflio.partners.list()).data.find((p) => p.id === cy.id)!.performance
    const before = await listed()
    expect(before).toMatchObject({ clicks: 3, lastActivityAt: '2026-05-12T09:00:00.000Z' })

    expect(await pruneClicks(ctx.db, new Date('2026-06-10T12:00:00.000Z'))).toBe(2) // the two of May 10
    expect(await listed()).toEqual(before)
    expect(await pruneClicks(ctx.db, new Date('2026-06-13T00:00:00.000Z'))).toBe(1) // and the last
    expect(await listed()).toEqual(before)
    expect(await partnerFirstClickAt(ctx.db, program, cy.id)).toBe('2026-05-10T12:00:00.000Z')
  })

  it("records a sale or a lead naming a click the retention deleted by the customer's attribution; an unknown recent click is still 404", async () => {
    await afflio.settings.update({ clickRetentionDays: 30 })
    await afflio.partners.create({ email: 'ada@p.test', linkCode: 'ADA' })
    const bob = await afflio.partners.create({ email: 'bob@p.test', linkCode: 'BOB' })
    const old = await click('ADA')
    ctx.clock.set('2026-06-01T12:00:00.000Z')
    await afflio.track.lead({ customerExternalId: 'u1', clickId: await click('BOB') })
    ctx.clock.set('2026-06-12T12:00:00.000Z')
    expect(await pruneClicks(ctx.db, ctx.clock.now())).toBe(1)

    const alone = await afflio.track.sale({ invoiceId: 'in_p1', amountMinor: 1_000, currency: 'USD', clickId: old })
    expect([alone.sale.partnerId, alone.sale.clickId, alone.commission]).toEqual([null, null, null])
    const customer = await afflio.track.sale({ invoiceId: 'in_p2', amountMinor: 2_000, currency: 'USD', clickId: old, customerExternalId: 'u1' })
    expect(customer.sale.partnerId).toBe(bob.id) // u1 came through Bob's click, not the deleted one of Ada
    expect(customer.commission?.amountMinor).toBe(200)
    // Repeated, it is the same sale.
    expect((await afflio.track.sale({ invoiceId: 'in_p1', amountMinor: 1_000, currency: 'USD', clickId: old })).duplicate).toBe(true)

    const unknown = `${idFloor('clk', ctx.clock.now().getTime() - 86_400_000)}zzzzzzzzzzzzzz`
    const err = (await afflio.track.sale({ invoiceId: 'in_p3', amountMinor: 1_000, currency: 'USD', clickId: unknown }).catch((e: unknown) => e)) as AfflioApiError
    expect([err.status, err.code]).toEqual([404, 'not_found'])
    expect(Number((await sql<{ n: number }>`select count(*) as n from sales`.execute(ctx.db)).rows[0]!.n)).toBe(2)

    // A signup naming the deleted click is the same: the customer is recorded, by its other clicks or none.
    const lead = await afflio.track.lead({ customerExternalId: 'u2', clickId: old })
    expect([lead.externalId, lead.partnerId]).toEqual(['u2', null])
    expect((await afflio.track.lead({ customerExternalId: 'u1', clickId: old })).partnerId).toBe(bob.id)
    const leadErr = (await afflio.track.lead({ customerExternalId: 'u3', clickId: unknown }).catch((e: unknown) => e)) as AfflioApiError
    expect([leadErr.status, leadErr.code]).toEqual([404, 'not_found'])
  })
})
