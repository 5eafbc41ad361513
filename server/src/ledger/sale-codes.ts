// The coupon code a sale carries, as a claim on it (tracking/attribution.ts's creditSale decides what it wins).
import type { Tx } from '../kernel/db/connect.ts'
import { codeKey } from '../kernel/codes.ts'
import { findCouponCode, redeemableCouponCode } from '../coupons/index.ts'
import type { CodeClaim } from '../tracking/index.ts'

/**
 * The program's code as a claim: by the code as reported (active codes of partners not suspended, any
 * case), or by the id a subscription's first payment matched (a code disabled since still carries its
 * renewals). A suspended partner's code claims no new sale, as its link's clicks answer 404: the sale is
 * recorded as with an unknown code, so a click wins it whatever the policy, rather than going to a partner
 * who earns nothing.
 */
export async function saleCode(tx: Tx, programId: string, by: { couponCode?: string | undefined } | { couponCodeId: string }): Promise<CodeClaim | null> {
  if ('couponCodeId' in by) {
    const row = await findCouponCode(tx, programId, by.couponCodeId)
    return row ? { partnerId: row.partner_id, codeId: row.id, code: row.code } : null
  }
  if (!by.couponCode?.trim()) return null
  const row = await redeemableCouponCode(tx, programId, codeKey(by.couponCode))
  if (!row) return null
  return { partnerId: row.partner_id, codeId: row.id, code: row.code }
}
