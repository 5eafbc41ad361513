// What a payout run reads and writes besides the ledger's balances: who may be paid, the run and its
// payouts. It writes no commission: a payout's range says which ones it covers (ledger/queries.ts).
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PayoutRow, PayoutRunRow } from './queries.ts'

const INSERT_CHUNK = 500 // 16 columns a payout: well under both databases' bound-parameter limits

export function suspendedPartners(db: Db | Tx, programId: string) {
  return db.selectFrom('partners').select(['id', 'status']).where('program_id', '=', programId).where('status', '=', 'suspended').execute()
}

/** Every payout details row of the program's partners. */
export function programPayoutDetails(db: Db | Tx, programId: string) {
  return db.selectFrom('partner_payout_details').selectAll().where('program_id', '=', programId).execute()
}

/** One partner's standing and payout details, as a run reads them. */
export async function partnerPayee(db: Db | Tx, programId: string, partnerId: string) {
  const partner = await db.selectFrom('partners').select(['status']).where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
  const details = await db.selectFrom('partner_payout_details').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId).executeTakeFirst()
  return { status: partner?.status ?? null, details }
}

export async function insertRun(tx: Tx, run: PayoutRunRow): Promise<void> {
  await tx.insertInto('payout_runs').values(run).execute()
}

/** The run's payouts, in multi-row inserts kept under the bound-parameter limits. */
export async function insertPayouts(tx: Tx, payouts: readonly PayoutRow[]): Promise<void> {
  for (let i = 0; i < payouts.length; i += INSERT_CHUNK) await tx.insertInto('payouts').values(payouts.slice(i, i + INSERT_CHUNK)).execute()
}
