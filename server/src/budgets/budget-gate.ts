// The cap check a new commission passes before it is inserted, in the writing transaction: the covering
// budgets are locked (Postgres), their spend read, and capDecision (budget-rules.ts) decides. The caller
// inserts in the same transaction, so check and insert are one step: concurrent sales at the boundary
// queue on the budget rows and each sees the ones before it.
import type { Tx } from '../kernel/db/connect.ts'
import { budgetPeriod, type BudgetCharge, type CapDecision, capDecision } from './budget-rules.ts'
import { budgetSum, lockCoveringBudgets, toBudget } from './budget-queries.ts'

export interface NewCommission {
  currency: string
  /** The partner's group (its budget caps the partner's own commission), for a sale or lead */
  groupId: string | null
  /** The challenge, for a bonus */
  challengeId: string | null
  /** The partner's own commission (a sale's, a lead's, a bonus) */
  ownMinor: number
  /** With the recruiter's override, which counts against program budgets */
  totalMinor: number
}

export async function budgetDecision(tx: Tx, programId: string, c: NewCommission, now: Date): Promise<CapDecision> {
  if (c.totalMinor <= 0) return { kind: 'pay' }
  const rows = await lockCoveringBudgets(tx, programId, c.currency, c)
  if (rows.length === 0) return { kind: 'pay' }
  const charges: BudgetCharge[] = []
  for (const r of rows) {
    const budget = toBudget(r)
    const { start, end } = budgetPeriod(budget.period, budget.createdAt, now)
    charges.push({ budget, spentMinor: await budgetSum(tx, r, start, end, 'spent'), chargeMinor: r.scope === 'program' ? c.totalMinor : c.ownMinor })
  }
  return capDecision(charges)
}
