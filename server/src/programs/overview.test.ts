// The console's server side: the program overview (one aggregate per figure, over a window), the
// partner list's filters, and `/console/v1/*`, the program API for a manager's browser.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { approveDue } from '../ledger/index.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('program overview and the console API on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string }
  let ip = 0
  let n = 0
  const fetchApp = async (i: RequestInfo | URL, init?: RequestInit) => ctx.app.request(i as string, init)
  const client = (secretKey: string, baseUrl = 'http://afflio.test') => new Afflio({ secretKey, baseUrl, fetch: fetchApp, maxRetries: 0 })

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    afflio = client(keys.secretKey)
  })
  afterEach(() => ctx.close())

  const partner = async (name: string) => (await afflio.partners.create({ email: `${name.toLowerCase()}@p.test`, name, linkCode: name.toUpperCase() })).id
  const click = async (code: string) => {
    ip++
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.2.${ip >> 8}.${ip & 255}`, 'user-agent': `${BROWSER_UA} ua${ip}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { clickId: string }).clickId
  }
  const sell = async (code: string, amountMinor: number, currency = 'USD') =>
    (await afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor, currency, clickId: await click(code) })).sale

  it('counts partners, activity in the window and commissions by state, in SQL', async () => {
    const empty = await afflio.program.overview()
    expect(empty).toEqual({
      from: null,
      to: '2026-05-10T12:00:00.000Z',
      currency: 'USD',
      partners: { total: 0, byStatus: { active: 0, approved: 0, pending: 0, suspended: 0 } },
      newPartners: 0,
      clicks: 0,
      leads: 0,
      sales: 0,
      revenue: [],
      commissions: [],
      waiting: { applications: 0, deals: 0, claims: 0, submissions: 0 },
    })

    // Forty days ago: Ada joins, one click, one sale of $100 (commission $10, long approved by now).
    ctx.clock.set('2026-03-31T12:00:00.000Z')
    const ada = await partner('Ada')
    await sell('ADA', 10_000)
    // Today: Bob joins, two clicks, a lead, a $50 sale and a €20 sale refunded in full.
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    await approveDue(ctx.db, null, ctx.clock.now()) // the server's maintenance tick
    const bob = await partner('Bob')
    await afflio.track.lead({ customerExternalId: 'u1', clickId: await click('BOB') })
    await sell('BOB', 5_000)
    const refunded = await sell('BOB', 2_000, 'EUR')
    await afflio.track.refund({ invoiceId: refunded.invoiceId })
    await afflio.partners.update(bob, { status: 'suspended' })
    // A deal registration waits for the program.
    await afflio.partners.update(ada, { status: 'active' })
    const { token } = await afflio.embedTokens.create({ partnerId: ada })
    const adaPortal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp })
    await adaPortal.deals.register({ company: 'Globex', contactName: 'Hank', contactEmail: 'hank@globex.test' })
    // So do a missing-commission claim and a bounty submission.
    await adaPortal.claims.file({ invoiceId: 'in_missing', occurredAt: '2026-05-09' })
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Review us', description: 'Post a review, send its link.', reward: { amountMinor: 2500, currency: 'USD' } })
    await adaPortal.challenges.submit(bounty.id, { url: 'https://g2.test/review/1' })

    const all = await afflio.program.overview()
    expect(all).toMatchObject({
      from: null,
      partners: { total: 2, byStatus: { active: 1, approved: 0, pending: 0, suspended: 1 } },
      newPartners: 2,
      clicks: 4,
      leads: 1,
      sales: 2, // the refunded one is not counted
      revenue: [
        { currency: 'EUR', amountMinor: 0 },
        { currency: 'USD', amountMinor: 15_000 },
      ],
      waiting: { applications: 0, deals: 1, claims: 1, submissions: 1 },
    })
    const usd = all.commissions.find((c) => c.currency === 'USD')!
    expect(usd).toEqual({ currency: 'USD', pendingMinor: 500, approvedMinor: 1_000, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 0 })

    const week = await afflio.program.overview({ days: 7 })
    expect(week).toMatchObject({ from: '2026-05-04T00:00:00.000Z', newPartners: 1, clicks: 3, leads: 1, sales: 1, revenue: [{ currency: 'EUR', amountMinor: 0 }, { currency: 'USD', amountMinor: 5_000 }] })
    expect(week.commissions).toEqual(all.commissions) // states now, whatever the window
    expect(week.partners.total).toBe(2)

    await expect(afflio.program.overview({ days: 0 })).rejects.toMatchObject({ status: 400, field: 'days' })
    // Another program sees none of it.
    const other = client((await ctx.createProgram({ name: 'Other' })).secretKey)
    expect((await other.program.overview()).partners.total).toBe(0)
  })

  it("counts the last 30 days as a partner's overview does: today and the 29 UTC days before it", async () => {
    // A click on 10 April (30 days before 10 May, outside) and one on 11 April (inside), late in the day.
    ctx.clock.set('2026-04-10T23:00:00.000Z')
    const ada = await partner('Ada')
    await click('ADA')
    ctx.clock.set('2026-04-11T23:00:00.000Z')
    await click('ADA')
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    const month = await afflio.program.overview({ days: 30 })
    const { token } = await afflio.embedTokens.create({ partnerId: ada })
    const own = await new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp }).overview()
    expect(own).toMatchObject({ from: '2026-04-11', to: '2026-05-10', clicks: 1 })
    expect(month).toMatchObject({ from: '2026-04-11T00:00:00.000Z', clicks: 1, newPartners: 0 })
  })

  it('filters the partner list by status, group, no group and segment, together', async () => {
    const later = async (name: string) => {
      ctx.clock.set(new Date(ctx.clock.now().getTime() + 1000).toISOString()) // ids sort by time
      return partner(name)
    }
    const [ada, bob, cy] = [await later('Ada'), await later('Bob'), await later('Cy')]
    const gold = await afflio.groups.create({ name: 'Gold' })
    await afflio.partners.update(ada, { groupId: gold.id })
    await sell('BOB', 1_000)
    await afflio.partners.update(bob, { groupId: gold.id, status: 'suspended' })
    const sellers = await afflio.segments.create({ name: 'Sellers', definition: { conditions: [{ type: 'salesAtLeast', count: 1, period: 'lifetime' }] } })
    const names = async (q: Parameters<Afflio['partners']['list']>[0]) => (await afflio.partners.list(q)).data.map((p) => p.name)

    expect(await names({})).toEqual(['Cy', 'Bob', 'Ada'])
    expect(await names({ groupId: gold.id })).toEqual(['Bob', 'Ada'])
    expect(await names({ groupId: 'none' })).toEqual(['Cy'])
    expect(await names({ status: 'active' })).toEqual(['Cy', 'Ada'])
    expect(await names({ status: 'suspended', groupId: gold.id })).toEqual(['Bob'])
    expect(await names({ status: 'active', groupId: gold.id })).toEqual(['Ada'])
    expect(await names({ segmentId: sellers.id })).toEqual(['Bob'])
    expect(await names({ segmentId: sellers.id, status: 'active' })).toEqual([])
    // Paged like the unfiltered list.
    const first = await afflio.partners.list({ groupId: gold.id, limit: 1 })
    expect(first.data.map((p) => p.id)).toEqual([bob])
    expect((await afflio.partners.list({ groupId: gold.id, limit: 1, cursor: first.nextCursor! })).data.map((p) => p.id)).toEqual([ada])
    void cy

    await expect(afflio.partners.list({ status: 'gone' as never })).rejects.toMatchObject({ status: 400, field: 'status' })
    await expect(afflio.partners.list({ groupId: 'grp_nope' })).rejects.toMatchObject({ status: 400, field: 'groupId' })
    await afflio.segments.delete(sellers.id)
    await expect(afflio.partners.list({ segmentId: sellers.id })).rejects.toMatchObject({ status: 404 })
  })

  it('serves the program API to the console at /console/v1: CORS-open, console tokens only', async () => {
    await partner('Ada')
    const { token } = await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
    const manager = client(token, 'http://afflio.test/console')
    expect((await manager.partners.list()).data.map((p) => p.name)).toEqual(['Ada'])
    expect((await manager.program.overview()).partners.total).toBe(1)
    const group = await manager.groups.create({ name: 'Silver' })
    expect(group.name).toBe('Silver')

    const pre = await ctx.app.request('/console/v1/partners/bulk', {
      method: 'OPTIONS',
      headers: { origin: 'https://host.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key')
    expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH')
    const res = await ctx.app.request('/console/v1/program', { headers: { origin: 'https://host.test', authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')

    // Errors are readable cross-origin too, so the console can tell an expired token from the rest.
    const forged = await ctx.app.request('/console/v1/program', { headers: { origin: 'https://host.test', authorization: 'Bearer ct_forged' } })
    expect(forged.status).toBe(401)
    expect(forged.headers.get('access-control-allow-origin')).toBe('*')
    // A secret key is refused there; key management stays closed to console tokens.
    await expect(client(keys.secretKey, 'http://afflio.test/console').program.get()).rejects.toMatchObject({ status: 403, code: 'forbidden' })
    await expect(manager.keys.list()).rejects.toMatchObject({ status: 403 })
    ctx.clock.advanceDays(1)
    await expect(manager.program.get()).rejects.toMatchObject({ status: 401, code: 'token_expired' })

    // /v1 itself is still not open to browsers.
    const closed = await ctx.app.request('/v1/partners', { method: 'OPTIONS', headers: { origin: 'https://host.test', 'access-control-request-method': 'GET' } })
    expect(closed.headers.get('access-control-allow-origin')).toBeNull()
  })
})
