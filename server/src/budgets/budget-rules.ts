// Budgets as values: the period a budget counts, its pace (run-rate forecast and the day it runs out), and
// the cap decision for a new commission. Pure: the services read spend and budgets, call, and write.
import type { BudgetOverCap, BudgetPeriod, CommissionHoldReasonBudget, CommissionReasonStepDown } from '@afflio/sdk/types'
import { periodStart } from '../ledger/index.ts'
import { DAY_MS } from '../kernel/days.ts'
import { divRound } from '../kernel/money.ts'

/**
 * The period a budget counts spend in at `now`: the calendar month, quarter or year (UTC) containing it,
 * or, for `total`, everything since the budget was created (no end).
 *
 * @example budgetPeriod('quarter', '2026-01-10T00:00:00.000Z', new Date('2026-05-20T00:00:00Z')) // { start: '2026-04-01T00:00:00.000Z', end: '2026-07-01T00:00:00.000Z' }
 */
export function budgetPeriod(period: BudgetPeriod, createdAt: string, now: Date): { start: string; end: string | null } {
  if (period === 'total') return { start: createdAt, end: null }
  const start = periodStart(period, now.toISOString())!
  const d = new Date(start)
  d.setUTCMonth(d.getUTCMonth() + (period === 'month' ? 1 : period === 'quarter' ? 3 : 12))
  return { start, end: d.toISOString() }
}

export interface Pace {
  /** Spend per day so far (rounded by the one rule, kernel/money.ts) */
  dailyRateMinor: number
  /** Spend at the period's end at that rate; null without an end */
  forecastMinor: number | null
  /** When spend reaches the cap at that rate (now, if it has); null when it does not before the period ends */
  runsOutAt: string | null
  reached: boolean
}

/**
 * A budget's pace: the run rate is the spend so far over the time elapsed in the period (at least an
 * hour, so the first sale of a month does not forecast a fortune). The budget runs out when the cap is
 * reached at that rate, if that is before the period ends.
 *
 * @example pace({ capMinor: 100_000, spentMinor: 50_000, start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z', now: new Date('2026-11-11T00:00:00Z') }) // { dailyRateMinor: 5000, forecastMinor: 150000, runsOutAt: '2026-11-21T00:00:00.000Z', reached: false }
 */
export function pace(x: { capMinor: number; spentMinor: number; start: string; end: string | null; now: Date }): Pace {
  const startMs = Date.parse(x.start)
  const nowMs = x.now.getTime()
  // Integer arithmetic: a rate as a float (spent / ms) drifted, 141 fils over 3 days forecasting 46 a day, not 47
  const elapsed = BigInt(Math.max(nowMs - startMs, DAY_MS / 24))
  const spent = BigInt(Math.max(x.spentMinor, 0))
  const endMs = x.end === null ? null : Date.parse(x.end)
  const forecastMinor = endMs === null ? null : x.spentMinor + divRound(spent * BigInt(Math.max(endMs - nowMs, 0)), elapsed)
  const reached = x.spentMinor >= x.capMinor
  let runsOutAt: string | null = null
  if (reached) runsOutAt = x.now.toISOString()
  else if (spent > 0n) {
    const left = BigInt(x.capMinor - x.spentMinor) * elapsed
    const at = nowMs + Number((left + spent - 1n) / spent) // the first millisecond the cap is reached at that rate
    if (endMs === null || at < endMs) runsOutAt = new Date(at).toISOString()
  }
  return { dailyRateMinor: divRound(spent * BigInt(DAY_MS), elapsed), forecastMinor, runsOutAt, reached }
}

/** A budget as the cap decision reads it: its cap, what it has spent in its period, and what this commission would add. */
export interface BudgetCharge {
  budget: { id: string; name: string; amountMinor: number; currency: string; overCap: BudgetOverCap; stepDownBps: number | null }
  spentMinor: number
  /** What the new commission (with its recruiter's override, for a program budget) adds to this budget */
  chargeMinor: number
}

export type CapDecision =
  | { kind: 'pay' }
  | { kind: 'hold'; hold: CommissionHoldReasonBudget }
  | { kind: 'step_down'; stepDown: Omit<CommissionReasonStepDown, 'fullAmountMinor'> }

/**
 * Whether a new commission fits every budget that covers it. A commission is never split: one that does
 * not fit whole in what is left of a budget is over it (a sale keeps one commission, which refunds,
 * overrides and releases treat as one). Over a budget that holds, it is held (a hold wins over a step
 * down); over only step-down budgets, it is paid at the lowest step-down rate among them.
 *
 * @example capDecision([{ budget: { id: 'bud_1', name: 'November', amountMinor: 1000, currency: 'USD', overCap: 'hold', stepDownBps: null }, spentMinor: 900, chargeMinor: 200 }]) // { kind: 'hold', hold: { kind: 'budget', budgetId: 'bud_1', … } }
 */
export function capDecision(charges: readonly BudgetCharge[]): CapDecision {
  const over = charges.filter((c) => c.chargeMinor > 0 && c.spentMinor + c.chargeMinor > c.budget.amountMinor)
  if (over.length === 0) return { kind: 'pay' }
  const holding = over.find((c) => c.budget.overCap === 'hold')
  if (holding) {
    const { budget, spentMinor } = holding
    return { kind: 'hold', hold: { kind: 'budget', budgetId: budget.id, budgetName: budget.name, capMinor: budget.amountMinor, spentMinor, currency: budget.currency } }
  }
  const strictest = over.reduce((a, b) => ((b.budget.stepDownBps ?? 0) < (a.budget.stepDownBps ?? 0) ? b : a))
  return { kind: 'step_down', stepDown: { budgetId: strictest.budget.id, budgetName: strictest.budget.name, stepDownBps: strictest.budget.stepDownBps ?? 0 } }
}

/**
 * The currencies the program pays in (its own, and each flat rule's) that no program budget counts, once
 * it has one: a budget counts one currency and Afflio has no exchange rates, so a commission in another
 * currency than every budget's would never be capped. Empty without a program budget (nothing is capped).
 *
 * @example unbudgetedCurrencies(['USD', 'EUR'], ['USD']) // ['EUR']
 */
export function unbudgetedCurrencies(paid: readonly string[], budgeted: readonly string[]): string[] {
  if (budgeted.length === 0) return []
  return [...new Set(paid)].filter((c) => !budgeted.includes(c)).sort()
}

/**
 * Why a program budget in `currency` may not be written, or null: it would leave a currency the program
 * pays in uncapped. A budget in a currency not yet budgeted that the program pays in closes a gap, so it is
 * always taken (a program paying USD and EUR sets its two budgets one after the other).
 */
export function budgetCurrencyRefusal(paid: readonly string[], others: readonly string[], currency: string): string | null {
  const left = unbudgetedCurrencies(paid, [...others, currency])
  if (left.length === 0 || (paid.includes(currency) && !others.includes(currency))) return null
  return `Program budgets cap one currency each and the program also pays in ${left.join(', ')}: create a program budget in ${left.join(', ')} first`
}
