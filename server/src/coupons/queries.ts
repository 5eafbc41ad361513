// Coupon codes as stored, and as the API shows them.
import type { CouponCode, ListCouponCodesQuery, Page } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { CouponCodeTable } from '../kernel/db/schema.ts'

export type CouponCodeRow = Selectable<CouponCodeTable>

export function toCouponCode(r: CouponCodeRow): CouponCode {
  return {
    id: r.id,
    partnerId: r.partner_id,
    code: r.code,
    status: r.status,
    createdBy: r.created_by,
    stripePromotionCodeId: r.stripe_promotion_code_id,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  }
}

export async function insertCouponCode(tx: Tx, row: CouponCodeRow): Promise<void> {
  await tx.insertInto('coupon_codes').values(row).execute()
}

export function findCouponCode(db: Db | Tx, programId: string, id: string) {
  return db.selectFrom('coupon_codes').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

/** The program's code with this key (upper case), active or not. */
export function couponCodeByKey(db: Db | Tx, programId: string, key: string) {
  return db.selectFrom('coupon_codes').selectAll().where('program_id', '=', programId).where('code_key', '=', key).executeTakeFirst()
}

/** The program's active code with this key whose partner is not suspended: one a sale may be credited by (one query on the sale's path). */
export function redeemableCouponCode(db: Db | Tx, programId: string, key: string) {
  return db
    .selectFrom('coupon_codes as c')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .select(['c.id', 'c.code', 'c.partner_id'])
    .where('c.program_id', '=', programId)
    .where('c.code_key', '=', key)
    .where('c.status', '=', 'active')
    .where('p.status', '!=', 'suspended')
    .executeTakeFirst()
}

/** The program's codes created with any of these Stripe promotion codes. */
export function couponCodesByPromotion(db: Db | Tx, programId: string, promotionCodeIds: string[]) {
  if (promotionCodeIds.length === 0) return Promise.resolve([])
  return db.selectFrom('coupon_codes').selectAll().where('program_id', '=', programId).where('stripe_promotion_code_id', 'in', promotionCodeIds).execute()
}

export function couponCodesPage(db: Db, programId: string, q: ListCouponCodesQuery & { limit: number }): Promise<Page<CouponCode>> {
  let query = db.selectFrom('coupon_codes').selectAll().where('program_id', '=', programId)
  if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
  if (q.status) query = query.where('status', '=', q.status)
  return paginate(query, 'id', q, toCouponCode)
}

/** A partner's codes, newest first (a partner has a handful: the policy caps those it creates). */
export function partnerCouponCodes(db: Db | Tx, programId: string, partnerId: string) {
  return db.selectFrom('coupon_codes').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId).orderBy('id', 'desc').limit(500).execute()
}

/** How many codes the partner created itself: what the policy's maximum counts. */
export async function countPartnerCreated(tx: Tx, programId: string, partnerId: string): Promise<number> {
  const row = await tx
    .selectFrom('coupon_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('created_by', '=', 'partner')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function setCouponCodeStatus(tx: Tx, id: string, status: CouponCodeRow['status'], at: string) {
  return tx
    .updateTable('coupon_codes')
    .set({ status, disabled_at: status === 'disabled' ? at : null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Locks the partner's row until commit (Postgres; SQLite has one writer): its portal creations take turns against the policy's maximum. */
export async function lockPartnerCodes(tx: Tx, partnerId: string): Promise<void> {
  await tx.selectFrom('partners').select('id').where('id', '=', partnerId).$if(isPostgres(tx), (q) => q.forUpdate()).executeTakeFirst()
}

/** Whether the partner is the program's. */
export function partnerOfProgram(db: Db, programId: string, partnerId: string) {
  return db.selectFrom('partners').select('id').where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
}
