// Stripe promotion codes for Afflio's coupon codes: created with the code (so buyers can type it at Stripe
// Checkout) and deactivated with it. The Afflio code id is the idempotency key, so a retried creation makes one.
import { type StripeApi, type StripeCallResult, stripePost } from '../kernel/stripe-api.ts'

/** `POST /v1/promotion_codes`: the code, on the program's Stripe coupon, with our ids as metadata. */
export function createPromotionCode(api: StripeApi, x: { codeId: string; code: string; couponId: string; partnerId: string }): Promise<StripeCallResult> {
  const form = new URLSearchParams({ 'promotion[type]': 'coupon', 'promotion[coupon]': x.couponId, code: x.code, 'metadata[afflio_code_id]': x.codeId, 'metadata[afflio_partner_id]': x.partnerId })
  return stripePost(api, '/v1/promotion_codes', form, `afflio_${x.codeId}`)
}

/** `POST /v1/promotion_codes/:id` with `active`: a disabled code's promotion code stops working at checkout. */
export function setPromotionCodeActive(api: StripeApi, promotionCodeId: string, active: boolean): Promise<StripeCallResult> {
  return stripePost(api, `/v1/promotion_codes/${encodeURIComponent(promotionCodeId)}`, new URLSearchParams({ active: String(active) }))
}
