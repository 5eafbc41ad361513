// A challenge's bonus (challenges/ decides when: a target met, a bounty submission approved): one `bonus`
// row for the partner within the program's and the challenge's budgets, with its decision record. The one
// way a bonus is written. Runs inside the caller's transaction, which holds the challenge's lock.
import type { BudgetReached, DecisionBonus } from '@afflio/sdk/types'
import { budgetDecision } from '../budgets/index.ts'
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { bonusRow, type CommissionRow } from './commission-rows.ts'
import { insertCommissions } from './commission-queries.ts'
import { toCommission } from './conversions.ts'
import { bonusDecision } from './decision.ts'
import { lockPartnerForPricing } from './partner-queries.ts'

/**
 * Pays `bonus.rewardMinor` to the partner, waiting out the holding period like any commission; past a
 * budget's cap it is held whole or paid at the step-down rate (budgets/). Locks as a sale does: the
 * partner's row, then the covering budgets in id order (budget-gate.ts), so bonuses and sales at a budget's
 * boundary queue in one order and each sees the spend before it.
 */
export async function creditBonus(tx: Tx, program: ProgramRow, partnerId: string, bonus: DecisionBonus, now: Date): Promise<CommissionRow> {
  await lockPartnerForPricing(tx, partnerId)
  const challenge = { id: bonus.challengeId, name: bonus.challengeName, rewardMinor: bonus.rewardMinor, rewardCurrency: bonus.rewardCurrency }
  const budget = await budgetDecision(tx, program.id, { currency: challenge.rewardCurrency, groupId: null, challengeId: challenge.id, ownMinor: challenge.rewardMinor, totalMinor: challenge.rewardMinor }, now)
  const submissionId = bonus.kind === 'submission' ? bonus.submissionId : undefined
  const row = bonusRow({ programId: program.id, holdingDays: Number(program.holding_days), partnerId, challenge, submissionId, now, budget })
  await insertCommissions(tx, [row], bonusDecision({ program, bonus, row, now }))
  await emitEvent(tx, program.id, 'commission.created', toCommission(row), now)
  if (budget.kind !== 'pay') await emitEvent(tx, program.id, 'budget.reached', { commissionId: row.id, partnerId, ...budget } satisfies BudgetReached, now)
  return row
}
