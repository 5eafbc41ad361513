// What a payout run reads and writes: the program's turn, approved commissions in no payout, who may be
// paid, the run and its payouts, and the commissions the run claims.
import { sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PayoutRow, PayoutRunRow } from './queries.ts'

const INSERT_CHUNK = 500 // 14 columns a payout: well under both databases' bound-parameter limits

/**
 * Postgres: runs of one program take turns, so the second sees what the first claimed. NO KEY keeps
 * inserts of commissions (which take KEY SHARE on the program through their foreign key) unblocked.
 */
export async function lockProgramForRun(tx: Tx, programId: string): Promise<void> {
  await tx.selectFrom('programs').select('id').where('id', '=', programId).forNoKeyUpdate().execute()
}

/**
 * The program's unpaid approved balances: per partner and currency, the sum and count of approved commissions
 * in no payout. One aggregate, so a run holds a row per balance, not per commission.
 */
export async function unpaidBalances(db: Db | Tx, programId: string) {
  const rows = await db
    .selectFrom('commissions')
    .select(['partner_id', 'currency', sql<number>`sum(amount_minor)`.as('amount'), sql<number>`count(*)`.as('n')])
    .where('program_id', '=', programId)
    .where('status', '=', 'approved')
    .where('payout_id', 'is', null)
    .groupBy(['partner_id', 'currency'])
    .execute()
  return rows.map((r) => ({ partnerId: r.partner_id, currency: r.currency, amountMinor: Number(r.amount), n: Number(r.n) }))
}

export function suspendedPartners(db: Db | Tx, programId: string) {
  return db.selectFrom('partners').select(['id', 'status']).where('program_id', '=', programId).where('status', '=', 'suspended').execute()
}

/** Every payout details row of the program's partners. */
export function programPayoutDetails(db: Db | Tx, programId: string) {
  return db.selectFrom('partner_payout_details').selectAll().where('program_id', '=', programId).execute()
}

export async function insertRun(tx: Tx, run: PayoutRunRow): Promise<void> {
  await tx.insertInto('payout_runs').values(run).execute()
}

/** The run's payouts, in multi-row inserts kept under the bound-parameter limits. */
export async function insertPayouts(tx: Tx, payouts: readonly PayoutRow[]): Promise<void> {
  for (let i = 0; i < payouts.length; i += INSERT_CHUNK) await tx.insertInto('payouts').values(payouts.slice(i, i + INSERT_CHUNK)).execute()
}

/**
 * Moves every approved commission in no payout into its partner's payout of this run for its currency, a range
 * of partners a statement (at most a few hundred: bound parameters): the database walks the rows, nothing is listed here.
 * Returns how many it moved; a commission that changed status meanwhile (refunded, held, claimed by another
 * run) no longer matches and is left alone. The run's payouts name the program's partners, so no program_id
 * filter: with one, SQLite walks the program's commissions for every batch instead of the batch's partners'.
 */
export async function claimForRun(tx: Tx, runId: string, partnerIds: readonly string[], at: string): Promise<number> {
  const result = await tx
    .updateTable('commissions')
    .from('payouts')
    .set((eb) => ({ payout_id: eb.ref('payouts.id'), status: 'in_payout', updated_at: at }))
    .whereRef('payouts.partner_id', '=', 'commissions.partner_id')
    .whereRef('payouts.currency', '=', 'commissions.currency')
    .where('payouts.run_id', '=', runId)
    .where('payouts.partner_id', 'in', partnerIds)
    .where('commissions.status', '=', 'approved')
    .where('commissions.payout_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** What each payout of the run claimed: count and sum of its commissions (an index-only read of commissions_payout). */
export async function claimedByPayout(tx: Tx, runId: string) {
  const rows = await tx
    .selectFrom('commissions')
    .select(['payout_id', sql<number>`sum(amount_minor)`.as('amount'), sql<number>`count(*)`.as('n')])
    .where('payout_id', 'in', tx.selectFrom('payouts').select('id').where('run_id', '=', runId))
    .groupBy('payout_id')
    .execute()
  return rows.map((r) => ({ payoutId: r.payout_id!, amountMinor: Number(r.amount), n: Number(r.n) }))
}
