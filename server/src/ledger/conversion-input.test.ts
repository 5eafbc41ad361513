// What an integrator's review of the conversion API found, each pinned on SQLite and Postgres: a sale's time
// in the future (every click looked later than it: the partner silently lost) or absurdly old, by every path
// that records a sale; a refund over what is left of its sale, capped without a word; a sale answered
// without when it occurred.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('conversion input on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string }
  let partnerId: string
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const click = async (): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': `10.7.0.${++ip}` }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN' }) })
    expect(res.status).toBe(201)
    return ((await res.json()) as { clickId: string }).clickId
  }
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err)
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }
  const sales = async () => Number((await ctx.db.selectFrom('sales').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-11-01T12:00:00.000Z')
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    partnerId = (await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })).id
  })
  afterEach(() => ctx.close())

  it('refuses a sale more than the clock skew (5 minutes) in the future with 400 on occurredAt, writing nothing; within it, the click is credited', async () => {
    const clickId = await click()
    const ahead = await errorOf(afflio.track.sale({ invoiceId: 'in_1', amountMinor: 5000, currency: 'USD', clickId, occurredAt: '2026-11-01T12:05:01Z' }))
    expect(ahead).toMatchObject({ status: 400, code: 'invalid_request', field: 'occurredAt', message: "occurredAt: must not be in the future (the server's time is 2026-11-01T12:00:00.000Z)" })
    // An offset is read as the instant it names: 13:10 at +01:00 is 12:10 UTC
    expect(await errorOf(afflio.track.sale({ invoiceId: 'in_1', amountMinor: 5000, currency: 'USD', clickId, occurredAt: '2026-11-01T13:10:00+01:00' }))).toMatchObject({ status: 400, field: 'occurredAt' })
    expect(await sales()).toBe(0)

    const within = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 5000, currency: 'USD', clickId, occurredAt: '2026-11-01T12:05:00Z' })
    expect(within.sale).toMatchObject({ partnerId, occurredAt: '2026-11-01T12:05:00.000Z' })
    expect(within.commission).toMatchObject({ partnerId, amountMinor: 1000 })
    // A repeat of the invoice is held to the same times
    expect(await errorOf(afflio.track.sale({ invoiceId: 'in_1', amountMinor: 5000, currency: 'USD', occurredAt: '2027-01-01T00:00:00Z' }))).toMatchObject({ status: 400, field: 'occurredAt' })
  })

  it('refuses a sale before 2000 (Unix seconds read as milliseconds), and takes an old backfill, which finds no click', async () => {
    const clickId = await click()
    const seconds = new Date(1_793_534_400).toISOString() // 2026-11-01 in seconds, read as milliseconds: 1970-01-21
    expect(await errorOf(afflio.track.sale({ invoiceId: 'in_2', amountMinor: 5000, currency: 'USD', clickId, occurredAt: seconds }))).toMatchObject({
      status: 400,
      field: 'occurredAt',
      message: 'occurredAt: must not be before 2000-01-01',
    })
    expect(await sales()).toBe(0)
    const backfill = await afflio.track.sale({ invoiceId: 'in_2', amountMinor: 5000, currency: 'USD', clickId, occurredAt: '2000-01-01T00:00:00Z' })
    expect(backfill.sale).toMatchObject({ partnerId: null, occurredAt: '2000-01-01T00:00:00.000Z' })
    expect(backfill.commission).toBeNull()
  })

  it('refuses a won deal whose sale is in the future, as a sale', async () => {
    const portal = new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const deal = await portal.deals.register({ company: 'Globex', contactName: 'Hank', contactEmail: 'hank@globex.com' })
    await afflio.deals.approve(deal.id)
    expect(await errorOf(afflio.deals.markWon(deal.id, { invoiceId: 'in_deal', amountMinor: 100_000, currency: 'USD', occurredAt: '2026-11-02T00:00:00Z' }))).toMatchObject({ status: 400, field: 'occurredAt' })
    expect(await sales()).toBe(0)
    const won = await afflio.deals.markWon(deal.id, { invoiceId: 'in_deal', amountMinor: 100_000, currency: 'USD', occurredAt: '2026-10-30T09:00:00Z' })
    expect(won.sale).toMatchObject({ partnerId, occurredAt: '2026-10-30T09:00:00.000Z', createdAt: '2026-11-01T12:00:00.000Z' })
  })

  it('answers what a refund took off the sale: capped at what was left, 0 when nothing was; a repeated refundId answers what that refund took', async () => {
    const clickId = await click()
    await afflio.track.sale({ invoiceId: 'in_3', amountMinor: 10_000, currency: 'USD', clickId })
    const first = await afflio.track.refund({ invoiceId: 'in_3', amountMinor: 3000, refundId: 're_1' })
    expect(first).toMatchObject({ appliedMinor: 3000, duplicate: false, sale: { refundedMinor: 3000 } })

    // 9000 asked, 7000 left: the rest of the sale is refunded, and the answer says 7000
    const over = await afflio.track.refund({ invoiceId: 'in_3', amountMinor: 9000, refundId: 're_2' })
    expect(over).toMatchObject({ appliedMinor: 7000, duplicate: false, sale: { amountMinor: 10_000, refundedMinor: 10_000 } })
    // The commission and the first refund's clawback, both reversed by it
    expect(over.commissions.map((c) => [c.kind, c.status, c.amountMinor])).toEqual([
      ['sale', 'reversed', 2000],
      ['clawback', 'reversed', -600],
    ])

    // Retries keep their idempotency on refundId, and say what the first report took
    expect(await afflio.track.refund({ invoiceId: 'in_3', amountMinor: 9000, refundId: 're_2' })).toMatchObject({ appliedMinor: 7000, duplicate: true, commissions: [] })
    expect(await afflio.track.refund({ invoiceId: 'in_3', amountMinor: 3000, refundId: 're_1' })).toMatchObject({ appliedMinor: 3000, duplicate: true, commissions: [] })
    // Nothing left: nothing recorded, under a new refundId too
    expect(await afflio.track.refund({ invoiceId: 'in_3', amountMinor: 100, refundId: 're_3' })).toMatchObject({ appliedMinor: 0, duplicate: true, commissions: [] })
    expect(await afflio.track.refund({ invoiceId: 'in_3' })).toMatchObject({ appliedMinor: 0, duplicate: true })
    const refunds = await ctx.db.selectFrom('refunds').select(['external_id', 'amount_minor']).orderBy('external_id').execute()
    expect(refunds.map((r) => [r.external_id, Number(r.amount_minor)])).toEqual([
      ['re_1', 3000],
      ['re_2', 7000],
    ])
  })

  it('answers a sale with when it occurred, as UTC, beside when it was recorded, in its lists too', async () => {
    const { sale } = await afflio.track.sale({ invoiceId: 'in_4', amountMinor: 5000, currency: 'USD', occurredAt: '2026-10-30T08:00:00+02:00' })
    expect(sale).toMatchObject({ occurredAt: '2026-10-30T06:00:00.000Z', createdAt: '2026-11-01T12:00:00.000Z' })
    const now = await afflio.track.sale({ invoiceId: 'in_5', amountMinor: 5000, currency: 'USD' })
    expect(now.sale.occurredAt).toBe('2026-11-01T12:00:00.000Z') // defaults to now
    expect((await afflio.track.refund({ invoiceId: 'in_4' })).sale.occurredAt).toBe('2026-10-30T06:00:00.000Z')
    expect((await afflio.sales.list()).data.map((s) => [s.invoiceId, s.occurredAt]).sort()).toEqual([
      ['in_4', '2026-10-30T06:00:00.000Z'],
      ['in_5', '2026-11-01T12:00:00.000Z'],
    ])
  })
})
