// Coupon codes' rules: the program's policy and its defaults, a code's shape, and whether a partner may
// create one in the portal. Pure. A code's key (any case) is kernel/codes.ts's, as a link code's.
import type { CouponPolicy } from '@afflio/sdk/types'
import { codeKey } from '../kernel/codes.ts'

export const DEFAULT_COUPON_POLICY: CouponPolicy = {
  conflict: 'click',
  splitClickBps: 5000,
  partnerCodesAllowed: false,
  maxCodesPerPartner: 3,
  partnerCodePrefix: null,
  stripeCouponId: null,
}

/** The policy in force: the stored (partial) one over the defaults. */
export function readCouponPolicy(stored: string): CouponPolicy {
  return { ...DEFAULT_COUPON_POLICY, ...(JSON.parse(stored) as Partial<CouponPolicy>) }
}

/** What is stored: only the settings that differ from the defaults, so a later default applies to the rest. */
export function storedCouponPolicy(p: CouponPolicy): string {
  const changed = Object.entries(p).filter(([k, v]) => DEFAULT_COUPON_POLICY[k as keyof CouponPolicy] !== v)
  return JSON.stringify(Object.fromEntries(changed))
}

/** A code's letters: what Stripe accepts in a promotion code too. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{3,40}$/

/** Why the partner may not create `code` in the portal under the policy, or null when it may. */
export function partnerCodeProblem(policy: CouponPolicy, code: string, codesSoFar: number): { status: 400 | 403 | 409; message: string } | null {
  if (!policy.partnerCodesAllowed) return { status: 403, message: 'This program does not let partners create their own codes' }
  if (codesSoFar >= policy.maxCodesPerPartner) return { status: 409, message: `You have ${codesSoFar} codes, the most this program allows` }
  const prefix = policy.partnerCodePrefix
  if (prefix && !codeKey(code).startsWith(codeKey(prefix))) return { status: 400, message: `Codes in this program start with ${prefix}` }
  return null
}
