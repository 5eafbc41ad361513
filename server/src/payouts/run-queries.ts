// What a payout run reads and writes: the program's turn, approved commissions in no payout, who may be
// paid, the run and its payouts, and the commissions each payout claims.
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PayoutRow, PayoutRunRow } from './queries.ts'

const CLAIM_CHUNK = 500 // well under SQLite's bound-parameter limit

/**
 * Postgres: runs of one program take turns, so the second sees what the first claimed. NO KEY keeps
 * inserts of commissions (which take KEY SHARE on the program through their foreign key) unblocked.
 */
export async function lockProgramForRun(tx: Tx, programId: string): Promise<void> {
  await tx.selectFrom('programs').select('id').where('id', '=', programId).forNoKeyUpdate().execute()
}

/** The program's approved commissions in no payout, oldest first. */
export function unpaidApproved(db: Db | Tx, programId: string) {
  return db
    .selectFrom('commissions')
    .select(['id', 'partner_id', 'currency', 'amount_minor'])
    .where('program_id', '=', programId)
    .where('status', '=', 'approved')
    .where('payout_id', 'is', null)
    .orderBy('id')
    .execute()
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

export async function insertPayout(tx: Tx, payout: PayoutRow): Promise<void> {
  await tx.insertInto('payouts').values(payout).execute()
}

/**
 * Moves these commissions into the payout, each only while it is approved and in no payout, in chunks.
 * False as soon as a chunk claims fewer than it names: they changed under the run.
 */
export async function claimCommissions(tx: Tx, programId: string, payoutId: string, ids: string[], at: string): Promise<boolean> {
  for (let i = 0; i < ids.length; i += CLAIM_CHUNK) {
    const chunk = ids.slice(i, i + CLAIM_CHUNK)
    const result = await tx
      .updateTable('commissions')
      .set({ payout_id: payoutId, status: 'in_payout', updated_at: at })
      .where('program_id', '=', programId)
      .where('id', 'in', chunk)
      .where('payout_id', 'is', null)
      .where('status', '=', 'approved')
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== chunk.length) return false
  }
  return true
}
