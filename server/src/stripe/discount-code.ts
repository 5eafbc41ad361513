// The coupon code a Stripe payment's discount names, as its sale reports it. From API version basil on, an
// invoice's discounts arrive as bare ids (`di_…`); Discounts cannot be retrieved alone, so Afflio retrieves
// the invoice with them expanded, with the program's own Stripe key, before the sale's transaction.
import { couponCodesByPromotion } from '../coupons/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { programStripeApi, type StripeEndpoint, stripeGet } from '../kernel/stripe-api.ts'
import type { ProgramRow } from '../programs/index.ts'
import { retrievedInvoiceDiscount, type StripeDiscount } from './discounts.ts'

export interface DiscountCode {
  couponCode: string | null
  /** Why discounts the event names by id alone were not read (no Stripe key, Stripe refused): said in the webhook's answer */
  unresolved?: string
}

// Stripe waits about 20 seconds for a webhook's answer: the look-up must leave time for the sale.
const LOOKUP_TIMEOUT_MS = 8_000
const EXPAND = ['discounts', 'discounts.promotion_code', 'lines.data.discounts', 'lines.data.discounts.promotion_code']

/**
 * The code of a payment's discount: the program's code whose Stripe promotion code it is, else the
 * promotion code's own code (when expanded), else the coupon's id (a program may name its Stripe coupon
 * after the code); the ledger then matches it against the program's codes. `lookUp: false` when the code
 * cannot change who is credited (the sale or its subscription is credited already): Stripe is not asked.
 * Throws 503 when Stripe does not answer, so that Stripe sends the event again; nothing is recorded then.
 */
export async function discountCode(db: Db, program: ProgramRow, discount: StripeDiscount | null, { lookUp, stripe }: { lookUp: boolean; stripe: StripeEndpoint }): Promise<DiscountCode> {
  if (!discount) return { couponCode: null }
  if (!discount.unexpanded || !lookUp) return { couponCode: await codeOf(db, program.id, discount) }

  const { invoiceId, discountIds } = discount.unexpanded
  const named = `invoice ${invoiceId}'s discounts (${discountIds.join(', ')})`
  const api = programStripeApi(db, program, stripe)
  if (!api) return { couponCode: await codeOf(db, program.id, discount), unresolved: `${named} name no promotion code in this event, and the program has no Stripe API key to look them up: set stripeApiKey, then resend this event to credit the code's partner` }
  const query = new URLSearchParams(EXPAND.map((e) => ['expand[]', e]))
  const answer = await stripeGet(api, `/v1/invoices/${encodeURIComponent(invoiceId)}`, query, LOOKUP_TIMEOUT_MS)
  if (answer.kind === 'unreachable') throw new ApiError(503, 'unavailable', `${answer.message}: ${named} could not be looked up; nothing was recorded, retry this event`)
  const found = answer.kind === 'ok' ? retrievedInvoiceDiscount(answer.object) : null
  if (!found) {
    const why = answer.kind === 'refused' ? `Stripe refused to look them up: ${answer.message}` : 'Stripe answered with no invoice Afflio can read'
    return { couponCode: await codeOf(db, program.id, discount), unresolved: `${named}: ${why}; resend this event once fixed to credit the code's partner` }
  }
  return { couponCode: found.discount && (await codeOf(db, program.id, found.discount)) } // the whole invoice: the event's own discounts too
}

async function codeOf(db: Db, programId: string, d: StripeDiscount): Promise<string | null> {
  const [ours] = await couponCodesByPromotion(db, programId, d.promotionCodes)
  return ours?.code ?? d.codes[0] ?? d.coupons[0]?.slice(0, 200) ?? null
}
