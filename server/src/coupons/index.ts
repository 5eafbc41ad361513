// The coupons feature's public face: other features import from here, never from its files.
export { DEFAULT_COUPON_POLICY, readCouponPolicy, storedCouponPolicy } from './coupon-rules.ts'
export { portalCouponRoutes } from './portal-routes.ts'
export { couponCodesByPromotion, findCouponCode, redeemableCouponCode } from './queries.ts'
export * as couponsSchemas from './schemas.ts'
