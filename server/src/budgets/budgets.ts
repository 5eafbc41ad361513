// Budgets, the program's side: create, edit, delete (each in the audit log), and their status: spend in
// the period, the run-rate forecast and the date the budget runs out (budget-rules.ts decides those).
import type { Budget, BudgetStatus, CreateBudgetInput, UpdateBudgetInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { flatRuleCurrencies } from '../ledger/index.ts'
import { parse } from '../kernel/http/validate.ts'
import { newId } from '../kernel/ids.ts'
import { budgetCurrencyRefusal, budgetPeriod, pace } from './budget-rules.ts'
import { type BudgetRow, budgetSum, programBudgetCurrencies, deleteBudgetRow, findBudgetRow, insertBudget, listBudgetRows, scopeNames, toBudget, updateBudgetRow } from './budget-queries.ts'
import { mergedBudget } from './schemas.ts'
import { unknownReference } from '../kernel/http/references.ts'

/** The settings the audit log records (the id is the subject; the scope's name is the group's or challenge's). */
const audited = ({ id: _id, createdAt: _c, updatedAt: _u, scopeName: _n, ...settings }: Budget) => settings

/** A program budget must leave no currency the program pays in (its own, its flat rules') uncapped: budgetCurrencyRefusal. */
async function checkCurrencies(db: Db | Tx, program: { id: string; currency: string }, currency: string, exceptId: string | null) {
  const paid = [program.currency, ...(await flatRuleCurrencies(db, program.id))]
  const refusal = budgetCurrencyRefusal(paid, await programBudgetCurrencies(db, program.id, exceptId), currency)
  if (refusal) throw conflict(refusal, 'currency')
}

export async function createBudget(db: Db, program: { id: string; currency: string }, input: CreateBudgetInput, audit: AuditContext): Promise<Budget> {
  const programId = program.id
  if (input.scope === 'program') await checkCurrencies(db, program, input.currency, null)
  const names = input.scope === 'program' ? new Map<string, string>() : await scopeNames(db, programId, [{ scope: input.scope, scope_id: input.scopeId! }])
  if (input.scope !== 'program' && !names.has(input.scopeId!)) throw unknownReference(input.scope, input.scopeId!, 'scopeId')
  const at = audit.at.toISOString()
  const row: BudgetRow = {
    id: newId('bud', audit.at.getTime()),
    program_id: programId,
    name: input.name,
    scope: input.scope,
    scope_id: input.scope === 'program' ? null : input.scopeId!,
    period: input.period,
    amount_minor: input.amountMinor,
    currency: input.currency,
    over_cap: input.overCap ?? 'hold',
    step_down_bps: input.stepDownBps ?? null,
    created_at: at,
    updated_at: at,
  }
  const budget = toBudget(row, names)
  await db.transaction().execute(async (tx) => {
    await insertBudget(tx, row)
    await recordAudit(tx, programId, audit, { action: 'budget.created', subject: { type: 'budget', id: row.id }, before: null, after: audited(budget) })
  })
  return budget
}

/** An edit, merged over the budget and checked as a whole; one that changes nothing writes nothing. */
export async function updateBudget(db: Db, program: { id: string; currency: string }, id: string, input: UpdateBudgetInput, audit: AuditContext): Promise<Budget> {
  const programId = program.id
  return db.transaction().execute(async (tx) => {
    const row = await findBudgetRow(tx, programId, id, true)
    if (!row) throw notFound('Budget')
    const names = await scopeNames(tx, programId, [row])
    const before = toBudget(row, names)
    const overCap = input.overCap ?? before.overCap
    // Switching to hold drops the step-down rate unless the edit names one (then the check refuses it).
    const stepDownBps = input.stepDownBps !== undefined ? input.stepDownBps : overCap === 'hold' ? null : before.stepDownBps
    parse(mergedBudget, { overCap, stepDownBps })
    if (row.scope === 'program' && input.currency !== undefined && input.currency !== row.currency) await checkCurrencies(tx, program, input.currency, id)
    const set = {
      name: input.name ?? row.name,
      period: input.period ?? row.period,
      amount_minor: input.amountMinor ?? Number(row.amount_minor),
      currency: input.currency ?? row.currency,
      over_cap: overCap,
      step_down_bps: stepDownBps,
    }
    const after = toBudget({ ...row, ...set, updated_at: audit.at.toISOString() }, names)
    if (JSON.stringify(audited(before)) === JSON.stringify(audited(after))) return before
    await updateBudgetRow(tx, id, { ...set, updated_at: after.updatedAt })
    await recordAudit(tx, programId, audit, { action: 'budget.changed', subject: { type: 'budget', id }, before: audited(before), after: audited(after) })
    return after
  })
}

/** Deleted outright: nothing points at a budget (a held commission's reason keeps its id and name). */
export async function deleteBudget(db: Db, programId: string, id: string, audit: AuditContext): Promise<Budget> {
  return db.transaction().execute(async (tx) => {
    const row = await findBudgetRow(tx, programId, id, true)
    if (!row) throw notFound('Budget')
    await deleteBudgetRow(tx, id)
    const budget = toBudget(row, await scopeNames(tx, programId, [row]))
    await recordAudit(tx, programId, audit, { action: 'budget.deleted', subject: { type: 'budget', id }, before: audited(budget), after: null })
    return budget
  })
}

export async function listBudgets(db: Db, programId: string): Promise<Budget[]> {
  const rows = await listBudgetRows(db, programId)
  const names = await scopeNames(db, programId, rows)
  return rows.map((r) => toBudget(r, names))
}

/** Every budget with its status now, for the console's screen. */
export async function listBudgetStatuses(db: Db, programId: string, now: Date): Promise<BudgetStatus[]> {
  const rows = await listBudgetRows(db, programId)
  const names = await scopeNames(db, programId, rows)
  return Promise.all(rows.map((r) => statusOf(db, toBudget(r, names), r, now)))
}

export async function budgetStatus(db: Db, programId: string, id: string, now: Date): Promise<BudgetStatus> {
  const row = await findBudgetRow(db, programId, id)
  if (!row) throw notFound('Budget')
  return statusOf(db, toBudget(row, await scopeNames(db, programId, [row])), row, now)
}

async function statusOf(db: Db, budget: Budget, row: BudgetRow, now: Date): Promise<BudgetStatus> {
  const { start, end } = budgetPeriod(budget.period, budget.createdAt, now)
  const [spentMinor, heldMinor] = await Promise.all([budgetSum(db, row, start, end, 'spent'), budgetSum(db, row, start, end, 'held')])
  const p = pace({ capMinor: budget.amountMinor, spentMinor, start, end, now })
  return { budget, periodStart: start, periodEnd: end, spentMinor, remainingMinor: Math.max(budget.amountMinor - spentMinor, 0), heldMinor, ...p }
}
