// Discounts named by id alone (invoices from API version 2025-03-31.basil on): Afflio retrieves the invoice
// with them expanded, with the program's Stripe key, from a local Stripe answering recorded responses
// (fixtures/invoice.retrieved.discounts.json, as Stripe answers under 2025-09-30.clover), and credits the
// code's partner. Also: without a key, when Stripe refuses or is down, and when no look-up is needed.
import { readFileSync } from 'node:fs'
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signStripePayload } from './signature.ts'
import { fixture, type Json, stripeEvent } from '../testing-stripe.ts'
import { json, localServer, type Recorded } from '../testing-payouts.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

const SECRET = 'whsec_test'
const KEY = 'sk_test_discounts0001'
const promotionCode = JSON.parse(readFileSync(new URL('../coupons/fixtures/promotion_code.json', import.meta.url), 'utf8'))

describe.each(dialects)('Stripe discounts looked up on %s', (dialect) => {
  let ctx: TestContext
  let stripe: Awaited<ReturnType<typeof localServer>>
  let programId: string
  let afflio: Afflio
  let ann: string
  let bo: string
  /** What the local Stripe answers for GET /v1/invoices/:id, by invoice id (default: the recorded invoice) */
  const invoices = new Map<string, [number, Json]>()
  const seconds = () => Math.floor(ctx.clock.now().getTime() / 1000)

  const event = (name: string, id: string, object: Json = {}) => stripeEvent(name, id, seconds(), object)
  const post = (e: Json) => {
    const body = JSON.stringify(e, null, 2)
    return ctx.app.request(`/v1/stripe/webhooks/${programId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(SECRET, body, seconds()) }, body })
  }
  const send = async (e: Json) => {
    const res = await post(e)
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json()
  }
  const lookups = () => stripe.requests.filter((r) => r.method === 'GET')
  const saleOf = (id: string) => ctx.db.selectFrom('sales').select(['partner_id', 'click_id', 'coupon_code', 'invoice_id']).where('id', '=', id).executeTakeFirstOrThrow()
  const commissionsOf = (saleId: string) => ctx.db.selectFrom('commissions').select(['partner_id', 'amount_minor']).where('sale_id', '=', saleId).execute()
  /** A clover invoice.paid of a new subscription whose discount is `di` (the recorded one by default). */
  const cloverInvoice = (eventId: string, invoiceId: string, more: Json = {}) =>
    event('invoice.paid.clover.discount', eventId, { id: invoiceId, customer: `cus_${invoiceId}`, parent: { subscription_details: { subscription: `sub_${invoiceId}` } }, ...more })

  beforeAll(async () => {
    stripe = await localServer((req: Recorded, res) => {
      if (req.headers.authorization !== `Bearer ${KEY}`) return json(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_***0001' } })
      const url = new URL(req.url, 'http://stripe.test')
      if (req.method === 'POST' && url.pathname === '/v1/promotion_codes') {
        const form = new URLSearchParams(req.body)
        return json(res, 200, { ...promotionCode, id: `promo_${form.get('code')}`, code: form.get('code') })
      }
      const id = decodeURIComponent(url.pathname.replace('/v1/invoices/', ''))
      const [status, body] = invoices.get(id) ?? [200, fixture('invoice.retrieved.discounts')]
      json(res, status, status === 200 ? { ...body, id } : body)
    })
    ctx = await createTestContext({ dialect, stripe: { baseUrl: stripe.url } })
    const created = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    programId = created.program.id
    await ctx.db.updateTable('programs').set({ stripe_webhook_secret: SECRET }).where('id', '=', programId).execute()
    afflio = new Afflio({ secretKey: created.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    ann = (await afflio.partners.create({ email: 'ann@partners.test', linkCode: 'ANN' })).id
    bo = (await afflio.partners.create({ email: 'bo@partners.test', linkCode: 'BO' })).id
    await afflio.couponCodes.create({ partnerId: bo, code: 'ALICE10' })
  })
  afterAll(async () => {
    await ctx.close()
    await stripe.close()
  })

  it('without a Stripe key, records the sale without the code, says why, and credits it when the event is resent', async () => {
    const e = cloverInvoice('evt_nokey_1', 'in_nokey_1')
    const first = await send(e)
    expect(first).toMatchObject({ saleId: expect.stringMatching(/^sal_/), commissionId: null, discountUnresolved: expect.stringContaining('set stripeApiKey') })
    expect(first.discountUnresolved).toContain('di_1SdC4cLkdIwHu7ixAlice1001')
    expect(await saleOf(first.saleId)).toMatchObject({ partner_id: null, coupon_code: null })
    expect(lookups()).toHaveLength(0)

    // Stripe connected, the same event resent from Stripe's dashboard: not a duplicate, the sale is credited.
    await afflio.settings.update({ stripeApiKey: KEY })
    const again = await send(e)
    expect(again).toMatchObject({ saleId: first.saleId, commissionId: expect.stringMatching(/^com_/) })
    expect(again.discountUnresolved).toBeUndefined()
    expect(await saleOf(first.saleId)).toMatchObject({ partner_id: bo, click_id: null, coupon_code: 'ALICE10' })
    expect(await commissionsOf(first.saleId)).toEqual([{ partner_id: bo, amount_minor: 522 }])
  })

  it("a clover invoice.paid whose discount is an id: the invoice is retrieved expanded, and the code's partner credited once", async () => {
    const code = await afflio.couponCodes.create({ partnerId: ann, code: 'ANN15', stripeCouponId: 'Z4OV52SU' })
    const before = lookups().length
    // Stripe's code differs from Afflio's: the promotion code's id is what matches.
    invoices.set('in_clover_1', [200, withPromotion(code.stripePromotionCodeId!, 'SPRING-ANN')])
    const result = await send(cloverInvoice('evt_clover_1', 'in_clover_1'))
    expect(await saleOf(result.saleId)).toMatchObject({ partner_id: ann, coupon_code: 'ANN15', invoice_id: 'in_clover_1' })
    expect(await commissionsOf(result.saleId)).toEqual([{ partner_id: ann, amount_minor: 522 }])

    const [call, ...more] = lookups().slice(before)
    expect(more).toEqual([])
    const url = new URL(call!.url, 'http://stripe.test')
    expect(url.pathname).toBe('/v1/invoices/in_clover_1')
    expect(url.searchParams.getAll('expand[]')).toEqual(['discounts', 'discounts.promotion_code', 'lines.data.discounts', 'lines.data.discounts.promotion_code'])
    expect(call!.headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'stripe-version': '2025-09-30.clover' })

    // Replayed: a duplicate, Stripe not asked again.
    expect(await send(cloverInvoice('evt_clover_1', 'in_clover_1'))).toEqual({ received: true, duplicate: true })
    expect(lookups().length).toBe(before + 1)
  })

  it('a basil invoice.paid of a subscription created with a promotion code: its expanded code names the partner', async () => {
    const result = await send(
      event('invoice.paid.basil', 'evt_basil_1', { id: 'in_basil_1', customer: 'cus_basil_1', billing_reason: 'subscription_create', discounts: ['di_basil_1'], parent: { subscription_details: { subscription: 'sub_basil_1' } } }),
    )
    expect(lookups().at(-1)!.url).toMatch(/^\/v1\/invoices\/in_basil_1\?/)
    expect(await saleOf(result.saleId)).toMatchObject({ partner_id: bo, coupon_code: 'ALICE10' })

    // Its renewal carries the same discount id: the subscription's first payment decides, Stripe is not asked.
    const asked = lookups().length
    ctx.clock.advanceDays(30)
    const renewal = await send(
      event('invoice.paid.basil', 'evt_basil_2', { id: 'in_basil_2', customer: 'cus_basil_1', billing_reason: 'subscription_cycle', discounts: ['di_basil_1'], parent: { subscription_details: { subscription: 'sub_basil_1' } } }),
    )
    expect(lookups().length).toBe(asked)
    expect(await saleOf(renewal.saleId)).toMatchObject({ partner_id: bo })
  })

  it('a clover Checkout Session with a promotion code credits its partner; its invoice.paid is the same sale, not looked up', async () => {
    const asked = lookups().length
    const checkout = await send(event('checkout.session.completed.clover.discount', 'evt_clover_checkout_1', { discounts: [{ coupon: 'Z4OV52SU', promotion_code: 'promo_ALICE10_unknown' }] }))
    // The promotion code is not one Afflio made, and the session names it by id alone: the coupon id is the code.
    expect(await saleOf(checkout.saleId)).toMatchObject({ partner_id: null, coupon_code: 'Z4OV52SU', invoice_id: 'in_1SdC5bLkdIwHu7ixClover0002' })

    const promo = (await afflio.couponCodes.create({ partnerId: bo, code: 'FINN10', stripeCouponId: 'Z4OV52SU' })).stripePromotionCodeId!
    const paid = await send(event('checkout.session.completed.clover.discount', 'evt_clover_checkout_2', { id: 'cs_test_other', invoice: 'in_clover_checkout_2', subscription: 'sub_clover_checkout_2', customer: 'cus_clover_checkout_2', discounts: [{ coupon: 'Z4OV52SU', promotion_code: promo }] }))
    expect(await saleOf(paid.saleId)).toMatchObject({ partner_id: bo, coupon_code: 'FINN10' })
    const invoice = await send(cloverInvoice('evt_clover_checkout_3', 'in_clover_checkout_2', { customer: 'cus_clover_checkout_2', parent: { subscription_details: { subscription: 'sub_clover_checkout_2' } } }))
    expect(invoice.saleId).toBe(paid.saleId)
    expect(lookups().length).toBe(asked)
    expect(await commissionsOf(paid.saleId)).toHaveLength(1)
  })

  it('Stripe down: answered 503 and nothing recorded, so Stripe retries; Stripe refusing: recorded without the code, and said', async () => {
    invoices.set('in_down_1', [500, { error: { type: 'api_error', message: 'An unknown error occurred' } }])
    const res = await post(cloverInvoice('evt_down_1', 'in_down_1'))
    expect(res.status).toBe(503)
    expect((await res.json()).error.message).toContain('retry this event')
    expect(await ctx.db.selectFrom('sales').select('id').where('invoice_id', '=', 'in_down_1').executeTakeFirst()).toBeUndefined()
    invoices.delete('in_down_1')
    expect(await saleOf((await send(cloverInvoice('evt_down_1', 'in_down_1'))).saleId)).toMatchObject({ partner_id: bo })

    invoices.set('in_refused_1', [404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: "No such invoice: 'in_refused_1'" } }])
    const refused = await send(cloverInvoice('evt_refused_1', 'in_refused_1'))
    expect(refused).toMatchObject({ commissionId: null, discountUnresolved: expect.stringContaining("No such invoice: 'in_refused_1'") })
  })
})

/** The recorded invoice whose discount's promotion code is `id` with code `code`. */
function withPromotion(id: string, code: string): Json {
  const invoice = fixture('invoice.retrieved.discounts')
  invoice.discounts[0].promotion_code = { ...invoice.discounts[0].promotion_code, id, code }
  return invoice
}
