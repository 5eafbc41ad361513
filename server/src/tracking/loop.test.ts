// The whole loop, in process, on a real database: program, partner, click through the public
// endpoint, lead and sale through the SDK, commission; duplicates, refunds, isolation, bad input.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { newId } from '../kernel/ids.ts'

describe.each(dialects)('the tracking loop on %s', (dialect) => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  let afflio: Afflio

  const sdkFor = (secretKey: string) =>
    new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })

  const click = (code: string, key = keys.publishableKey, ip = '203.0.113.7') =>
    ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
      body: JSON.stringify({ key, code, url: 'https://acme.test/?ref=' + code, referrer: 'https://blog.test/' }),
    })

  const counts = async () => {
    const n = async (t: 'sales' | 'commissions' | 'customers' | 'partners' | 'links' | 'clicks') =>
      Number((await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return { sales: await n('sales'), commissions: await n('commissions'), customers: await n('customers'), partners: await n('partners'), links: await n('links'), clicks: await n('clicks') }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = sdkFor(keys.secretKey)
  })
  afterAll(() => ctx.close())

  it('credits a sale to the partner whose link was clicked, through the SDK', async () => {
    const partner = await afflio.partners.create({ email: 'Alice@Example.com', name: 'Alice', linkCode: 'ALICE' })
    expect(partner.email).toBe('alice@example.com')
    expect(partner.links[0]!.code).toBe('ALICE')

    const res = await click('ALICE')
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const { clickId, partnerId, attributionWindowDays, attributionModel } = await res.json()
    expect(partnerId).toBe(partner.id)
    expect(attributionWindowDays).toBe(30)
    expect(attributionModel).toBe('last_click') // the script replaces the click it holds

    ctx.clock.advanceDays(2)
    const customer = await afflio.track.lead({ clickId, customerExternalId: 'user_1', email: 'bob@buyer.test' })
    expect(customer.partnerId).toBe(partner.id)

    ctx.clock.advanceDays(3)
    const result = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 4999, currency: 'USD', customerExternalId: 'user_1' })
    expect(result.duplicate).toBe(false)
    expect(result.sale.partnerId).toBe(partner.id)
    expect(result.commission).toMatchObject({ partnerId: partner.id, amountMinor: 1000, currency: 'USD', status: 'pending' })
    expect(result.commission!.reason).toContain('20%')

    const listed = await afflio.commissions.list({ partnerId: partner.id })
    expect(listed.data.map((c) => c.id)).toEqual([result.commission!.id])
  })

  it("tells the script a first-click program's model, so it keeps the click it holds", async () => {
    const first = await ctx.createProgram({ name: 'First', currency: 'USD', attributionModel: 'first_click' })
    await sdkFor(first.secretKey).partners.create({ email: 'fc@example.com', name: 'Fc', linkCode: 'FIRSTC' })
    const res = await click('FIRSTC', first.publishableKey, '203.0.113.70')
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ attributionModel: 'first_click' })
  })

  it('does not count a reload as a second click', async () => {
    const before = (await counts()).clicks
    const first = await (await click('ALICE', keys.publishableKey, '198.51.100.1')).json()
    const again = await click('ALICE', keys.publishableKey, '198.51.100.1')
    expect(again.status).toBe(200)
    expect((await again.json()).clickId).toBe(first.clickId)
    expect((await counts()).clicks).toBe(before + 1)
  })

  it('credits no one outside the attribution window', async () => {
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.2')).json()
    ctx.clock.advanceDays(31)
    const result = await afflio.track.sale({ invoiceId: 'in_late', amountMinor: 1000, currency: 'USD', clickId })
    expect(result.sale.partnerId).toBeNull()
    expect(result.commission).toBeNull()
  })

  it('counts a duplicate invoice once, sequentially and concurrently', async () => {
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.3')).json()
    const input = { invoiceId: 'in_dup', amountMinor: 10_000, currency: 'USD', clickId }
    const first = await afflio.track.sale(input)
    const second = await afflio.track.sale(input)
    expect(second.duplicate).toBe(true)
    expect(second.commission!.id).toBe(first.commission!.id)

    const before = await counts()
    const racers = await Promise.all(
      Array.from({ length: 8 }, () =>
        ctx.app.request('/v1/track/sale', {
          method: 'POST',
          headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...input, invoiceId: 'in_race' }),
        }),
      ),
    )
    const statuses = racers.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    const bodies = await Promise.all(racers.map((r) => r.json()))
    expect(new Set(bodies.map((b) => b.commission.id)).size).toBe(1)
    const after = await counts()
    expect(after.sales - before.sales).toBe(1)
    expect(after.commissions - before.commissions).toBe(1)

    // The same invoice reported at once without and with its click: whichever is written first, the click is credited, once.
    const { clickId: raced } = await (await click('ALICE', keys.publishableKey, '198.51.100.30')).json()
    const report = (body: object) =>
      ctx.app.request('/v1/track/sale', { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const bare = { invoiceId: 'in_race_click', amountMinor: 10_000, currency: 'USD' }
    const answers = await Promise.all([report(bare), report({ ...bare, clickId: raced })])
    expect(answers.map((r) => r.status)).toContain(201) // the other: 201 if it credited the sale, 200 if it found it credited
    const credited = await ctx.db.selectFrom('sales').select(['id', 'click_id']).where('invoice_id', '=', 'in_race_click').executeTakeFirstOrThrow()
    expect(credited.click_id).toBe(raced)
    expect(await ctx.db.selectFrom('commissions').select('id').where('sale_id', '=', credited.id).execute()).toHaveLength(1)
  })

  it('reverses the commission on a refund, once', async () => {
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.4')).json()
    const sale = await afflio.track.sale({ invoiceId: 'in_refund', amountMinor: 5000, currency: 'USD', clickId })
    const refund = await afflio.track.refund({ invoiceId: 'in_refund', refundId: 're_1' })
    expect(refund.commissions).toMatchObject([{ id: sale.commission!.id, status: 'reversed' }])
    expect(refund.sale.refundedMinor).toBe(5000)
    const replay = await afflio.track.refund({ invoiceId: 'in_refund', refundId: 're_1' })
    expect(replay.duplicate).toBe(true)
    // The same refund id on another sale is refused, not taken for a retry of this one.
    await afflio.track.sale({ invoiceId: 'in_refund_2', amountMinor: 3000, currency: 'USD', clickId })
    await expect(afflio.track.refund({ invoiceId: 'in_refund_2', refundId: 're_1' })).rejects.toMatchObject({ status: 409, code: 'conflict', field: 'refundId' })
    expect((await afflio.track.refund({ invoiceId: 'in_refund_2', refundId: 're_2' })).sale.refundedMinor).toBe(3000)
    const listed = await afflio.commissions.list({ status: 'reversed' })
    expect(listed.data.map((c) => c.id)).toContain(sale.commission!.id)
  })

  it('takes back a proportional share on a partial refund', async () => {
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.5')).json()
    const sale = await afflio.track.sale({ invoiceId: 'in_partial', amountMinor: 10_000, currency: 'USD', clickId })
    const part = await afflio.track.refund({ invoiceId: 'in_partial', amountMinor: 2500 })
    expect(part.commissions).toMatchObject([{ amountMinor: -500, reversesId: sale.commission!.id, status: 'pending' }])
    const rest = await afflio.track.refund({ invoiceId: 'in_partial' })
    // The commission and the partial refund's clawback, both reversed by it
    expect(rest.commissions).toMatchObject([
      { id: sale.commission!.id, status: 'reversed' },
      { id: part.commissions[0]!.id, amountMinor: -500, status: 'reversed' },
    ])
    const rows = await ctx.db.selectFrom('commissions').selectAll().where('sale_id', '=', sale.sale.id).execute()
    expect(rows.every((r) => r.status === 'reversed')).toBe(true)
  })

  it('refunds a sale named by its paymentId; takes exactly one of invoiceId and paymentId', async () => {
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.6')).json()
    const sold = await afflio.track.sale({ invoiceId: 'in_by_payment', paymentId: 'pi_by_payment', amountMinor: 10_000, currency: 'USD', clickId })
    expect(sold.sale.paymentId).toBe('pi_by_payment')
    const part = await afflio.track.refund({ paymentId: 'pi_by_payment', amountMinor: 2500, refundId: 're_by_payment' })
    expect(part.sale).toMatchObject({ id: sold.sale.id, invoiceId: 'in_by_payment', refundedMinor: 2500 })
    expect(part.commissions).toMatchObject([{ amountMinor: -500, reversesId: sold.commission!.id }])
    expect(await afflio.track.refund({ paymentId: 'pi_by_payment', refundId: 're_by_payment' })).toMatchObject({ duplicate: true, commissions: [] })

    // A repeat of a sale first reported without its payment id adds it; a later one does not replace it.
    expect((await afflio.track.sale({ invoiceId: 'in_pay_later', amountMinor: 1000, currency: 'USD' })).sale.paymentId).toBeNull()
    const repeat = await afflio.track.sale({ invoiceId: 'in_pay_later', amountMinor: 1000, currency: 'USD', paymentId: 'pi_pay_later' })
    expect(repeat).toMatchObject({ duplicate: true, sale: { paymentId: 'pi_pay_later' } })
    expect((await afflio.track.sale({ invoiceId: 'in_pay_later', amountMinor: 1000, currency: 'USD', paymentId: 'pi_other' })).sale.paymentId).toBe('pi_pay_later')
    expect((await afflio.track.refund({ paymentId: 'pi_pay_later', amountMinor: 100 })).sale).toMatchObject({ invoiceId: 'in_pay_later', refundedMinor: 100 })

    const refund = (body: object) =>
      ctx.app.request('/v1/track/refund', { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const both = await refund({ invoiceId: 'in_by_payment', paymentId: 'pi_by_payment', amountMinor: 100 })
    expect(both.status).toBe(400)
    expect((await both.json()).error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/not both/) })
    const neither = await refund({ amountMinor: 100 })
    expect(neither.status).toBe(400)
    expect((await neither.json()).error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/invoiceId/) })
    expect((await refund({ paymentId: 'pi_never' })).status).toBe(404)
    // Two sales reported with one paymentId: which one is refunded is not guessed.
    await afflio.track.sale({ invoiceId: 'in_shared_1', paymentId: 'pi_shared', amountMinor: 1000, currency: 'USD' })
    await afflio.track.sale({ invoiceId: 'in_shared_2', paymentId: 'pi_shared', amountMinor: 1000, currency: 'USD' })
    const shared = await refund({ paymentId: 'pi_shared' })
    expect(shared.status).toBe(409)
    expect((await shared.json()).error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/invoiceId/) })
    expect(Number((await ctx.db.selectFrom('sales').select('refunded_minor').where('id', '=', sold.sale.id).executeTakeFirstOrThrow()).refunded_minor)).toBe(2500)
  })

  it('applies concurrent partial refunds of one sale one after another', async () => {
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.7')).json()
    const sold = await afflio.track.sale({ invoiceId: 'in_refund_race', amountMinor: 10_000, currency: 'USD', clickId })
    const results = await Promise.all([1, 2, 3, 4].map((n) => afflio.track.refund({ invoiceId: 'in_refund_race', amountMinor: 2500, refundId: `re_race_${n}` })))
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, false])
    expect(results.map((r) => r.sale.refundedMinor).sort((a, b) => a - b)).toEqual([2500, 5000, 7500, 10_000])
    const rows = await ctx.db.selectFrom('commissions').selectAll().where('sale_id', '=', sold.sale.id).execute()
    expect(rows.every((r) => r.status === 'reversed')).toBe(true)
  })

  it('honours Idempotency-Key: replays the response, refuses another body under the same key', async () => {
    const post = (body: object) =>
      ctx.app.request('/v1/partners', {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.secretKey}`, 'idempotency-key': 'idem-1' },
        body: JSON.stringify(body),
      })
    const a = await post({ email: 'idem@example.com' })
    const b = await post({ email: 'idem@example.com' })
    expect(a.status).toBe(201)
    expect(b.status).toBe(201)
    expect(b.headers.get('idempotent-replayed')).toBe('true')
    expect((await b.json()).id).toBe((await a.json()).id)
    const c = await post({ email: 'other@example.com' })
    expect(c.status).toBe(422)
    expect((await c.json()).error.code).toBe('idempotency_mismatch')
  })

  it("lets a publishable key create a customer, never read or change one already recorded", async () => {
    const owner = await afflio.partners.create({ email: 'owner@partners.test', linkCode: 'OWNER' })
    const forger = await afflio.partners.create({ email: 'forger@partners.test', linkCode: 'FORGER' })
    const ownerClick = (await (await click('OWNER', keys.publishableKey, '203.0.113.41')).json()).clickId
    const lead = (body: object) =>
      ctx.app.request('/v1/track/lead', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ key: keys.publishableKey, ...body }) })
    // The browser's own signup: created, and answered with what it sent.
    const created = await lead({ customerExternalId: 'user_pk', clickId: ownerClick, email: 'ceo@bigcorp.test', name: 'Ceo' })
    expect(await created.json()).toEqual({ received: true, customerExternalId: 'user_pk', clickId: ownerClick })
    // Anyone holding the page's key, with the forger's click and another email: nothing changes, nothing is read.
    const forgerClick = (await (await click('FORGER', keys.publishableKey, '203.0.113.42')).json()).clickId
    const forged = await lead({ customerExternalId: 'user_pk', clickId: forgerClick, email: 'attacker@evil.test' })
    expect(forged.status).toBe(200)
    expect(await forged.json()).toEqual({ received: true, customerExternalId: 'user_pk', clickId: forgerClick })
    const stored = await ctx.db.selectFrom('customers').selectAll().where('external_id', '=', 'user_pk').executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ email: 'ceo@bigcorp.test', name: 'Ceo', partner_id: owner.id, click_id: ownerClick })
    const sale = await afflio.track.sale({ invoiceId: 'in_pk', amountMinor: 1000, currency: 'USD', customerExternalId: 'user_pk' })
    expect(sale.commission?.partnerId).toBe(owner.id)
    expect(sale.commission?.partnerId).not.toBe(forger.id)
    // The server (secret key) still changes it.
    expect((await afflio.track.lead({ customerExternalId: 'user_pk', email: 'new@bigcorp.test' })).email).toBe('new@bigcorp.test')
  })

  it('keeps programs apart: one secret key cannot read or write another program', async () => {
    const other = await ctx.createProgram({ name: 'Other', currency: 'EUR' })
    const otherSdk = sdkFor(other.secretKey)
    const alice = (await afflio.partners.list()).data.find((p) => p.email === 'alice@example.com')!

    await expect(otherSdk.partners.get(alice.id)).rejects.toMatchObject({ status: 404, code: 'not_found' })
    expect((await otherSdk.partners.list()).data).toEqual([])
    expect((await otherSdk.commissions.list()).data).toEqual([])
    await expect(otherSdk.links.create({ partnerId: alice.id, code: 'STEAL' })).rejects.toMatchObject({ status: 404 })
    await expect(otherSdk.track.refund({ invoiceId: 'in_1' })).rejects.toMatchObject({ status: 404 })
    // Alice's code means nothing in the other program, and its sale with her click id is refused.
    expect((await click('ALICE', other.publishableKey)).status).toBe(404)
    const { clickId } = await (await click('ALICE', keys.publishableKey, '198.51.100.6')).json()
    await expect(otherSdk.track.sale({ invoiceId: 'x1', amountMinor: 100, currency: 'EUR', clickId })).rejects.toMatchObject({ status: 404 })
    // The same invoice id in another program is another sale.
    const own = await otherSdk.track.sale({ invoiceId: 'in_1', amountMinor: 100, currency: 'EUR' })
    expect(own.duplicate).toBe(false)
  })

  it('refuses missing, wrong and revoked keys, and publishable keys on the server API', async () => {
    const get = (auth?: string) => ctx.app.request('/v1/partners', { headers: auth ? { authorization: auth } : {} })
    expect((await get()).status).toBe(401)
    expect((await get('Bearer sk_live_nope')).status).toBe(401)
    const pk = await get(`Bearer ${keys.publishableKey}`)
    expect(pk.status).toBe(403)
    expect((await pk.json()).error.code).toBe('forbidden')

    const created = await afflio.keys.create()
    const fresh = sdkFor(created.secretKey)
    expect((await fresh.program.get()).name).toBe('Acme')
    await afflio.keys.revoke(created.id)
    await expect(fresh.program.get()).rejects.toBeInstanceOf(AfflioApiError)
    // Keys are stored hashed: the secret appears nowhere in the database.
    const stored = await ctx.db.selectFrom('api_keys').selectAll().execute()
    expect(JSON.stringify(stored)).not.toContain(created.secretKey)
  })

  it('answers malformed, oversized and wrong-typed input with a 4xx JSON error and writes nothing', async () => {
    const before = await counts()
    const send = (path: string, body: string, headers: Record<string, string> = {}) =>
      ctx.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json', ...headers }, body })
    const cases: Array<[string, string, number, string]> = [
      ['/v1/partners', '{"email":', 400, 'invalid_request'],
      ['/v1/partners', '{"email":"not-an-email"}', 400, 'invalid_request'],
      ['/v1/partners', '{"email":"x@y.co","unexpected":1}', 400, 'invalid_request'],
      ['/v1/partners', '[]', 400, 'invalid_request'],
      ['/v1/partners', JSON.stringify({ email: 'big@y.co', name: 'x'.repeat(100_000) }), 413, 'payload_too_large'],
      ['/v1/partners', '{"email":"alice@example.com"}', 409, 'conflict'],
      ['/v1/partners', '{"email":"new@example.com","linkCode":"ALICE"}', 409, 'conflict'],
      ['/v1/links', '{"partnerId":"prt_doesnotexist"}', 400, 'invalid_request'],
      ['/v1/track/sale', '{"invoiceId":"x","amountMinor":"100","currency":"USD"}', 400, 'invalid_request'],
      ['/v1/track/sale', '{"invoiceId":"x","amountMinor":1.5,"currency":"USD"}', 400, 'invalid_request'],
      ['/v1/track/sale', '{"invoiceId":"x","amountMinor":-1,"currency":"USD"}', 400, 'invalid_request'],
      // Past 10^13 minor units: a thousand of the largest integers overflowed SQLite's sums.
      ['/v1/track/sale', `{"invoiceId":"x","amountMinor":${Number.MAX_SAFE_INTEGER},"currency":"USD"}`, 400, 'invalid_request'],
      ['/v1/track/sale', '{"invoiceId":"x","amountMinor":100,"currency":"dollars"}', 400, 'invalid_request'],
      ['/v1/track/sale', '{"invoiceId":"","amountMinor":100,"currency":"USD"}', 400, 'invalid_request'],
      ['/v1/track/sale', `{"invoiceId":"x","amountMinor":100,"currency":"USD","clickId":"${newId('clk', ctx.clock.now().getTime())}"}`, 404, 'not_found'],
      ['/v1/track/refund', '{"invoiceId":"never"}', 404, 'not_found'],
      ['/v1/track/lead', '{"customerExternalId":"u9","clickId":"bogus"}', 400, 'invalid_request'],
      // A "__proto__" key, which zod drops silently: refused.
      ['/v1/partners', '{"email":"proto@example.com","__proto__":{"name":"x"}}', 400, 'invalid_request'],
      // 30,000 levels deep in 60 KB: refused at 32 levels, never walked to the bottom (it overflowed the stack).
      ['/v1/partners', '['.repeat(30_000) + ']'.repeat(30_000), 400, 'invalid_request'],
      ['/v1/track/click', `{"key":"${keys.publishableKey}","code":"ALICE","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`, 400, 'invalid_request'],
    ]
    for (const [path, body, status, code] of cases) {
      const res = await send(path, body)
      expect({ path, body: body.slice(0, 60), status: res.status }).toEqual({ path, body: body.slice(0, 60), status })
      expect((await res.json()).error).toMatchObject({ code, message: expect.any(String) })
    }
    // Settings would have saved payoutMinimums as {} (zod's records drop the key).
    const proto = await ctx.app.request('/v1/program/settings', { method: 'PATCH', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: '{"payoutMinimums":{"__proto__":{"USD":5000}}}' })
    expect(proto.status).toBe(400)
    expect((await proto.json()).error).toMatchObject({ code: 'invalid_request', field: 'payoutMinimums.__proto__' })
    const bad = await ctx.app.request('/v1/track/click', { method: 'POST', body: JSON.stringify({ key: keys.publishableKey, code: 'no spaces!' }) })
    expect(bad.status).toBe(400)
    expect(await counts()).toEqual(before)
  })

  it('does not open the server API to browsers', async () => {
    const res = await ctx.app.request('/v1/track/sale', { method: 'OPTIONS', headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' } })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    const pre = await ctx.app.request('/v1/track/click', { method: 'OPTIONS', headers: { origin: 'https://acme.test', 'access-control-request-method': 'POST' } })
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('rate limiting of public tracking', () => {
  it('answers 429 with Retry-After past the burst, per key and address', async () => {
    const ctx = await createTestContext({ rateLimit: { burst: 3, perSecond: 0.5, trustProxy: true } })
    try {
      const { publishableKey } = await ctx.createProgram()
      const hit = (ip: string) =>
        ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': ip }, body: JSON.stringify({ key: publishableKey, code: 'NOPE' }) })
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await hit('192.0.2.1')).status)
      expect(statuses).toEqual([404, 404, 404, 429])
      const limited = await hit('192.0.2.1')
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await limited.json()).error.code).toBe('rate_limited')
      expect((await hit('192.0.2.2')).status).toBe(404) // another visitor is not punished
      // An IPv6 client holds its whole /64: new addresses in it share one bucket; another /64 does not.
      const sixes = []
      for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2::abcd:1', '2001:db8:1:2:ffff:ffff:ffff:ffff']) sixes.push((await hit(address)).status)
      expect(sixes).toEqual([404, 404, 404, 429])
      expect((await hit('2001:db8:1:3::1')).status).toBe(404)
    } finally {
      await ctx.close()
    }
  })

  it('gives a made-up key no bucket of its own: keys of any length, each new, share their address\'s', async () => {
    // Else every made-up key (up to the body's 64 KB) was a fresh bucket, kept in memory: not limited, and
    // about 3 GB held after 50,000 posts from one client, before the first sweep.
    const ctx = await createTestContext({ rateLimit: { burst: 3, perSecond: 0.5, trustProxy: true }, authThrottle: { burst: 1_000 } })
    try {
      const { publishableKey } = await ctx.createProgram()
      const post = (key: string, ip = '192.0.2.1') => ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': ip }, body: JSON.stringify({ key, code: 'NOPE' }) })
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await post(`pk_live_${i}${'x'.repeat(5_000)}`)).status)
      expect(statuses).toEqual([401, 401, 401, 429])
      // A key of a key's length keeps its own bucket: the program's real key from the same address still counts.
      expect((await post(publishableKey)).status).toBe(404)
      expect((await post('pk_live_made_up_but_short')).status).toBe(401)
    } finally {
      await ctx.close()
    }
  })

  it("lets a page's script read a 429's Retry-After: exposed to other origins, on the click and the lead", async () => {
    const ctx = await createTestContext({ rateLimit: { burst: 1, perSecond: 0.5 } })
    try {
      const { publishableKey } = await ctx.createProgram()
      for (const path of ['/v1/track/click', '/v1/track/lead']) {
        const hit = () => ctx.app.request(path, { method: 'POST', headers: { origin: 'https://shop.test', 'content-type': 'text/plain' }, body: JSON.stringify({ key: publishableKey, code: 'NOPE' }) })
        await hit()
        const limited = await hit()
        expect(limited.status).toBe(429)
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(limited.headers.get('access-control-allow-origin')).toBe('*')
        expect(limited.headers.get('access-control-expose-headers')?.split(',').map((h) => h.trim().toLowerCase())).toEqual(expect.arrayContaining(['retry-after', 'x-request-id']))
      }
    } finally {
      await ctx.close()
    }
  })
})

describe('browser bundles', () => {
  it('serves the built tracking script with a validator, so the documented src works', async () => {
    const ctx = await createTestContext()
    try {
      const res = await ctx.app.request('/afflio.js')
      expect(res.status, 'sdk/dist/afflio.js is built by `pnpm test` before vitest runs').toBe(200)
      expect(res.headers.get('content-type')).toContain('javascript')
      expect(await res.text()).toContain('/v1/track/click')
      const again = await ctx.app.request('/afflio.js', { headers: { 'if-none-match': res.headers.get('etag')! } })
      expect(again.status).toBe(304)
    } finally {
      await ctx.close()
    }
  })
})
