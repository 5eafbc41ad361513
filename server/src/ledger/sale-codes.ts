// The coupon code a sale carries, as a claim on it (tracking/attribution.ts's creditSale decides what it wins).
import type { Db, Tx } from '../kernel/db/connect.ts'
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

/** The partner of the code a sale matched, when it is not the sale's own partner (a split's second partner, or one the policy passed over). */
export async function splitPartnerOf(db: Db | Tx, sale: { program_id: string; partner_id: string | null; coupon_code_id: string | null }): Promise<string | null> {
  if (!sale.coupon_code_id || !sale.partner_id) return null
  const row = await findCouponCode(db, sale.program_id, sale.coupon_code_id)
  return row && row.partner_id !== sale.partner_id ? row.partner_id : null
}
