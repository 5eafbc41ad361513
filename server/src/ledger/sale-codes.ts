// The coupon code a sale carries, as a claim on it (tracking/attribution.ts's creditSale decides what it wins).
import type { Tx } from '../kernel/db/connect.ts'
import { codeKey, couponCodeByKey, findCouponCode } from '../coupons/index.ts'
import type { CodeClaim } from '../tracking/index.ts'

/**
 * The program's code as a claim: by the code as reported (active codes only, any case), or by the id a
 * subscription's first payment matched (a code disabled since still carries its renewals).
 */
export async function saleCode(tx: Tx, programId: string, by: { couponCode?: string | undefined } | { couponCodeId: string }): Promise<CodeClaim | null> {
  if ('couponCodeId' in by) {
    const row = await findCouponCode(tx, programId, by.couponCodeId)
    return row ? { partnerId: row.partner_id, codeId: row.id, code: row.code } : null
  }
  if (!by.couponCode?.trim()) return null
  const row = await couponCodeByKey(tx, programId, codeKey(by.couponCode))
  return row && row.status === 'active' ? { partnerId: row.partner_id, codeId: row.id, code: row.code } : null
}

