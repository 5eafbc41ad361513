// Validators of the coupon code endpoints and of the coupon policy in the program's settings, each checked
// against the SDK's contract type.
import type { CouponPolicy, CreateCouponCodeInput, CreatePortalCouponCodeInput, ListCouponCodesQuery, UpdateCouponCodeInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { id, pageOf } from '../kernel/http/schemas.ts'
import { CODE_PATTERN } from './coupon-rules.ts'

const code = z.string().trim().regex(CODE_PATTERN, 'must be 3-40 letters, digits, _ or -')
const stripeCoupon = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a Stripe coupon id')
const status = z.enum(['active', 'disabled'])

export const createCouponCode = z.strictObject({ partnerId: id('prt'), code, stripeCouponId: stripeCoupon.optional() }) satisfies z.ZodType<CreateCouponCodeInput, any>
export const updateCouponCode = z.strictObject({ status }) satisfies z.ZodType<UpdateCouponCodeInput, any>
export const listCouponCodes = pageOf('cpn').extend({ partnerId: id('prt').optional(), status: status.optional() }) satisfies z.ZodType<ListCouponCodesQuery, any>
export const createPortalCouponCode = z.strictObject({ code }) satisfies z.ZodType<CreatePortalCouponCodeInput, any>

/** Only the settings named change; the others keep theirs (coupon-rules.ts has the defaults). */
export const couponPolicy = z.strictObject({
  conflict: z.enum(['click', 'code', 'split']).optional(),
  splitClickBps: z.number().int().min(0).max(10_000).optional(),
  partnerCodesAllowed: z.boolean().optional(),
  maxCodesPerPartner: z.number().int().min(0).max(100).optional(),
  partnerCodePrefix: z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be 1-20 letters, digits, _ or -').nullable().optional(),
  stripeCouponId: stripeCoupon.nullable().optional(),
}) satisfies z.ZodType<Partial<CouponPolicy>, any>
