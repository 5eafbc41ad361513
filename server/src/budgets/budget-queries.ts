// Budgets as stored, and their spend summed from the commissions (never stored: the ledger is the truth).
// Commission ids sort by creation time (kernel/ids.ts), so a period is a range of the (program_id, id) index.
import type { Budget } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { CommissionBudgetTable } from '../kernel/db/schema.ts'
import { idFloor } from '../kernel/ids.ts'
import { everyColumn, prepare } from '../kernel/db/prepared.ts'

export type BudgetRow = Selectable<CommissionBudgetTable>

/** A budget as the API shows it; `names` (scopeNames) names its group or challenge. */
export function toBudget(r: BudgetRow, names: ReadonlyMap<string, string> = new Map()): Budget {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    scopeId: r.scope_id,
    scopeName: r.scope_id === null ? null : (names.get(r.scope_id) ?? null),
    period: r.period,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    overCap: r.over_cap,
    stepDownBps: r.step_down_bps === null ? null : Number(r.step_down_bps),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export async function insertBudget(db: Db | Tx, row: BudgetRow): Promise<void> {
  await db.insertInto('commission_budgets').values(row).execute()
}

export function listBudgetRows(db: Db, programId: string): Promise<BudgetRow[]> {
  return db.selectFrom('commission_budgets').selectAll().where('program_id', '=', programId).orderBy('id').execute()
}

/** One of the program's budgets, locked until commit on Postgres when `lock` (an edit reads it, then writes). */
export function findBudgetRow(db: Db | Tx, programId: string, id: string, lock = false): Promise<BudgetRow | undefined> {
  return db
    .selectFrom('commission_budgets')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .$if(lock && isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst()
}

export async function updateBudgetRow(tx: Tx, id: string, set: Partial<BudgetRow>): Promise<void> {
  await tx.updateTable('commission_budgets').set(set).where('id', '=', id).execute()
}

export async function deleteBudgetRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('commission_budgets').where('id', '=', id).execute()
}

/**
 * The budgets covering a new commission in `currency`: the program's, and its partner's group's or its
 * challenge's. Postgres: locked until commit, in id order (one order for every sale: no deadlock), so the
 * spend read next and the commission inserted after are one step: a concurrent sale waits, then sees it.
 * SQLite runs one writer at a time.
 */
export async function lockCoveringBudgets(tx: Tx, programId: string, currency: string, scope: { groupId: string | null; challengeId: string | null }): Promise<BudgetRow[]> {
  return (await coveringBudgets.execute(tx, { program_id: programId, currency, group_id: scope.groupId, challenge_id: scope.challengeId })).rows
}

// Prepared (kernel/db/prepared.ts): every credited sale and lead runs it. A null scope id matches no row.
const budgetColumns = everyColumn('commission_budgets', ['id', 'program_id', 'name', 'scope', 'scope_id', 'period', 'amount_minor', 'currency', 'over_cap', 'step_down_bps', 'created_at', 'updated_at'] as const)
const coveringBudgets = prepare<{ program_id: string; currency: string; group_id: string | null; challenge_id: string | null }, BudgetRow>((db, arg) =>
  db
    .selectFrom('commission_budgets')
    .select(budgetColumns)
    .where('program_id', '=', arg('program_id'))
    .where('currency', '=', arg('currency'))
    .where((eb) =>
      eb.or([
        eb('scope', '=', 'program'),
        eb.and([eb('scope', '=', 'group'), eb('scope_id', '=', arg('group_id'))]),
        eb.and([eb('scope', '=', 'challenge'), eb('scope_id', '=', arg('challenge_id'))]),
      ]),
    )
    .orderBy('id')
    .$if(isPostgres(db), (q) => q.forUpdate()),
)

/**
 * The budget's commissions created in [start, end): what counts against it. A program budget counts every
 * commission but clawbacks; a group budget its partners' own (sale, recurring, lead); a challenge budget every
 * bonus it paid (a target met, a bounty submission approved: the commission names the challenge). `status` 'spent' sums pending and approved (in payout and paid are approved rows); 'held' sums
 * those held because this budget was reached.
 */
export async function budgetSum(db: Db | Tx, b: BudgetRow, start: string, end: string | null, status: 'spent' | 'held'): Promise<number> {
  let q = db
    .selectFrom('commissions')
    .where('program_id', '=', b.program_id)
    .where('id', '>=', idFloor('com', Date.parse(start)))
    .where('currency', '=', b.currency)
  if (end !== null) q = q.where('id', '<', idFloor('com', Date.parse(end)))
  if (status === 'spent') q = q.where('status', 'in', ['pending', 'approved'])
  else q = q.where('status', '=', 'on_hold').where('hold_reason_data', 'like', `{"kind":"budget","budgetId":"${b.id}"%`)
  if (b.scope === 'program') q = q.where('kind', '!=', 'clawback')
  else if (b.scope === 'group') {
    q = q.where('kind', 'in', ['sale', 'recurring', 'lead']).where('partner_id', 'in', (eb) => eb.selectFrom('partners').select('id').where('group_id', '=', b.scope_id))
  } else q = q.where('challenge_id', '=', b.scope_id).where('kind', '=', 'bonus')
  const row = await q.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), eb.lit(0)).as('total')).executeTakeFirstOrThrow()
  return Number(row.total)
}

/** The names of the program's groups and challenges the budgets `rows` cap, by id (a gone one has none). */
export async function scopeNames(db: Db | Tx, programId: string, rows: ReadonlyArray<Pick<BudgetRow, 'scope' | 'scope_id'>>): Promise<Map<string, string>> {
  const ids = (scope: 'group' | 'challenge') => [...new Set(rows.filter((r) => r.scope === scope && r.scope_id).map((r) => r.scope_id!))]
  const [groups, challenges] = [ids('group'), ids('challenge')]
  const named = await Promise.all([
    groups.length ? db.selectFrom('partner_groups').select(['id', 'name']).where('program_id', '=', programId).where('id', 'in', groups).execute() : [],
    challenges.length ? db.selectFrom('challenges').select(['id', 'name']).where('program_id', '=', programId).where('id', 'in', challenges).execute() : [],
  ])
  return new Map(named.flat().map((r) => [r.id, r.name]))
}

/** The currencies of the program's program-wide budgets (but `exceptId`'s). */
export async function programBudgetCurrencies(db: Db | Tx, programId: string, exceptId: string | null = null): Promise<string[]> {
  const rows = await db
    .selectFrom('commission_budgets')
    .select('currency')
    .distinct()
    .where('program_id', '=', programId)
    .where('scope', '=', 'program')
    .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId!))
    .execute()
  return rows.map((r) => r.currency)
}
