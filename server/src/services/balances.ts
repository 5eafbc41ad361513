import type { ListBalancesQuery, PartnerBalance } from '@afflio/sdk/types'
import { sql } from 'kysely'
import type { Db } from '../db/connect.ts'

/**
 * Balances per (partner, currency), derived from the ledger: approved commissions in no payout
 * (clawbacks subtract, so it can be negative), pending ones (holding period or on hold) and paid
 * ones. A pending commission whose holding period is over counts as approved already, so this read
 * agrees with what the next payout run (which approves due commissions first) would see.
 */
export async function listBalances(db: Db, programId: string, query: ListBalancesQuery, now: Date): Promise<PartnerBalance[]> {
  const at = now.toISOString()
  const owed = sql<boolean>`(status = 'approved' or (status = 'pending' and approve_at <= ${at}))`
  const waiting = sql<boolean>`((status = 'pending' and (approve_at is null or approve_at > ${at})) or status = 'on_hold')`
  let q = db
    .selectFrom('commissions')
    .select([
      'partner_id',
      'currency',
      sql<number>`sum(case when ${owed} then amount_minor else 0 end)`.as('balance'),
      sql<number>`sum(case when ${waiting} then amount_minor else 0 end)`.as('pending'),
      sql<number>`sum(case when status = 'paid' then amount_minor else 0 end)`.as('paid'),
    ])
    .where('program_id', '=', programId)
    .where('status', 'in', ['approved', 'pending', 'on_hold', 'paid'])
    .groupBy(['partner_id', 'currency'])
    .orderBy('partner_id')
    .orderBy('currency')
  if (query.partnerId) q = q.where('partner_id', '=', query.partnerId)
  const rows = await q.execute()
  return rows.map((r) => ({ partnerId: r.partner_id, currency: r.currency, balanceMinor: Number(r.balance), pendingMinor: Number(r.pending), paidMinor: Number(r.paid) }))
}
