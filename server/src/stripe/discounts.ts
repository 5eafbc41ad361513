// The discounts of a Stripe payment as its objects show them, in every API version Afflio reads: a
// Checkout Session's `{ coupon, promotion_code }`, pre-basil's expanded `invoice.discount`, and the
// `discounts` of invoices and their lines, ids (`di_…`) unless expanded. Pure, as events.ts is.
import { z } from 'zod'

/**
 * The discounts a payment carried, as Stripe names them: promotion code ids (`promo_…`), the codes
 * themselves when Stripe expanded them, and coupon ids. The service finds the program's code among them.
 * `unexpanded`: discounts the event names by id alone (an invoice's `discounts` from basil on), which only
 * the invoice, retrieved with them expanded, tells.
 */
export interface StripeDiscount {
  promotionCodes: string[]
  codes: string[]
  coupons: string[]
  unexpanded: { invoiceId: string; discountIds: string[] } | null
}

// A promotion code or coupon: an id, or the expanded object (a promotion code's has its `code`).
const promotion = z.union([z.string().min(1), z.object({ id: z.string().min(1), code: z.string().nullish() })]).nullish()
const couponRef = z.union([z.string().min(1), z.object({ id: z.string().min(1) })]).nullish()
// A Discount (or a Checkout Session's `{ coupon, promotion_code }`). Its coupon: `coupon` until clover,
// `source.coupon` from clover on (an id unless expanded).
export const discountObject = z.object({ id: z.string().nullish(), coupon: couponRef, source: z.object({ coupon: couponRef }).nullish(), promotion_code: promotion })
// An invoice's (and its lines') `discounts` are discount ids (`di_…`) unless expanded: only expanded ones name a code.
export const discountList = z.array(z.union([z.string(), discountObject])).nullish()
// Line items' own discounts; a line Afflio cannot read costs the event nothing.
export const lineDiscounts = z.object({ data: z.array(z.object({ discounts: discountList })) }).nullish().catch(null)

// An invoice's discount fields, in an event or as GET /v1/invoices/:id answers with them expanded.
const invoiceDiscounts = z.object({ id: z.string().min(1), discount: discountObject.nullish(), discounts: discountList, lines: lineDiscounts })

/** An invoice's discounts: its own (pre-basil `discount`, `discounts`) and its lines'. */
export function invoiceDiscount(i: z.infer<typeof invoiceDiscounts>): StripeDiscount | null {
  const lines = i.lines?.data.flatMap((l) => l.discounts ?? []) ?? []
  return discountOf([...(i.discount ? [i.discount] : []), ...(i.discounts ?? []), ...lines], i.id)
}

/**
 * The discounts of an invoice retrieved with them expanded (`expand[]=discounts`, GET /v1/invoices/:id),
 * in any API version (`discount: null`: it has none); null when the answer is not an invoice Afflio can read.
 */
export function retrievedInvoiceDiscount(object: unknown): { discount: StripeDiscount | null } | null {
  const r = invoiceDiscounts.safeParse(object)
  return r.success ? { discount: invoiceDiscount(r.data) } : null
}

/**
 * The promotion codes, codes and coupons of a payment's discounts, and the ids of those given by id alone
 * (an id an expanded one has too is that one: pre-basil's `discount` is also in `discounts`); null without any.
 */
export function discountOf(list: z.infer<typeof discountList>, invoiceId: string | null): StripeDiscount | null {
  const promotionCodes: string[] = []
  const codes: string[] = []
  const coupons: string[] = []
  const ids: string[] = []
  const expanded = new Set<string>()
  for (const d of list ?? []) {
    if (typeof d === 'string') {
      ids.push(d)
      continue
    }
    if (d.id) expanded.add(d.id)
    const p = d.promotion_code
    if (p) promotionCodes.push(typeof p === 'string' ? p : p.id)
    if (p && typeof p !== 'string' && p.code) codes.push(p.code)
    const coupon = d.coupon ?? d.source?.coupon
    if (coupon) coupons.push(typeof coupon === 'string' ? coupon : coupon.id)
  }
  const discountIds = compact(ids.filter((id) => !expanded.has(id)))
  const unexpanded = invoiceId && discountIds.length ? { invoiceId, discountIds } : null
  if (!promotionCodes.length && !coupons.length && !unexpanded) return null
  return { promotionCodes: compact(promotionCodes), codes: compact(codes), coupons: compact(coupons), unexpanded }
}

const compact = (xs: ReadonlyArray<string | null | undefined>) => [...new Set(xs.filter((x): x is string => !!x))]
