// A partner's payouts and payout details as the portal shows and sets them.
import type { PayoutDetails } from '@afflio/sdk/types'
import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import type { PartnerPayoutDetailsTable } from '../kernel/db/schema.ts'

export function toPayoutDetails(r: Selectable<PartnerPayoutDetailsTable>): PayoutDetails {
  return r.method === 'paypal' || r.method === 'wise' ? { method: r.method, email: r.email ?? '' } : { method: r.method, accountRef: r.account_ref ?? '' }
}

/** The partner's latest payouts, newest first. */
export function latestPayouts(db: Db, programId: string, partnerId: string, limit: number) {
  return db
    .selectFrom('payouts')
    .select(['id', 'amount_minor', 'currency', 'status', 'created_at', 'paid_at'])
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export function findPayoutDetails(db: Db, partnerId: string) {
  return db.selectFrom('partner_payout_details').selectAll().where('partner_id', '=', partnerId).executeTakeFirst()
}

/** Sets (replaces) the partner's payout details. */
export async function upsertPayoutDetails(db: Db, row: Insertable<PartnerPayoutDetailsTable>): Promise<void> {
  await db
    .insertInto('partner_payout_details')
    .values(row)
    .onConflict((oc) => oc.column('partner_id').doUpdateSet({ method: row.method, email: row.email, account_ref: row.account_ref, updated_at: row.updated_at }))
    .execute()
}
