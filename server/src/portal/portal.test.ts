// The partner portal: embed tokens, and what a token of one partner can see and do. Everything goes
// through the SDK (the server client to mint, AfflioPortal to read) against the real app and database.
import { Afflio, AfflioApiError, AfflioPortal, type Commission, type LedgerTotals } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutCovering, setCommissionStatus } from '../testing-payouts.ts'

describe.each(dialects)('the partner portal on %s', (dialect) => {
  let ctx: TestContext
  let a: { secretKey: string; publishableKey: string; afflio: Afflio }
  let b: { secretKey: string; publishableKey: string; afflio: Afflio }
  const ids = { alice: '', bob: '', carol: '' }
  const codes = { alice: '' }
  const commissions: Record<string, Commission> = {}

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const sdkFor = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const portalFor = (token: string, onTokenExpired?: () => Promise<string>) =>
    new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0, ...(onTokenExpired ? { onTokenExpired } : {}) })
  const raw = (path: string, token: string | null, init: RequestInit = {}) =>
    ctx.app.request(path, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...init.headers } })

  let ip = 0
  const click = async (key: string, code: string, subId?: string) => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `203.0.113.${++ip}` },
      body: JSON.stringify({ key, code, ...(subId ? { subId } : {}) }),
    })
    expect(res.status).toBe(201)
    return (await res.json()).clickId as string
  }
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }
  const totals = (currency: string, t: Partial<Omit<LedgerTotals, 'currency'>>): LedgerTotals => ({ currency, pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0, ...t })
  const setStatus = (id: string, status: 'approved' | 'on_hold' | 'fraud') => setCommissionStatus(ctx.db, id, status)
  const mint = async (afflio = a.afflio, input: Parameters<Afflio['embedTokens']['create']>[0] = { partnerId: ids.alice }) => (await afflio.embedTokens.create(input)).token

  // Program A (USD): alice (minted by externalId) and bob. Program B: carol. Activity on Nov 1-3.
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const pa = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 }, siteUrl: 'https://acme.test' })
    const pb = await ctx.createProgram({ name: 'Other', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 5000 } })
    a = { ...pa, afflio: sdkFor(pa.secretKey) }
    b = { ...pb, afflio: sdkFor(pb.secretKey) }

    ctx.clock.set('2026-11-01T10:00:00.000Z')
    const first = await a.afflio.embedTokens.create({ externalId: 'u_alice', email: 'alice@partner.test', name: 'Alice' })
    ids.alice = first.partnerId
    codes.alice = (await a.afflio.partners.get(ids.alice)).links[0]!.code
    ids.bob = (await a.afflio.partners.create({ email: 'bob@partner.test', linkCode: 'BOB' })).id
    ids.carol = (await b.afflio.partners.create({ email: 'carol@partner.test', linkCode: 'CAROL' })).id

    // Nov 1: alice 3 clicks (one becomes a lead), bob 4 clicks and a lead, carol 2 clicks and a lead.
    const c1 = await click(a.publishableKey, codes.alice, 'newsletter')
    await click(a.publishableKey, codes.alice, 'newsletter')
    await click(a.publishableKey, codes.alice)
    for (let i = 0; i < 4; i++) await click(a.publishableKey, 'BOB')
    const bobClick = await click(a.publishableKey, 'BOB')
    const carolClick = await click(b.publishableKey, 'CAROL')
    await click(b.publishableKey, 'CAROL')
    await a.afflio.track.lead({ clickId: c1, customerExternalId: 'cust_1', email: 'c1@buyer.test' })
    await a.afflio.track.lead({ clickId: bobClick, customerExternalId: 'cust_bob', email: 'cb@buyer.test' })
    await b.afflio.track.lead({ clickId: carolClick, customerExternalId: 'cust_carol', email: 'cc@buyer.test' })

    // Nov 2: alice's first sale; bob and carol sell too.
    ctx.clock.set('2026-11-02T09:00:00.000Z')
    commissions.a1 = (await a.afflio.track.sale({ invoiceId: 'in_a1', amountMinor: 10_000, currency: 'USD', customerExternalId: 'cust_1' })).commission!
    commissions.bob = (await a.afflio.track.sale({ invoiceId: 'in_b1', amountMinor: 7000, currency: 'USD', customerExternalId: 'cust_bob' })).commission!
    commissions.carol = (await b.afflio.track.sale({ invoiceId: 'in_c1', amountMinor: 9999, currency: 'USD', customerExternalId: 'cust_carol' })).commission!

    // Nov 3: alice 2 more clicks, a second lead and two sales (one in EUR).
    ctx.clock.set('2026-11-03T15:00:00.000Z')
    const c4 = await click(a.publishableKey, codes.alice)
    await click(a.publishableKey, codes.alice)
    await a.afflio.track.lead({ clickId: c4, customerExternalId: 'cust_2', email: 'c2@buyer.test' })
    commissions.a2 = (await a.afflio.track.sale({ invoiceId: 'in_a2', amountMinor: 5000, currency: 'USD', customerExternalId: 'cust_2' })).commission!
    commissions.a3 = (await a.afflio.track.sale({ invoiceId: 'in_a3', amountMinor: 3000, currency: 'EUR', customerExternalId: 'cust_1' })).commission!
    for (const c of Object.values(commissions)) expect(c).toBeTruthy()

    // Statuses as the ledger would move them: a1 approved, a2 paid (in a paid payout), bob's approved.
    await setStatus(commissions.a1.id, 'approved')
    const programId = (await a.afflio.program.get()).id
    const paidAt = '2026-11-03T16:00:00.000Z'
    await payoutCovering(ctx.db, { programId, runId: 'prun_paid', id: 'pay_paid', partnerId: ids.alice, amountMinor: commissions.a2.amountMinor, currency: 'USD', status: 'paid', at: paidAt, commissionIds: [commissions.a2.id] })
    await setStatus(commissions.bob.id, 'approved')
    ctx.clock.set('2026-11-04T08:00:00.000Z')
  })
  afterAll(() => ctx.close())


  describe('minting embed tokens', () => {
    it('creates the partner by externalId once, then finds it', async () => {
      const again = await a.afflio.embedTokens.create({ externalId: 'u_alice', email: 'other@partner.test' })
      expect(again.partnerId).toBe(ids.alice)
      expect(again.token).toMatch(/^et_[0-9a-z]{32}$/)
      expect(again.expiresAt).toBe('2026-11-04T09:00:00.000Z') // one hour by default
      const partner = await a.afflio.partners.get(ids.alice)
      expect(partner).toMatchObject({ email: 'alice@partner.test', externalId: 'u_alice', name: 'Alice' })
      expect(partner.links).toHaveLength(1)
    })

    it('adopts a partner created by email, and refuses an email owned by another externalId', async () => {
      const dave = await a.afflio.partners.create({ email: 'dave@partner.test' })
      const t = await a.afflio.embedTokens.create({ externalId: 'u_dave', email: 'Dave@Partner.test' })
      expect(t.partnerId).toBe(dave.id)
      expect((await a.afflio.partners.get(dave.id)).externalId).toBe('u_dave')
      const e = await errorOf(a.afflio.embedTokens.create({ externalId: 'u_someone_else', email: 'dave@partner.test' }))
      expect(e).toMatchObject({ status: 409, code: 'conflict', field: 'email' })
    })

    it('mints by partnerId only within the key’s program', async () => {
      expect((await a.afflio.embedTokens.create({ partnerId: ids.bob })).partnerId).toBe(ids.bob)
      expect(await errorOf(a.afflio.embedTokens.create({ partnerId: ids.carol }))).toMatchObject({ status: 404, code: 'not_found' })
    })

    it('validates the input', async () => {
      const bad = async (body: unknown) => (await (await raw('/v1/embed-tokens', a.secretKey, { method: 'POST', body: JSON.stringify(body) })).json()).error
      expect(await bad({})).toMatchObject({ code: 'invalid_request', field: 'partnerId' })
      expect(await bad({ externalId: 'x' })).toMatchObject({ code: 'invalid_request', field: 'email' })
      expect(await bad({ partnerId: ids.bob, externalId: 'x', email: 'x@y.test' })).toMatchObject({ field: 'partnerId' })
      expect(await bad({ partnerId: ids.bob, expiresInSeconds: 10 })).toMatchObject({ field: 'expiresInSeconds' })
      expect(await bad({ partnerId: ids.bob, locale: 'not a locale' })).toMatchObject({ field: 'locale' })
      expect(await bad({ partnerId: ids.bob, extra: 1 })).toMatchObject({ code: 'invalid_request' })
    })

    it('needs a secret key, and refuses suspended partners', async () => {
      const res = await raw('/v1/embed-tokens', a.publishableKey, { method: 'POST', body: JSON.stringify({ partnerId: ids.bob }) })
      expect(res.status).toBe(403)
      const eve = await a.afflio.partners.create({ email: 'eve@partner.test' })
      await ctx.db.updateTable('partners').set({ status: 'suspended' }).where('id', '=', eve.id).execute()
      expect(await errorOf(a.afflio.embedTokens.create({ partnerId: eve.id }))).toMatchObject({ status: 403, code: 'forbidden' })
    })
  })

  describe('authorisation', () => {
    it('answers /me for the token’s partner, with the locale hint', async () => {
      const token = await mint(a.afflio, { partnerId: ids.alice, locale: 'de-CH' })
      const me = await portalFor(token).me()
      expect(me.partner).toMatchObject({ id: ids.alice, email: 'alice@partner.test' })
      expect(me.program).toEqual({ name: 'Acme', currency: 'USD', siteUrl: 'https://acme.test' })
      expect(me.locale).toBe('de-CH')
    })

    it('tells an expired token (token_expired) from a missing, malformed or tampered one (unauthorized)', async () => {
      const token = await mint()
      const status = async (t: string | null) => {
        const res = await raw('/v1/portal/me', t)
        return { status: res.status, code: (await res.json()).error?.code as string | undefined, cors: res.headers.get('access-control-allow-origin') }
      }
      expect(await status(token)).toMatchObject({ status: 200 })
      const flipped = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')
      expect(await status(flipped)).toEqual({ status: 401, code: 'unauthorized', cors: '*' })
      expect(await status(null)).toMatchObject({ status: 401, code: 'unauthorized' })
      expect(await status('et_short')).toMatchObject({ status: 401, code: 'unauthorized' })
      expect(await status(a.secretKey)).toMatchObject({ status: 401, code: 'unauthorized' })

      ctx.clock.set('2026-11-04T09:00:00.000Z') // exactly the expiry
      expect(await status(token)).toEqual({ status: 401, code: 'token_expired', cors: '*' })
      ctx.clock.set('2026-11-20T09:00:00.000Z') // long after: still told apart
      expect(await status(token)).toMatchObject({ code: 'token_expired' })
      ctx.clock.set('2026-11-04T08:00:00.000Z')
    })

    it('refuses a token once its partner is suspended', async () => {
      const frank = await a.afflio.partners.create({ email: 'frank@partner.test' })
      const token = await mint(a.afflio, { partnerId: frank.id })
      await ctx.db.updateTable('partners').set({ status: 'suspended' }).where('id', '=', frank.id).execute()
      expect(await errorOf(portalFor(token).me())).toMatchObject({ status: 403, code: 'forbidden' })
    })

    it('is open to any origin without credentials, preflight included', async () => {
      const res = await ctx.app.request('/v1/portal/overview', {
        method: 'OPTIONS',
        headers: { origin: 'https://host.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
      expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    })

    it('does not fall through to the program API', async () => {
      const res = await raw('/v1/portal/partners', await mint())
      expect(res.status).toBe(404)
    })

    it('refreshes an expired token once through onTokenExpired and retries, sharing one refresh', async () => {
      const stale = await mint()
      ctx.clock.set('2026-11-04T10:00:00.000Z')
      let asked = 0
      const portal = portalFor(stale, async () => {
        asked++
        return mint()
      })
      const [me, links] = await Promise.all([portal.me(), portal.links.list()])
      expect(me.partner.id).toBe(ids.alice)
      expect(links.data.length).toBeGreaterThan(0)
      expect(asked).toBe(1)
      expect(portal.token).not.toBe(stale)

      // Without a callback, or when the callback fails, the caller sees token_expired.
      expect(await errorOf(portalFor(stale).me())).toMatchObject({ status: 401, code: 'token_expired' })
      const failing = portalFor(stale, () => Promise.reject(new Error('host is down')))
      expect(await errorOf(failing.me())).toMatchObject({ code: 'token_expired' })
      // A tampered token is not refreshed.
      let tried = 0
      const forged = portalFor('et_' + 'a'.repeat(32), async () => (tried++, mint()))
      expect(await errorOf(forged.me())).toMatchObject({ code: 'unauthorized' })
      expect(tried).toBe(0)
      ctx.clock.set('2026-11-04T08:00:00.000Z')
    })

    it('refuses an API key in the portal client', () => {
      expect(() => portalFor(a.secretKey)).toThrow(/embed token/)
    })

    it('rate-limits per token', async () => {
      // A second app on the same database, with a tiny burst.
      const app = createApp({ db: ctx.db, now: ctx.clock.now, rateLimit: { burst: 3, perSecond: 0.001 } })
      const [t1, t2] = [await mint(), await mint()]
      const me = (t: string) => app.request('/v1/portal/me', { headers: { authorization: `Bearer ${t}` } })
      for (let i = 0; i < 3; i++) expect((await me(t1)).status).toBe(200)
      const over = await me(t1)
      expect(over.status).toBe(429)
      expect(over.headers.get('retry-after')).toBeTruthy()
      expect((await me(t2)).status).toBe(200)
    })
  })

  describe('overview', () => {
    const usd = (c: Commission) => c.amountMinor

    it('equals what was recorded, by status and currency, and nothing of other partners or programs', async () => {
      const o = await portalFor(await mint()).overview({ from: '2026-11-01', to: '2026-11-03' })
      expect(o).toMatchObject({ from: '2026-11-01', to: '2026-11-03', interval: 'day', currency: 'USD', clicks: 5, leads: 2, sales: 3, revenueMinor: 15_000, tier: null })
      expect(o.conversionRate).toBeCloseTo(3 / 5)
      expect(o.earnings).toEqual([
        totals('USD', { approvedMinor: usd(commissions.a1!), paidMinor: usd(commissions.a2!) }),
        totals(commissions.a3!.currency, { pendingMinor: commissions.a3!.amountMinor }),
      ])
      expect(o.series).toEqual([
        { date: '2026-11-01', clicks: 3, leads: 1, sales: 0, earningsMinor: 0 },
        { date: '2026-11-02', clicks: 0, leads: 0, sales: 1, earningsMinor: usd(commissions.a1!) },
        { date: '2026-11-03', clicks: 2, leads: 1, sales: 2, earningsMinor: usd(commissions.a2!) },
      ])
    })

    it('shows bob only bob’s numbers, and carol only carol’s', async () => {
      const bob = await portalFor(await mint(a.afflio, { partnerId: ids.bob })).overview({ from: '2026-11-01', to: '2026-11-03' })
      expect(bob).toMatchObject({ clicks: 5, leads: 1, sales: 1, revenueMinor: 7000 })
      expect(bob.earnings).toEqual([totals('USD', { approvedMinor: usd(commissions.bob!) })])
      const carol = await portalFor(await mint(b.afflio, { partnerId: ids.carol })).overview({ from: '2026-11-01', to: '2026-11-03' })
      expect(carol).toMatchObject({ clicks: 2, leads: 1, sales: 1, revenueMinor: 9999 })
      expect(carol.earnings).toEqual([totals('USD', { pendingMinor: usd(commissions.carol!) })])
    })

    it('limits to the period, and buckets by week and month', async () => {
      const portal = portalFor(await mint())
      const day2 = await portal.overview({ from: '2026-11-02', to: '2026-11-02' })
      expect(day2).toMatchObject({ clicks: 0, leads: 0, sales: 1, revenueMinor: 10_000 })
      // Nov 1 2026 is a Sunday: its week starts at `from`, the next on Monday Nov 2.
      const weeks = await portal.overview({ from: '2026-10-20', to: '2026-11-10', interval: 'week' })
      expect(weeks.series.map((p) => p.date)).toEqual(['2026-10-20', '2026-10-26', '2026-11-02', '2026-11-09'])
      expect(weeks.series.map((p) => p.clicks)).toEqual([0, 3, 2, 0])
      const months = await portal.overview({ from: '2026-10-15', to: '2026-12-31', interval: 'month' })
      expect(months.series.map((p) => [p.date, p.sales])).toEqual([
        ['2026-10-15', 0],
        ['2026-11-01', 3],
        ['2026-12-01', 0],
      ])
    })

    it('defaults to the last 30 days by day', async () => {
      const o = await portalFor(await mint()).overview()
      expect(o).toMatchObject({ from: '2026-10-06', to: '2026-11-04', interval: 'day', clicks: 5 })
      expect(o.series).toHaveLength(30)
    })

    it('leaves out reversed and fraud commissions and shows on-hold ones as on hold', async () => {
      const sale = await a.afflio.track.sale({ invoiceId: 'in_a4', amountMinor: 1000, currency: 'USD', customerExternalId: 'cust_2' })
      const portal = portalFor(await mint())
      const before = (await portal.overview({ from: '2026-11-04', to: '2026-11-04' })).earnings[0]!
      expect(before.pendingMinor).toBe(sale.commission!.amountMinor)
      await setStatus(sale.commission!.id, 'on_hold')
      expect((await portal.overview({ from: '2026-11-04', to: '2026-11-04' })).earnings[0]).toMatchObject({ pendingMinor: 0, onHoldMinor: sale.commission!.amountMinor })
      await setStatus(sale.commission!.id, 'fraud')
      expect((await portal.overview({ from: '2026-11-04', to: '2026-11-04' })).earnings[0]).toEqual(totals('USD', {}))
    })

    it('shows the tier standing on a tiered rule, and null without one', async () => {
      expect((await portalFor(await mint()).overview()).tier).toBeNull()
      const c = await ctx.createProgram({ name: 'Tiered', currency: 'USD' })
      const rule = await raw('/v1/rules', c.secretKey, {
        method: 'POST',
        body: JSON.stringify({
          name: 'Volume', event: 'sale', type: 'percent', value: 1000, tierMetric: 'sales', tierPeriod: 'lifetime',
          tiers: [{ name: 'Silver', from: 1, value: 1500 }, { name: 'Gold', from: 3, value: 2000 }],
        }),
      })
      expect(rule.status).toBe(201)
      const afflio = sdkFor(c.secretKey)
      const dan = await afflio.partners.create({ email: 'dan@partner.test', linkCode: 'DAN' })
      const portal = portalFor(await mint(afflio, { partnerId: dan.id }))
      expect((await portal.overview()).tier).toEqual({ name: null, rateBps: 1000, metric: 'sales', period: 'lifetime', progress: { current: 0, nextThreshold: 1, nextName: 'Silver' } })
      const clickId = await click(c.publishableKey, 'DAN')
      await afflio.track.sale({ invoiceId: 'in_d1', amountMinor: 1000, currency: 'USD', clickId })
      expect((await portal.overview()).tier).toEqual({ name: 'Silver', rateBps: 1500, metric: 'sales', period: 'lifetime', progress: { current: 1, nextThreshold: 3, nextName: 'Gold' } })
    })

    it("gives a flat tier's amount in the rule's own currency", async () => {
      const c = await ctx.createProgram({ name: 'Flat in yen', currency: 'KWD' })
      const afflio = sdkFor(c.secretKey)
      const fay = await afflio.partners.create({ email: 'fay@partner.test', linkCode: 'FAY' })
      const rule = await raw('/v1/rules', c.secretKey, {
        method: 'POST',
        body: JSON.stringify({ name: 'Yen', event: 'sale', type: 'flat', value: 500, currency: 'JPY', tierMetric: 'sales', tierPeriod: 'lifetime', tiers: [{ name: 'Silver', from: 1, value: 700 }] }),
      })
      expect(rule.status).toBe(201)
      const portal = portalFor(await mint(afflio, { partnerId: fay.id }))
      expect((await portal.overview()).tier).toMatchObject({ name: null, amountMinor: 500, currency: 'JPY' })
      expect(await afflio.partners.tier(fay.id)).toMatchObject({ baseValue: 500, type: 'flat', currency: 'JPY' })
    })

    it('counts a commission on the UTC day it was made, to the millisecond either side of midnight', async () => {
      const c = await ctx.createProgram({ name: 'Midnight', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 5000 } })
      const afflio = sdkFor(c.secretKey)
      const eve = await afflio.partners.create({ email: 'eve@partner.test', linkCode: 'EVE' })
      const sellAt = async (at: string, invoiceId: string, amountMinor: number) => {
        ctx.clock.set(at)
        await afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId: await click(c.publishableKey, 'EVE') })
      }
      await sellAt('2026-11-05T23:59:59.999Z', 'in_e1', 1000)
      await sellAt('2026-11-06T00:00:00.000Z', 'in_e2', 3000)
      const portal = portalFor(await mint(afflio, { partnerId: eve.id }))
      const pending = async (from: string, to: string) => (await portal.overview({ from, to })).earnings.map((t) => t.pendingMinor)
      expect(await pending('2026-11-05', '2026-11-05')).toEqual([500])
      expect(await pending('2026-11-06', '2026-11-06')).toEqual([1500])
      expect(await pending('2026-11-05', '2026-11-06')).toEqual([2000])
      expect(await pending('2026-11-04', '2026-11-04')).toEqual([0]) // the program's currency, always listed
      ctx.clock.set('2026-11-04T08:00:00.000Z') // as the tests after this one expect
    })

    it('validates the period', async () => {
      const portal = portalFor(await mint())
      expect(await errorOf(portal.overview({ from: '2026-11-05', to: '2026-11-01' }))).toMatchObject({ status: 400, field: 'from' })
      expect(await errorOf(portal.overview({ from: '2026-02-30' }))).toMatchObject({ status: 400, field: 'from' })
      expect(await errorOf(portal.overview({ from: '2024-01-01', to: '2026-01-01' }))).toMatchObject({ status: 400, field: 'to' })
      expect(await errorOf(portal.overview({ interval: 'year' as 'day' }))).toMatchObject({ status: 400, field: 'interval' })
    })
  })

  describe('links', () => {
    it('lists only the partner’s links, with stats and the URL to share', async () => {
      const page = await portalFor(await mint()).links.list()
      expect(page.data.map((l) => l.partnerId)).toEqual([ids.alice])
      expect(page.data[0]).toMatchObject({ code: codes.alice, clicks: 5, leads: 2, sales: 4, url: `https://acme.test/?ref=${codes.alice}` })
      const bobs = await portalFor(await mint(a.afflio, { partnerId: ids.bob })).links.list()
      expect(bobs.data.map((l) => l.code)).toEqual(['BOB'])
      expect(bobs.data[0]).toMatchObject({ clicks: 5, leads: 1, sales: 1 })
    })

    it('creates a link for the partner, with a share URL from its destination', async () => {
      const portal = portalFor(await mint())
      const link = await portal.links.create({ destinationUrl: 'https://acme.test/pricing?plan=pro', code: 'alice-pricing' })
      expect(link).toMatchObject({ partnerId: ids.alice, code: 'alice-pricing', url: 'https://acme.test/pricing?plan=pro&ref=alice-pricing', clicks: 0 })
      expect((await portal.links.list()).data.map((l) => l.code)).toEqual(['alice-pricing', codes.alice])
      // The code now tracks clicks for alice.
      ctx.clock.set('2026-11-04T08:30:00.000Z')
      await click(a.publishableKey, 'alice-pricing')
      expect((await portal.links.list()).data[0]!.clicks).toBe(1)
      // Codes are unique per program: another program may use the same one.
      const carol = portalFor(await mint(b.afflio, { partnerId: ids.carol }))
      expect((await carol.links.create({ code: 'alice-pricing' })).partnerId).toBe(ids.carol)
      ctx.clock.set('2026-11-04T08:00:00.000Z')
    })

    it('validates a new link', async () => {
      const portal = portalFor(await mint())
      expect(await errorOf(portal.links.create({ code: 'BOB' }))).toMatchObject({ status: 409, code: 'conflict', field: 'code' })
      expect(await errorOf(portal.links.create({ code: 'a b' }))).toMatchObject({ status: 400, field: 'code' })
      expect(await errorOf(portal.links.create({ destinationUrl: 'not a url' }))).toMatchObject({ status: 400, field: 'destinationUrl' })
      expect(await errorOf(portal.links.create({ destinationUrl: 'javascript:alert(1)' }))).toMatchObject({ status: 400, field: 'destinationUrl' })
      expect(await errorOf(portal.links.create({ destinationUrl: 'https://evil-phish.example/login' }))).toMatchObject({ status: 400, field: 'destinationUrl' })
      expect(await errorOf(portal.links.create({ partnerId: ids.bob } as never))).toMatchObject({ status: 400 })
      const generated = await portal.links.create({})
      expect(generated.code).toMatch(/^[0-9a-z]{8}$/)
      expect(generated.destinationUrl).toBeNull()
    })
  })

  describe('commissions', () => {
    it('lists only the partner’s commissions, newest first, with their sales, page by page', async () => {
      const portal = portalFor(await mint())
      const all: string[] = []
      for await (const c of portal.commissions.listAll({ limit: 2 })) {
        expect(c.partnerId).toBe(ids.alice)
        all.push(c.id)
      }
      expect(all).toEqual([...all].sort().reverse())
      expect(all).toEqual(expect.arrayContaining([commissions.a1!.id, commissions.a2!.id, commissions.a3!.id]))
      expect(all).not.toContain(commissions.bob!.id)
      expect(all).not.toContain(commissions.carol!.id)
      const page = await portal.commissions.list({ limit: 100 })
      const a1 = page.data.find((c) => c.id === commissions.a1!.id)!
      expect(a1).toMatchObject({ status: 'approved', amountMinor: commissions.a1!.amountMinor, sale: { invoiceId: 'in_a1', amountMinor: 10_000, currency: 'USD', occurredAt: '2026-11-02T09:00:00.000Z' } })
    })

    it('does not page into another partner’s commissions through the cursor', async () => {
      const bob = portalFor(await mint(a.afflio, { partnerId: ids.bob }))
      const page = await bob.commissions.list({ cursor: 'com_zzzzzzzzzzzzzzzzzzzzzzzz' })
      expect(page.data.map((c) => c.id)).toEqual([commissions.bob!.id])
    })
  })

  describe('payouts', () => {
    it('derives balances per currency from the partner’s commissions only', async () => {
      await ctx.db.updateTable('programs').set({ payout_minimums: JSON.stringify({ USD: 5000, EUR: 2500 }) }).where('id', '=', (await a.afflio.program.get()).id).execute()
      const p = await portalFor(await mint()).payouts.get()
      const paid = { id: 'pay_paid', amountMinor: commissions.a2!.amountMinor, currency: 'USD', status: 'paid', createdAt: '2026-11-03T16:00:00.000Z', paidAt: '2026-11-03T16:00:00.000Z' }
      expect(p).toMatchObject({ currency: 'USD', minimumMinor: 5000, nextPayoutAt: null, payoutDetails: null, history: [paid] })
      expect(p.balances[0]).toEqual({ ...totals('USD', { approvedMinor: commissions.a1!.amountMinor, paidMinor: commissions.a2!.amountMinor }), minimumMinor: 5000, nextPayout: null })
      expect(p.balances[1]).toEqual({ ...totals('EUR', { pendingMinor: commissions.a3!.amountMinor }), minimumMinor: 2500, nextPayout: null })
      const carol = await portalFor(await mint(b.afflio, { partnerId: ids.carol })).payouts.get()
      expect(carol.balances).toEqual([{ ...totals('USD', { pendingMinor: commissions.carol!.amountMinor }), minimumMinor: 0, nextPayout: null }])
    })

    it('shows the partner’s payouts, and what an unsent payout holds apart from what was paid', async () => {
      const programId = (await a.afflio.program.get()).id
      const at = '2026-11-04T07:00:00.000Z'
      const a1 = commissions.a1!.amountMinor
      // A run's payouts cover the commissions they pay: alice's a1 is in a payout not sent yet.
      const payout = { programId, runId: 'prun_test', currency: 'USD', status: 'processing' as const, at }
      await payoutCovering(ctx.db, { ...payout, id: 'pay_alice', partnerId: ids.alice, amountMinor: a1, commissionIds: [commissions.a1!.id] })
      await payoutCovering(ctx.db, { ...payout, id: 'pay_bob', partnerId: ids.bob, amountMinor: 1, commissionIds: [] })
      const p = await portalFor(await mint()).payouts.get()
      expect(p.history).toEqual([
        { id: 'pay_paid', amountMinor: commissions.a2!.amountMinor, currency: 'USD', status: 'paid', createdAt: '2026-11-03T16:00:00.000Z', paidAt: '2026-11-03T16:00:00.000Z' },
        { id: 'pay_alice', amountMinor: a1, currency: 'USD', status: 'processing', createdAt: at, paidAt: null },
      ])
      expect(p.balances[0]).toMatchObject({ approvedMinor: 0, inPayoutMinor: a1, paidMinor: commissions.a2!.amountMinor })
    })

    it('stores payout details, with the field each method needs', async () => {
      const portal = portalFor(await mint())
      expect(await portal.payoutDetails.update({ method: 'paypal', email: 'Alice@PayPal.test' })).toEqual({ method: 'paypal', email: 'alice@paypal.test' })
      expect((await portal.payouts.get()).payoutDetails).toEqual({ method: 'paypal', email: 'alice@paypal.test' })
      expect(await portal.payoutDetails.update({ method: 'bank', accountRef: 'de89 3704 0044 0532 0130 00' })).toEqual({ method: 'bank', accountRef: 'DE89370400440532013000' })
      expect(await portal.payoutDetails.update({ method: 'stripe_connect', accountRef: 'acct_1Nv0FGQ9RKHgCVdK' })).toEqual({ method: 'stripe_connect', accountRef: 'acct_1Nv0FGQ9RKHgCVdK' })
      expect((await portal.payouts.get()).payoutDetails).toEqual({ method: 'stripe_connect', accountRef: 'acct_1Nv0FGQ9RKHgCVdK' })
      // Bob's details are his own.
      expect((await portalFor(await mint(a.afflio, { partnerId: ids.bob })).payouts.get()).payoutDetails).toBeNull()
    })

    it('refuses payout details missing or misusing a field', async () => {
      const portal = portalFor(await mint())
      const bad = (d: unknown) => errorOf(portal.payoutDetails.update(d as never))
      expect(await bad({ method: 'paypal' })).toMatchObject({ status: 400, field: 'email' })
      expect(await bad({ method: 'wise', email: 'nope' })).toMatchObject({ status: 400, field: 'email' })
      expect(await bad({ method: 'paypal', email: 'a@b.test', accountRef: 'x' })).toMatchObject({ status: 400 })
      expect(await bad({ method: 'bank' })).toMatchObject({ status: 400, field: 'accountRef' })
      expect(await bad({ method: 'bank', accountRef: 'DE00 3704 0044 0532 0130 00' })).toMatchObject({ status: 400, field: 'accountRef' })
      expect(await bad({ method: 'stripe_connect', accountRef: 'cus_123456' })).toMatchObject({ status: 400, field: 'accountRef' })
      expect(await bad({ method: 'cheque' })).toMatchObject({ status: 400, field: 'method' })
    })
  })

  // Last: it adds links the tests above count.
  it("keeps one partner's Idempotency-Key from replaying another partner's answer", async () => {
    const post = async (token: string) =>
      raw('/v1/portal/links', token, { method: 'POST', headers: { 'idempotency-key': 'shared-key' }, body: JSON.stringify({ destinationUrl: 'https://acme.test/pricing' }) })
    const forAlice = await post(await mint())
    const forBob = await post(await mint(a.afflio, { partnerId: ids.bob }))
    expect(forAlice.status).toBe(201)
    expect(forBob.status).toBe(201)
    expect(forBob.headers.get('idempotent-replayed')).toBeNull()
    expect((await forBob.json()).partnerId).toBe(ids.bob)
    const again = await post(await mint())
    expect(again.headers.get('idempotent-replayed')).toBe('true')
  })
})
