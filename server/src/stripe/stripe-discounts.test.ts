// Stripe payments with a discount credit the partner of the code: recorded event payloads (fixtures/) with a
// promotion code (checkout.session.completed's `discounts`) or a coupon (invoice.paid's `discount`), signed
// as Stripe signs them and posted to the webhook.
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signStripePayload } from './signature.ts'
import { fixture, type Json, stripeEvent } from '../testing-stripe.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

const SECRET = 'whsec_test'

describe.each(dialects)('Stripe discounts on %s', (dialect) => {
  let ctx: TestContext
  let keys: { id: string; publishableKey: string; secretKey: string }
  let afflio: Afflio
  let ann: string
  let bo: string
  const seconds = () => Math.floor(ctx.clock.now().getTime() / 1000)

  /** A recorded event at the test clock's now, with the given changes to `data.object`. */
  const event = (name: string, id: string, object: Json = {}) => stripeEvent(name, id, seconds(), object)
  const send = async (e: Json) => {
    const body = JSON.stringify(e, null, 2)
    const res = await ctx.app.request(`/v1/stripe/webhooks/${keys.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(SECRET, body, seconds()) }, body })
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json()
  }
  const click = async (code: string): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    return (await res.json()).clickId
  }
  const commissionsOf = (saleId: string) => ctx.db.selectFrom('commissions').select(['partner_id', 'amount_minor']).where('sale_id', '=', saleId).orderBy('partner_id').execute()

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const created = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    keys = { id: created.program.id, publishableKey: created.publishableKey, secretKey: created.secretKey }
    await ctx.db.updateTable('programs').set({ stripe_webhook_secret: SECRET }).where('id', '=', keys.id).execute()
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    ann = (await afflio.partners.create({ email: 'ann@partners.test', linkCode: 'ANN' })).id
    bo = (await afflio.partners.create({ email: 'bo@partners.test', linkCode: 'BO' })).id
    const alice10 = await afflio.couponCodes.create({ partnerId: bo, code: 'ALICE10' })
    // As if created with Stripe connected (coupons.test.ts covers that call): the promotion code in the payload.
    await ctx.db.updateTable('coupon_codes').set({ stripe_promotion_code_id: 'promo_1QpZ9vLkdIwHu7ixAlice10' }).where('id', '=', alice10.id).execute()
    await afflio.couponCodes.create({ partnerId: bo, code: 'bob10' })
  })
  afterAll(() => ctx.close())

  it('checkout.session.completed with a promotion code credits the code’s partner without a click', async () => {
    const result = await send(event('checkout.session.completed.discount', 'evt_promo_1'))
    expect(result).toMatchObject({ saleId: expect.stringMatching(/^sal_/), commissionId: expect.stringMatching(/^com_/) })
    const sale = await ctx.db.selectFrom('sales').selectAll().where('id', '=', result.saleId).executeTakeFirstOrThrow()
    expect(sale).toMatchObject({ partner_id: bo, click_id: null, coupon_code: 'ALICE10', invoice_id: 'pi_3QpZ9wLkdIwHu7ix0PrM0002' })
    expect(await commissionsOf(sale.id)).toEqual([{ partner_id: bo, amount_minor: 900 }])
    // The same event again: a duplicate, nothing written.
    expect(await send(event('checkout.session.completed.discount', 'evt_promo_1'))).toEqual({ received: true, duplicate: true })
  })

  it('a click of one partner and a promotion code of another split the sale under the split policy', async () => {
    await afflio.settings.update({ couponPolicy: { conflict: 'split' } })
    const clickId = await click('ANN')
    const result = await send(event('checkout.session.completed.discount', 'evt_promo_2', { client_reference_id: clickId, payment_intent: 'pi_split_1', customer: 'cus_split_1' }))
    expect(await commissionsOf(result.saleId)).toEqual([ann, bo].sort().map((p) => ({ partner_id: p, amount_minor: 450 })))
    await afflio.settings.update({ couponPolicy: { conflict: 'click' } })
  })

  it('invoice.paid whose discount’s coupon is named after a code credits that code’s partner', async () => {
    const result = await send(event('invoice.paid.discount', 'evt_inv_disc_1'))
    const sale = await ctx.db.selectFrom('sales').selectAll().where('id', '=', result.saleId).executeTakeFirstOrThrow()
    expect(sale).toMatchObject({ partner_id: bo, coupon_code: 'BOB10', invoice_id: 'in_1QpZAaLkdIwHu7ixDisc00001', subscription_id: 'sub_1QpZAaLkdIwHu7ixPro00002' })
    expect(await commissionsOf(sale.id)).toEqual([{ partner_id: bo, amount_minor: 522 }])
  })

  it('an invoice without a discount, or with a code the program does not have, credits nobody', async () => {
    const plain = await send(event('invoice.paid', 'evt_inv_plain', { id: 'in_plain_1', customer: 'cus_plain_1', subscription: 'sub_plain_1' }))
    expect(plain.commissionId).toBeNull()
    const other = fixture('invoice.paid.discount').data.object.discount
    const foreign = await send(event('invoice.paid.discount', 'evt_inv_foreign', { id: 'in_foreign_1', customer: 'cus_foreign_1', subscription: 'sub_foreign_1', discount: { ...other, coupon: { ...other.coupon, id: 'SOMEONE' } } }))
    expect(foreign.commissionId).toBeNull()
    expect(await ctx.db.selectFrom('sales').select('coupon_code').where('id', '=', foreign.saleId).executeTakeFirstOrThrow()).toEqual({ coupon_code: 'SOMEONE' })
  })
})
