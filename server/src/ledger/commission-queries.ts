// Commission records as the ledger's services write them: new rows, the holding period's end, a
// program's action on a commission and its family, a refund's reversal. Each lock is taken where its
// service decides under it; Postgres only (SQLite transactions already run one at a time).
import type { Commission, CommissionStatus } from '@afflio/sdk/types'
import { sql, type Updateable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { prepareInsert } from '../kernel/db/prepared.ts'
import type { CommissionTable } from '../kernel/db/schema.ts'
import type { CommissionRow } from './commission-rows.ts'
import { toCommission } from './conversions.ts'

const commissionColumns = [
  'id', 'program_id', 'partner_id', 'sale_id', 'reverses_id', 'amount_minor', 'currency', 'status', 'reason', 'reason_data', 'kind', 'rule_id', 'tier',
  'source_id', 'customer_id', 'approve_at', 'hold_reason', 'hold_reason_data', 'fraud_data', 'payout_id', 'created_at', 'updated_at', 'link_id', 'rule_version',
] as const
// Prepared (kernel/db/prepared.ts), a row a statement: a sale writes one or two (an override), and compiling
// an insert of 22 columns costs more than running it.
const insertCommission = prepareInsert('commissions', commissionColumns)

export async function insertCommissions(db: Db | Tx, rows: CommissionRow[]): Promise<void> {
  for (const row of rows) await insertCommission.execute(db, row)
}

/** One of the program's commissions, or undefined. */
export function findCommission(db: Db | Tx, programId: string, commissionId: string) {
  return db.selectFrom('commissions').selectAll().where('program_id', '=', programId).where('id', '=', commissionId).executeTakeFirst()
}

/** What a sale earned: its partner's commission and any override of the partner's recruiter, oldest first. */
export async function saleCommissions(db: Db | Tx, programId: string, saleId: string): Promise<Commission[]> {
  const rows = await db.selectFrom('commissions').selectAll().where('program_id', '=', programId).where('sale_id', '=', saleId).orderBy('id').execute()
  return rows.map(toCommission)
}

/** A commission the caller knows exists (re-read after a write). */
export function commissionById(db: Db | Tx, commissionId: string) {
  return db.selectFrom('commissions').selectAll().where('id', '=', commissionId).executeTakeFirstOrThrow()
}

/**
 * Pending rows whose approve_at has passed become approved (`matures`: holds.ts's MATURES), in one program
 * or all. Returns how many changed.
 */
export async function matureDue(db: Db, programId: string | null, at: string, matures: { from: CommissionStatus; to: CommissionStatus }): Promise<number> {
  let q = db.updateTable('commissions').set({ status: matures.to, updated_at: at })
  if (programId) q = q.where('program_id', '=', programId)
  const result = await q
    // A literal, not a parameter: only then can SQLite use the partial index on pending rows.
    .where('status', '=', sql.lit(matures.from))
    .where('approve_at', '<=', at)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * A commission's family: the commission, its overrides, and the clawbacks of each, in every status, oldest
 * first, locked until the transaction ends (Postgres): an action decides under the lock a payout run's
 * claim and a refund write with.
 */
export function lockCommissionFamily(tx: Tx, programId: string, commissionId: string) {
  return tx
    .selectFrom('commissions')
    .selectAll()
    .where('program_id', '=', programId)
    .where((eb) =>
      eb.or([
        eb('id', '=', commissionId),
        eb('source_id', '=', commissionId),
        eb('reverses_id', '=', commissionId),
        eb('reverses_id', 'in', eb.selectFrom('commissions as o').select('o.id').where('o.program_id', '=', programId).where('o.source_id', '=', commissionId)),
      ]),
    )
    .orderBy('id')
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .execute()
}

/** Sets `set` on the commissions among `ids` still in one of `statuses`. */
export async function updateCommissions(tx: Tx, ids: string[], statuses: readonly CommissionStatus[], set: Updateable<CommissionTable>): Promise<void> {
  await tx.updateTable('commissions').set(set).where('id', 'in', ids).where('status', 'in', [...statuses]).execute()
}

/** Every commission of a sale (originals, overrides, clawbacks), oldest first, locked until the transaction ends (Postgres). */
export function lockSaleCommissions(tx: Tx, saleId: string) {
  return tx
    .selectFrom('commissions')
    .selectAll()
    .where('sale_id', '=', saleId)
    .orderBy('id')
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .execute()
}

/** Reverses the commissions among `ids` that are in no payout. */
export async function reverseUnpaid(tx: Tx, ids: string[], at: string): Promise<void> {
  await tx.updateTable('commissions').set({ status: 'reversed', updated_at: at }).where('id', 'in', ids).where('payout_id', 'is', null).execute()
}
