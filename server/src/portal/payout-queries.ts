// A partner's payouts and payout details as the portal shows and sets them.
import type { Page, PayoutDetails, PortalPayout } from '@afflio/sdk/types'
import type { Insertable, Selectable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { type PageQuery, paginate } from '../kernel/db/page.ts'
import type { PartnerPayoutDetailsTable } from '../kernel/db/schema.ts'

export function toPayoutDetails(r: Selectable<PartnerPayoutDetailsTable>): PayoutDetails {
  return r.method === 'paypal' || r.method === 'wise' ? { method: r.method, email: r.email ?? '' } : { method: r.method, accountRef: r.account_ref ?? '' }
}

/** A page of the partner's payouts, newest first. */
export function payoutHistoryPage(db: Db, programId: string, partnerId: string, q: PageQuery): Promise<Page<PortalPayout>> {
  const query = db.selectFrom('payouts').select(['id', 'amount_minor', 'currency', 'status', 'created_at', 'paid_at']).where('program_id', '=', programId).where('partner_id', '=', partnerId)
  return paginate(query, 'id', q, (p): PortalPayout => ({ id: p.id, amountMinor: Number(p.amount_minor), currency: p.currency, status: p.status, createdAt: p.created_at, paidAt: p.paid_at }))
}

export function findPayoutDetails(db: Db, partnerId: string) {
  return db.selectFrom('partner_payout_details').selectAll().where('partner_id', '=', partnerId).executeTakeFirst()
}

/**
 * The partner's payout details, read under the partner's row lock (Postgres): of two changes at once, the
 * second reads what the first wrote (there may be no details row yet to lock).
 */
export async function lockPayoutDetails(tx: Tx, partnerId: string) {
  if (isPostgres(tx)) await tx.selectFrom('partners').select('id').where('id', '=', partnerId).forNoKeyUpdate().execute()
  return findPayoutDetails(tx, partnerId)
}

/** Sets (replaces) the partner's payout details. */
export async function upsertPayoutDetails(db: Db, row: Insertable<PartnerPayoutDetailsTable>): Promise<void> {
  await db
    .insertInto('partner_payout_details')
    .values(row)
    .onConflict((oc) => oc.column('partner_id').doUpdateSet({ method: row.method, email: row.email, account_ref: row.account_ref, updated_at: row.updated_at }))
    .execute()
}
