// Referred customers and sales through the API: the program's lists with their figures, the partner's own
// customers with masked addresses, and nobody else's.
import { AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { payoutProgram } from '../testing-payouts.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('customers and sales on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  const fetchApp = async (i: RequestInfo | URL, init?: RequestInit) => ctx.app.request(i as string, init)

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    ctx.clock.set('2026-06-01T12:00:00.000Z')
    p = await payoutProgram(ctx)
  })
  afterEach(() => ctx.close())

  let minute = 0
  /** The clock a minute on: ids (and so the order of lists) follow time. */
  const tick = () => ctx.clock.set(new Date(Date.parse('2026-06-01T12:00:00.000Z') + ++minute * 60_000).toISOString())
  /** A visitor clicks the partner's link, signs up as `externalId`, and buys. */
  const referred = async (code: string, externalId: string, email: string, amountMinor: number) => {
    tick()
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'x-forwarded-for': `198.18.7.${minute}` },
      body: JSON.stringify({ key: p.keys.publishableKey, code }),
    })
    const { clickId } = (await res.json()) as { clickId: string }
    tick()
    await p.afflio.track.lead({ clickId, customerExternalId: externalId, email })
    return p.afflio.track.sale({ invoiceId: `inv-${externalId}`, amountMinor, currency: 'USD', customerExternalId: externalId })
  }

  it('lists customers with their status, sales, net revenue per currency and purchase dates', async () => {
    const ada = await p.partner('Ada')
    const [first, second] = await p.earn(ada, [[10_000], [4_000, 'KWD']])
    const sales = (await p.afflio.sales.list({ partnerId: ada.id })).data
    expect(sales.map((s) => s.invoiceId).sort()).toEqual([first!.invoiceId, second!.invoiceId].sort())
    await p.afflio.track.lead({ customerExternalId: 'u-lead', email: 'Lead.Person@Example.com' })

    // One customer, two purchases, one refunded.
    tick()
    await p.afflio.track.sale({ invoiceId: 'again-1', amountMinor: 3_000, currency: 'USD', customerExternalId: 'u-buyer', customerEmail: 'buyer@example.com' })
    tick()
    await p.afflio.track.sale({ invoiceId: 'again-2', amountMinor: 2_000, currency: 'USD', customerExternalId: 'u-buyer' })
    await p.afflio.track.refund({ invoiceId: 'again-2' })
    const [buyer] = (await p.afflio.customers.list({ email: 'BUYER@example.com' })).data
    expect(buyer).toMatchObject({ externalId: 'u-buyer', status: 'customer', sales: 2, revenue: [{ currency: 'USD', amountMinor: 3_000 }] })
    expect([buyer!.firstPurchaseAt, buyer!.lastPurchaseAt]).toEqual(['2026-06-01T12:01:00.000Z', '2026-06-01T12:02:00.000Z'])

    await p.afflio.track.refund({ invoiceId: 'again-1' })
    expect((await p.afflio.customers.list({ email: 'buyer@example.com' })).data[0]).toMatchObject({ status: 'refunded', revenue: [] })
    expect((await p.afflio.customers.list({ email: 'lead.person@example.com' })).data[0]).toMatchObject({ status: 'lead', sales: 0, revenue: [], firstPurchaseAt: null })
    expect((await p.afflio.sales.list({ customerId: buyer!.id })).data.map((s) => s.invoiceId)).toEqual(['again-2', 'again-1'])
  })

  it('pages newest first and answers bad filters with 400', async () => {
    for (let i = 0; i < 5; i++) {
      tick()
      await p.afflio.track.lead({ customerExternalId: `u${i}` })
    }
    const first = await p.afflio.customers.list({ limit: 3 })
    const second = await p.afflio.customers.list({ limit: 3, cursor: first.nextCursor! })
    expect([...first.data, ...second.data].map((c) => c.externalId)).toEqual(['u4', 'u3', 'u2', 'u1', 'u0'])
    expect(second.nextCursor).toBeNull()
    await expect(p.afflio.customers.list({ partnerId: 'nope' })).rejects.toMatchObject({ status: 400, field: 'partnerId' })
    await expect(p.afflio.sales.list({ since: 'yesterday' })).rejects.toMatchObject({ status: 400, field: 'since' })
  })

  it('filters sales by a period of days or timestamps, as every list does', async () => {
    for (const [invoiceId, at] of [['d1', '2026-06-01T23:59:59.000Z'], ['d2', '2026-06-02T00:00:00.000Z'], ['d2b', '2026-06-02T18:00:00.000Z'], ['d3', '2026-06-03T00:00:00.000Z']] as const) {
      ctx.clock.set(at)
      await p.afflio.track.sale({ invoiceId, amountMinor: 1_000, currency: 'USD' })
    }
    const invoices = async (q: { since?: string; until?: string }) => (await p.afflio.sales.list(q)).data.map((s) => s.invoiceId)
    expect(await invoices({ since: '2026-06-02', until: '2026-06-02' })).toEqual(['d2b', 'd2'])
    expect(await invoices({ since: '2026-06-02' })).toEqual(['d3', 'd2b', 'd2'])
    expect(await invoices({ until: '2026-06-01' })).toEqual(['d1'])
    expect(await invoices({ since: '2026-06-01T23:59:59Z', until: '2026-06-02T18:00:00Z' })).toEqual(['d2', 'd1'])
    await expect(p.afflio.sales.list({ since: '2026-06-03', until: '2026-06-02' })).rejects.toMatchObject({ status: 400, field: 'since' })
    await expect(p.afflio.sales.list({ until: '2026-02-30' })).rejects.toMatchObject({ status: 400, field: 'until' })
  })

  it('counts no sale marked fraud as a purchase, in the program’s list and the portal’s, as the overview counts none', async () => {
    const ada = await p.partner('Ada')
    const stolen = await referred(ada.code, 'u-carol', 'carol@example.com', 10_000)
    tick()
    await p.afflio.track.sale({ invoiceId: 'carol-2', amountMinor: 4_000, currency: 'USD', customerExternalId: 'u-carol' })
    const kept = ctx.clock.now().toISOString()
    const only = await referred(ada.code, 'u-dan', 'dan@example.com', 7_000)
    for (const sold of [stolen, only]) await p.afflio.commissions.markFraud(sold.commission!.id, 'stolen card')
    // The sales list says which sales the figures leave out, and since when
    const marked = ctx.clock.now().toISOString()
    const listed = new Map((await p.afflio.sales.list()).data.map((s) => [s.invoiceId, s.fraudAt]))
    expect(Object.fromEntries(listed)).toEqual({ 'inv-u-carol': marked, 'carol-2': null, 'inv-u-dan': marked })

    const byEmail = async (email: string) => (await p.afflio.customers.list({ email })).data[0]
    expect(await byEmail('carol@example.com')).toMatchObject({ status: 'customer', sales: 1, revenue: [{ currency: 'USD', amountMinor: 4_000 }], firstPurchaseAt: kept, lastPurchaseAt: kept })
    expect(await byEmail('dan@example.com')).toMatchObject({ status: 'lead', sales: 0, revenue: [], firstPurchaseAt: null, lastPurchaseAt: null })

    const { token } = await p.afflio.embedTokens.create({ partnerId: ada.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const mine = (await portal.customers.list()).data
    expect(mine.map(({ email, status, sales, revenue, firstPurchaseAt, lastPurchaseAt }) => ({ email, status, sales, revenue, firstPurchaseAt, lastPurchaseAt }))).toEqual([
      { email: 'd•••@example.com', status: 'lead', sales: 0, revenue: [], firstPurchaseAt: null, lastPurchaseAt: null },
      { email: 'c•••@example.com', status: 'customer', sales: 1, revenue: [{ currency: 'USD', amountMinor: 4_000 }], firstPurchaseAt: kept, lastPurchaseAt: kept },
    ])
    // The lists add up to what the overview counts of the partner's sales
    expect(await p.afflio.program.overview()).toMatchObject({ sales: 1, revenue: [{ currency: 'USD', amountMinor: 4_000 }] })
  })

  it('counts in a partner’s list only the sales credited to that partner, not another’s sale of the same customer', async () => {
    const ada = await p.partner('Ada')
    const bob = await p.partner('Bob')
    await referred(ada.code, 'u-erin', 'erin@example.com', 10_000)
    tick()
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'x-forwarded-for': '198.18.9.9' },
      body: JSON.stringify({ key: p.keys.publishableKey, code: bob.code }),
    })
    const { clickId } = (await res.json()) as { clickId: string }
    tick()
    const second = await p.afflio.track.sale({ invoiceId: 'erin-2', amountMinor: 3_000, currency: 'USD', customerExternalId: 'u-erin', clickId })
    expect(second.sale.partnerId).toBe(bob.id) // the later click moved the customer, and this sale, to Bob
    // The program sees the customer's every purchase
    expect((await p.afflio.customers.list({ email: 'erin@example.com' })).data[0]).toMatchObject({ partnerId: bob.id, sales: 2, revenue: [{ currency: 'USD', amountMinor: 13_000 }] })
    // Bob sees the purchase credited to him, not Ada's sale before it
    const { token } = await p.afflio.embedTokens.create({ partnerId: bob.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const at = second.sale.occurredAt
    expect((await portal.customers.list()).data).toMatchObject([{ email: 'e•••@example.com', status: 'customer', sales: 1, revenue: [{ currency: 'USD', amountMinor: 3_000 }], firstPurchaseAt: at, lastPurchaseAt: at }])
  })

  it("shows a partner only its own customers, addresses masked, and another program's nothing", async () => {
    const ada = await p.partner('Ada')
    const bob = await p.partner('Bob')
    await referred(ada.code, 'u-alice', 'alice.smith@example.com', 10_000)
    await referred(bob.code, 'u-bert', 'bert@example.com', 5_000)
    const [adaCustomer, ...more] = (await p.afflio.customers.list({ partnerId: ada.id })).data
    expect(more).toEqual([])

    const { token } = await p.afflio.embedTokens.create({ partnerId: ada.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const mine = (await portal.customers.list()).data
    expect(mine).toEqual([{ id: adaCustomer!.id, email: 'a•••@example.com', status: 'customer', sales: 1, revenue: [{ currency: 'USD', amountMinor: 10_000 }], firstPurchaseAt: expect.any(String), lastPurchaseAt: expect.any(String), createdAt: expect.any(String) }])
    expect(JSON.stringify(mine)).not.toContain('alice.smith')

    const other = await payoutProgram(ctx)
    expect((await other.afflio.customers.list()).data).toEqual([])
    expect((await other.afflio.sales.list()).data).toEqual([])
  })
})
