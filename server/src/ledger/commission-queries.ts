// Commission records as the ledger's services write them: new rows, the holding period's end, a
// program's action on a commission and its family, a refund's reversal, and the approval numbers payouts
// cover. Each lock is taken where its service decides under it; Postgres only (SQLite transactions already
// run one at a time).
import type { Commission, CommissionDecision } from '@afflio/sdk/types'
import { sql, type Updateable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { prepare, prepareInsert } from '../kernel/db/prepared.ts'
import type { CommissionTable } from '../kernel/db/schema.ts'
import type { CommissionRow, ReadCommission } from './commission-rows.ts'
import { toCommission } from './conversions.ts'
import type { StoredStatus } from './holds.ts'
import { commissionsShown, SHOWN_COLUMNS } from './queries.ts'
import { owedOf } from './refunds.ts'
import { countEarnings, countStatusChange, EARNING_COLUMNS } from './earning-days.ts'

const commissionColumns = [
  'id', 'program_id', 'partner_id', 'sale_id', 'reverses_id', 'amount_minor', 'currency', 'status', 'reason', 'reason_data', 'kind', 'rule_id', 'tier',
  'source_id', 'customer_id', 'approve_at', 'hold_reason', 'hold_reason_data', 'fraud_data', 'approval_seq', 'created_at', 'updated_at', 'link_id', 'rule_version', 'challenge_id',
] as const
// Prepared (kernel/db/prepared.ts), a row a statement: a sale writes one or two (an override), and compiling
// an insert of 22 columns costs more than running it.
const insertCommission = prepareInsert('commissions', commissionColumns)
const insertDecision = prepareInsert('commission_decisions', ['commission_id', 'program_id', 'data'])
// Every credited sale's notice reads its commissions as shown (a join with the covering payout).
const commissionsOfSale = prepare<{ program_id: string; sale_id: string }, ReadCommission>((db, arg) =>
  commissionsShown(db).select(SHOWN_COLUMNS).where('program_id', '=', arg('program_id')).where('sale_id', '=', arg('sale_id')),
)

/**
 * Postgres: a payout run decides what its payouts cover under this lock on the program, exclusive of
 * ledgerShare: so it sees every approval number given before it and none is given while it plans. NO KEY
 * keeps inserts that reference the program (KEY SHARE through their foreign key) unblocked.
 */
export async function lockLedgerForRun(tx: Tx, programId: string): Promise<void> {
  if (isPostgres(tx)) await tx.selectFrom('programs').select('id').where('id', '=', programId).forNoKeyUpdate().execute()
}

/** What a sale earned: its partner's commission and any override of the partner's recruiter, oldest first, as shown. */
export async function saleCommissions(db: Db | Tx, programId: string, saleId: string): Promise<Commission[]> {
  // Sorted here, not in SQL: an ORDER BY id lets SQLite's planner walk (program_id, id) over the whole
  // program instead of the sale's index (a sale has a handful of commissions).
  const { rows } = await commissionsOfSale.execute(db, { program_id: programId, sale_id: saleId })
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map(toCommission)
}

/** What the commission is owed after its sale's refunds took their share (refunds.ts `owedOf`). */
export async function commissionOwed(db: Db | Tx, programId: string, c: Commission): Promise<{ owedMinor: number; takenMinor: number }> {
  return owedOf(c, c.saleId ? await saleCommissions(db, programId, c.saleId) : [])
}

/**
 * Postgres: what every writer that numbers an approval or changes an approved commission (refund, hold,
 * release, mark fraud) takes first, so it decides whether a payout covers a commission while no run is
 * planning. Shared: such writers do not wait for one another.
 */
export async function ledgerShare(tx: Tx, programId: string): Promise<void> {
  if (isPostgres(tx)) await tx.selectFrom('programs').select('id').where('id', '=', programId).forShare().execute()
}

/**
 * The next number of the ledger's approval sequence, for what this transaction approves in the program:
 * always above every number a run of the program has seen. Postgres: a sequence, taken under ledgerShare;
 * SQLite: a counter row (one writer at a time).
 */
export async function approvalTick(tx: Tx, programId: string): Promise<number> {
  if (isPostgres(tx)) {
    await ledgerShare(tx, programId)
    const { rows } = await sql<{ n: number }>`select nextval('commission_approval_seq') as n`.execute(tx)
    return Number(rows[0]!.n)
  }
  const row = await tx
    .updateTable('commission_approval_seq')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(row.value)
}

/** Inserts new rows; those approved at once get an approval number. */
export async function insertCommissions(tx: Tx, rows: CommissionRow[], decision?: CommissionDecision): Promise<void> {
  const programId = rows.find((r) => r.status === 'approved')?.program_id
  const seq = programId ? await approvalTick(tx, programId) : null
  for (const row of rows) await insertCommission.execute(tx, insertedRow(row, seq))
  await countEarnings(tx, rows)
  // The decision that created the first row (the partner's own; an override is explained through it), once
  if (decision && rows[0]) await insertDecision.execute(tx, { commission_id: rows[0].id, program_id: rows[0].program_id, data: JSON.stringify(decision) })
}

/** The row as inserted: its approval number if it is approved. The added key first: a row of 24 columns extended by Object.assign goes to dictionary mode (kernel/extended.ts). */
export const insertedRow = (row: CommissionRow, seq: number | null): CommissionTable => ({ approval_seq: row.status === 'approved' ? seq : null, ...row })

/** The decision record a commission was created by; undefined when none was kept. */
export async function findDecision(db: Db | Tx, programId: string, commissionId: string): Promise<CommissionDecision | undefined> {
  const row = await db.selectFrom('commission_decisions').select('data').where('commission_id', '=', commissionId).where('program_id', '=', programId).executeTakeFirst()
  return row && (JSON.parse(row.data) as CommissionDecision)
}

/** One of the program's commissions as shown, or undefined. */
export function findCommission(db: Db | Tx, programId: string, commissionId: string): Promise<ReadCommission | undefined> {
  return commissionsShown(db).selectAll().where('program_id', '=', programId).where('id', '=', commissionId).executeTakeFirst()
}

/** The partner's commissions among `ids`, as shown (a challenge's bonuses in the portal). */
export async function partnerCommissionsByIds(db: Db, programId: string, partnerId: string, ids: string[]): Promise<Commission[]> {
  if (ids.length === 0) return []
  const rows = await commissionsShown(db).selectAll().where('id', 'in', ids).where('program_id', '=', programId).where('partner_id', '=', partnerId).execute()
  return rows.map(toCommission)
}

/** A commission the caller knows exists, as shown (re-read after a write). */
export function commissionById(db: Db | Tx, commissionId: string): Promise<ReadCommission> {
  return commissionsShown(db).selectAll().where('id', '=', commissionId).executeTakeFirstOrThrow()
}

/** The programs with pending commissions whose approve_at has passed (one program, or all when null). */
export async function programsWithDue(tx: Tx, programId: string | null, at: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('commissions')
    .select('program_id')
    .distinct()
    .$if(programId !== null, (q) => q.where('program_id', '=', programId!))
    // A literal, not a parameter: only then can SQLite use the partial index on pending rows.
    .where('status', '=', sql.lit('pending'))
    .where('approve_at', '<=', at)
    .execute()
  return rows.map((r) => r.program_id)
}

/**
 * The program's pending rows whose approve_at has passed become approved (`matures`: holds.ts's MATURES),
 * numbered `seq`. Returns how many changed.
 */
export async function matureDue(tx: Tx, programId: string, at: string, matures: Matures, seq: number): Promise<number> {
  return Number((await maturing(tx, programId, at, matures, seq).executeTakeFirst()).numUpdatedRows)
}

/** matureDue, answering the ids of the commissions it approved. */
export async function matureDueIds(tx: Tx, programId: string, at: string, matures: Matures, seq: number): Promise<string[]> {
  // Ids only: SQLite returns every column from an UPDATE at several times the cost of a select (maturedRows).
  return (await maturing(tx, programId, at, matures, seq).returning('id').execute()).map((r) => r.id)
}

/**
 * Commissions just matured (their ids, at most a thousand: one statement), as shown: approved, numbered after
 * every payout's range, so in no payout.
 */
export async function maturedRows(tx: Tx, ids: readonly string[], matures: Matures): Promise<ReadCommission[]> {
  const rows = await tx.selectFrom('commissions').select(commissionColumns).where('id', 'in', [...ids]).orderBy('id').execute()
  return rows.map((r) => ({ payout_id: null, ...r, status: matures.to }))
}

type Matures = { from: 'pending'; to: 'approved' }

function maturing(tx: Tx, programId: string, at: string, matures: Matures, seq: number) {
  return tx
    .updateTable('commissions')
    .set({ status: matures.to, approval_seq: seq, updated_at: at })
    .where('program_id', '=', programId)
    .where('status', '=', sql.lit(matures.from))
    .where('approve_at', '<=', at)
}

/** The commissions just locked (their ids), read as shown, oldest first. */
function readLocked(tx: Tx, ids: Array<{ id: string }>): Promise<ReadCommission[]> {
  return commissionsByIds(tx, ids.map((r) => r.id))
}

/** Commissions the caller knows exist (re-read after a write), as shown, oldest first. */
export async function commissionsByIds(db: Db | Tx, ids: readonly string[]): Promise<ReadCommission[]> {
  if (ids.length === 0) return []
  return commissionsShown(db).selectAll().where('id', 'in', [...ids]).orderBy('id').execute()
}

/**
 * A commission's family: the commission, its overrides, and the clawbacks of each, in every status, oldest
 * first, as shown, locked until the transaction ends (Postgres): an action decides under these row locks and
 * ledgerShare, which a payout run's plan and a refund respect.
 */
export async function lockCommissionFamily(tx: Tx, programId: string, commissionId: string): Promise<ReadCommission[]> {
  // A union of lookups by id, source_id and reverses_id, each through its index: as one OR beside program_id,
  // both planners read every commission of the program. The program the commission was found in scopes the rows.
  const members = tx.selectFrom('commissions as m').select('m.id').where((eb) => eb.or([eb('m.id', '=', commissionId), eb('m.source_id', '=', commissionId)]))
  const clawbacks = tx.selectFrom('commissions as c').select('c.id').where('c.reverses_id', 'in', members)
  const ids = await tx
    .selectFrom('commissions')
    .select('id')
    .where('program_id', '=', programId)
    .where('id', 'in', members.unionAll(clawbacks))
    .orderBy('id') // one lock order for every locker: no deadlock between two
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .execute()
  return readLocked(tx, ids)
}

/** Sets `status` (and `set`) on the commissions among `ids` still stored in one of `statuses`. */
export async function updateCommissions(tx: Tx, ids: string[], statuses: readonly StoredStatus[], set: Updateable<CommissionTable> & { status: StoredStatus }): Promise<void> {
  const before = await tx.selectFrom('commissions').select(EARNING_COLUMNS).where('id', 'in', ids).where('status', 'in', [...statuses]).execute()
  await tx.updateTable('commissions').set(set).where('id', 'in', ids).where('status', 'in', [...statuses]).execute()
  await countStatusChange(tx, before, set.status)
}

/** Every commission of a sale (originals, overrides, clawbacks), oldest first, as shown, locked until the transaction ends (Postgres). */
export async function lockSaleCommissions(tx: Tx, saleId: string): Promise<ReadCommission[]> {
  const ids = await tx.selectFrom('commissions').select('id').where('sale_id', '=', saleId).orderBy('id').$if(isPostgres(tx), (q) => q.forUpdate()).execute()
  return readLocked(tx, ids)
}

/** The statuses of the customer's lead commissions (lead-rules.ts leadCredited weighs them). */
export function leadStatuses(tx: Tx, customerId: string): Promise<Array<{ status: StoredStatus }>> {
  return tx.selectFrom('commissions').select('status').where('customer_id', '=', customerId).where('kind', '=', 'lead').execute()
}

/** The customer's oldest lead commission not reversed; null without one. */
export async function standingLead(tx: Tx, customerId: string) {
  const lead = await tx.selectFrom('commissions').select(['id']).where('customer_id', '=', customerId).where('kind', '=', 'lead').where('status', '<>', 'reversed').orderBy('id').executeTakeFirst()
  return lead ?? null
}

/** Reverses the commissions among `ids` (the caller found them in no payout, under ledgerShare). */
export async function reverseUnpaid(tx: Tx, ids: string[], at: string): Promise<void> {
  const before = await tx.selectFrom('commissions').select(EARNING_COLUMNS).where('id', 'in', ids).execute()
  await tx.updateTable('commissions').set({ status: 'reversed', updated_at: at }).where('id', 'in', ids).execute()
  await countStatusChange(tx, before, 'reversed')
}

/**
 * A failed payout's commissions are owed again: numbered anew (`seq`), after every range, so the partner's
 * next payout covers them whatever payouts came after the failed one.
 */
export async function renumberCovered(tx: Tx, payout: { partner_id: string; currency: string; seq_from: number; seq_to: number }, seq: number, at: string): Promise<void> {
  await tx
    .updateTable('commissions')
    .set({ approval_seq: seq, updated_at: at })
    .where('partner_id', '=', payout.partner_id)
    .where('currency', '=', payout.currency)
    .where('status', '=', sql.lit('approved'))
    .where('approval_seq', '>', payout.seq_from)
    .where('approval_seq', '<=', payout.seq_to)
    .execute()
}
