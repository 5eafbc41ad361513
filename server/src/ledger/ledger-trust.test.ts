// The money defects a new user found (issue "One ledger"), each pinned by a test on SQLite and Postgres:
// currencies from the ISO 4217 table (3-digit exports, made-up codes), NUL text, tier pricing under
// concurrency, a pinned tier's standing, the partner's group/referrer/tier on reads, and a sale that names
// its click under clock skew.
import { Afflio } from '@afflio/sdk'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('the ledger on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string }
  let ip = 0

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  const click = async (code: string): Promise<{ clickId: string }> => {
    ip++
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.9.${ip >> 8}.${ip & 255}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    expect(res.status).toBe(201)
    return res.json()
  }
  const post = (path: string, body: unknown) =>
    ctx.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const count = async (table: 'sales' | 'commissions' | 'partners' | 'customers') => Number((await ctx.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  it('exports 3-digit currencies in their own digits: 2469 fils are 2.469 KWD (Wise; PayPal pays in no KWD)', async () => {
    const p = await payoutProgram(ctx)
    const kim = await p.partner('Kim', { method: 'wise', email: 'kim@wise.test' })
    const pay = await p.partner('Pay', { method: 'paypal', email: 'pay@paypal.test' })
    await p.earn(kim, [[2469, 'KWD'], [5000, 'JPY']])
    await p.earn(pay, [[2469, 'KWD']])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const wise = parse(await p.afflio.payouts.runs.export(run.id, { format: 'wise' }), { columns: true }) as Record<string, string>[]
    expect(wise.map((r) => [r.amount, r.targetCurrency])).toEqual([
      ['5000', 'JPY'],
      ['2.469', 'KWD'],
    ])
    // PayPal pays in no KWD (paypal-units.ts): Pay's payout is left out of its file, counted as excluded
    // beside Kim's two (Wise)
    const paypal = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=paypal&currency=KWD`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect([await paypal.text(), paypal.headers.get('afflio-export-count'), paypal.headers.get('afflio-export-excluded')]).toEqual(['', '0', '3'])
  })

  it('refuses made-up and non-payment currency codes with 400, writing nothing', async () => {
    await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
    const { clickId } = await click('ANN')
    const before = [await count('sales'), await count('commissions')]
    for (const currency of ['ABC', 'XXX', 'XTS', 'XAU', 'HRK']) {
      const res = await post('/v1/track/sale', { invoiceId: `i_${currency}`, amountMinor: 1000, currency, clickId })
      expect(res.status, currency).toBe(400)
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field: 'currency' } })
    }
    expect([await count('sales'), await count('commissions')]).toEqual(before)
    const made = await ctx.app.request('/v1/admin/programs', { method: 'POST', headers: { authorization: 'Bearer test-admin-token' }, body: JSON.stringify({ name: 'Z', currency: 'ABC' }) })
    expect(made.status).toBe(400)
    // A real 3-digit currency is fine, lower case too.
    expect((await post('/v1/track/sale', { invoiceId: 'i_kwd', amountMinor: 1000, currency: 'kwd', clickId })).status).toBe(201)
  })

  it('answers 400 to NUL characters in any text, on both databases, writing nothing', async () => {
    const ann = await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
    const { clickId } = await click('ANN')
    await afflio.track.sale({ invoiceId: 'real', amountMinor: 1000, currency: 'USD', clickId })
    const before = [await count('sales'), await count('commissions'), await count('partners'), await count('customers')]
    const bad: Array<[string, unknown, string]> = [
      ['/v1/track/sale', { invoiceId: 'i\u0000', amountMinor: 1000, currency: 'USD', clickId }, 'invoiceId'],
      ['/v1/track/sale', { invoiceId: 'i2', amountMinor: 1000, currency: 'USD', customerExternalId: 'c\u0000' }, 'customerExternalId'],
      ['/v1/track/sale', { invoiceId: 'i3', amountMinor: 1000, currency: 'USD', clickId, productId: 'p\u0000' }, 'productId'],
      ['/v1/track/lead', { key: keys.publishableKey, clickId, customerExternalId: 'x\u0000y' }, 'customerExternalId'],
      ['/v1/partners', { email: 'bo@b.test', name: 'Bo\u0000' }, 'name'],
      ['/v1/track/refund', { invoiceId: 'real\u0000' }, 'invoiceId'],
    ]
    for (const [path, body, field] of bad) {
      const res = await post(path, body)
      expect(res.status, `${path} ${field}`).toBe(400)
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field, message: expect.stringContaining('NUL') } })
    }
    expect((await ctx.app.request(`/v1/partners/${ann.id}%00`, { headers: { authorization: `Bearer ${keys.secretKey}` } })).status).toBe(400)
    expect((await ctx.app.request('/v1/commissions?partnerId=a%00b', { headers: { authorization: `Bearer ${keys.secretKey}` } })).status).toBe(400)
    expect([await count('sales'), await count('commissions'), await count('partners'), await count('customers')]).toEqual(before)
  })

  it('prices tiers per partner in turn: 8 sales at the same moment give 2 at the base rate and 6 at the tier from the 3rd', async () => {
    await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
    await afflio.rules.create({ name: 'tiered', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Silver', from: 2, value: 2000 }], tierMetric: 'sales' })
    const clicks = []
    for (let i = 0; i < 8; i++) clicks.push((await click('ANN')).clickId)
    const sales = await Promise.all(clicks.map((clickId, i) => afflio.track.sale({ invoiceId: `race_${i}`, amountMinor: 10_000, currency: 'USD', clickId })))
    const amounts = sales.map((s) => s.commission!.amountMinor).sort((a, b) => a - b)
    // "From 2": the 3rd sale and later have 2 sales before them.
    expect(amounts).toEqual([1000, 1000, 2000, 2000, 2000, 2000, 2000, 2000])
  })

  it('reports a pinned tier as the tier in force and the tier above it as next', async () => {
    const ann = await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
    await afflio.rules.create({
      name: 'tiered',
      event: 'sale',
      type: 'percent',
      value: 1000,
      tiers: [
        { name: 'Silver', from: 3, value: 1500 },
        { name: 'Gold', from: 10, value: 2000 },
        { name: 'Platinum', from: 50, value: 2500 },
      ],
      tierMetric: 'sales',
    })
    await afflio.partners.bulk({ partnerIds: [ann.id], action: 'set_tier', tier: 'Gold' })
    expect(await afflio.partners.tier(ann.id)).toMatchObject({ current: 0, tier: { name: 'Gold' }, next: { name: 'Platinum', from: 50 } })
    await afflio.partners.bulk({ partnerIds: [ann.id], action: 'set_tier', tier: 'Platinum' })
    expect(await afflio.partners.tier(ann.id)).toMatchObject({ tier: { name: 'Platinum' }, next: null })
    await afflio.partners.bulk({ partnerIds: [ann.id], action: 'set_tier', tier: null })
    expect(await afflio.partners.tier(ann.id)).toMatchObject({ tier: null, next: { name: 'Silver' } })
  })

  it('shows the group, the referrer and a pinned tier on the partner it wrote them to', async () => {
    const ann = await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
    const bob = await afflio.partners.create({ email: 'bob@b.test', linkCode: 'BOB' })
    const vip = await afflio.groups.create({ name: 'VIP' })
    await afflio.rules.create({ name: 'tiered', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Gold', from: 10, value: 2000 }], tierMetric: 'sales' })
    await afflio.partners.update(bob.id, { groupId: vip.id, referredById: ann.id })
    await afflio.partners.bulk({ partnerIds: [bob.id], action: 'set_tier', tier: 'Gold' })
    expect(await afflio.partners.get(bob.id)).toMatchObject({ groupId: vip.id, referredById: ann.id, pinnedTier: 'Gold' })
    const listed = (await afflio.partners.list()).data.find((p) => p.id === bob.id)
    expect(listed).toMatchObject({ groupId: vip.id, referredById: ann.id, pinnedTier: 'Gold' })
    expect(await afflio.partners.get(ann.id)).toMatchObject({ groupId: null, referredById: null, pinnedTier: null })
  })

  it("credits a sale that names its click although the sale's clock is behind ours, within the stated skew", async () => {
    await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
    ctx.clock.set('2026-11-01T12:00:07.450Z')
    const { clickId } = await click('ANN')
    // Stripe stamps the checkout with its own clock, in whole seconds: here 7.45 s "before" the click.
    const behind = await afflio.track.sale({ invoiceId: 'cs_1', amountMinor: 5000, currency: 'USD', clickId, occurredAt: '2026-11-01T12:00:00Z' })
    expect(behind.commission).toMatchObject({ amountMinor: 1000 })
    expect(behind.sale.partnerId).toBeTruthy()
    // Beyond the tolerance (300 s) the click is not this sale's.
    const { clickId: later } = await click('ANN')
    const tooEarly = await afflio.track.sale({ invoiceId: 'cs_2', amountMinor: 5000, currency: 'USD', clickId: later, occurredAt: '2026-11-01T11:54:00Z' })
    expect(tooEarly.commission).toBeNull()
  })
})
