// A credited sale's or lead's commission against the program's budgets (budgets/): paid as priced, held
// whole with the reason "budget reached", or paid at the budget's step-down rate. Runs in the sale's
// transaction, after the partner's lock, before the insert (budgets/budget-gate.ts locks the budgets).
import type { BudgetReached, CommissionHoldReason } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import { budgetDecision } from '../budgets/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import type { CommissionRow } from './commission-rows.ts'
import { type CommissionQuote, stepDownQuote } from './rules.ts'

/** Builds the rows for a quote, held for `hold` when given (credit-commission's earnedRows call). */
export type BuildRows = (quote: CommissionQuote, hold: CommissionHoldReason | null) => CommissionRow[]

export async function capByBudgets(tx: Tx, programId: string, groupId: string | null, quote: CommissionQuote, build: BuildRows, now: Date): Promise<CommissionRow[]> {
  const rows = build(quote, null)
  const own = rows[0]
  if (!own) return rows
  const totalMinor = rows.reduce((sum, r) => sum + r.amount_minor, 0)
  const decision = await budgetDecision(tx, programId, { currency: own.currency, groupId, challengeId: null, ownMinor: own.amount_minor, totalMinor }, now)
  if (decision.kind === 'pay') return rows
  const capped = decision.kind === 'hold' ? build(quote, decision.hold) : build(stepDownQuote(quote, decision.stepDown), null)
  if (capped[0]) await emitEvent(tx, programId, 'budget.reached', { commissionId: capped[0].id, partnerId: capped[0].partner_id, ...decision } satisfies BudgetReached, now)
  return capped
}
