// Coupon and promotion codes: a code belongs to one partner; a sale reported with it is credited to that
// partner even without a click. The program's coupon policy says who may create codes and who is credited
// when a sale carries one partner's click and another's code.
import type { Id, PageQuery } from './types.ts'

export interface CouponCode {
  id: Id
  partnerId: Id
  /** As created; matched whatever the case a buyer types it in */
  code: string
  /** disabled: no longer credits sales (a disabled code's Stripe promotion code is deactivated too) */
  status: 'active' | 'disabled'
  createdBy: 'program' | 'partner'
  /** The Stripe promotion code created with it (`promo_…`); null when Stripe was not asked */
  stripePromotionCodeId: string | null
  createdAt: string
  disabledAt: string | null
}

/** `POST /v1/coupon-codes` */
export interface CreateCouponCodeInput {
  partnerId: Id
  /** 3-40 letters, digits, `_` or `-`; unique in the program whatever its case */
  code: string
  /**
   * With the program's Stripe API key set: the Stripe coupon the new promotion code applies (its discount).
   * Defaults to the policy's `stripeCouponId`; without either, no Stripe promotion code is created.
   */
  stripeCouponId?: string | undefined
}

/** `PATCH /v1/coupon-codes/:id` */
export interface UpdateCouponCodeInput {
  status: 'active' | 'disabled'
}

export interface ListCouponCodesQuery extends PageQuery {
  partnerId?: Id | undefined
  status?: 'active' | 'disabled' | undefined
}

/**
 * Who is credited for a sale with one partner's click and another partner's code:
 * `click` (the click's partner), `code` (the code's partner), or `split` between both.
 */
export type CouponConflictPolicy = 'click' | 'code' | 'split'

/** The program's coupon policy (in `ProgramSettings.couponPolicy`). */
export interface CouponPolicy {
  conflict: CouponConflictPolicy
  /** With `split`: the click partner's share, basis points (5000 = 50/50); the code partner has the rest */
  splitClickBps: number
  /** Whether partners create their own codes in the portal */
  partnerCodesAllowed: boolean
  /** Most codes (active or disabled) a partner may create in the portal */
  maxCodesPerPartner: number
  /** Partner-created codes must start with this (any case); null: no prefix */
  partnerCodePrefix: string | null
  /** The Stripe coupon new codes' promotion codes apply, when the program's Stripe API key is set; null: none */
  stripeCouponId: string | null
}

/** The partner's codes in the portal, with what the policy still lets them create. */
export interface PortalCouponCodes {
  data: CouponCode[]
  policy: { allowed: boolean; maxCodes: number; prefix: string | null; remaining: number }
}

/** `POST /v1/portal/coupon-codes` */
export interface CreatePortalCouponCodeInput {
  code: string
}
