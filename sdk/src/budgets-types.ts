// Commission budgets and pacing, and the backtest of a rule change: the contract of /v1/budgets and
// POST /v1/rules/backtest.
import type { CommissionHoldReasonBudget, CommissionReasonStepDown, Id } from './types.ts'
import type { CreateRuleInput, UpdateRuleInput, WebhookEvent } from './ledger-types.ts'

/** What a budget caps: the whole program's commissions, one group's partners' commissions, or one challenge's bonuses. */
export type BudgetScope = 'program' | 'group' | 'challenge'
/** The window spend is counted in: the calendar month, quarter or year (UTC) containing now, or since the budget was created. */
export type BudgetPeriod = 'month' | 'quarter' | 'year' | 'total'
/**
 * Past the cap: `hold` puts each new commission that does not fit `on_hold` with the reason "budget reached";
 * `step_down` pays it at `stepDownBps` of its normal amount instead.
 */
export type BudgetOverCap = 'hold' | 'step_down'

export interface Budget {
  id: Id
  name: string
  scope: BudgetScope
  /** The group or challenge capped; null for the program */
  scopeId: Id | null
  /** That group's or challenge's name (null for the program, or once it is gone) */
  scopeName: string | null
  period: BudgetPeriod
  /** The cap, in `currency`'s minor units: only commissions in that currency count and are capped */
  amountMinor: number
  currency: string
  overCap: BudgetOverCap
  /** With `step_down`: the share of the normal amount paid past the cap, basis points from 1 to 9999 (5000 = half) */
  stepDownBps: number | null
  createdAt: string
  updatedAt: string
}

export interface CreateBudgetInput {
  name: string
  scope: BudgetScope
  scopeId?: Id | null | undefined
  period: BudgetPeriod
  amountMinor: number
  currency: string
  /** Default `hold` */
  overCap?: BudgetOverCap | undefined
  stepDownBps?: number | null | undefined
}

/** Any of the settings but the scope (a budget caps what it was created for). */
export type UpdateBudgetInput = { [K in Exclude<keyof CreateBudgetInput, 'scope' | 'scopeId'>]?: CreateBudgetInput[K] | undefined }

/** `GET /v1/budgets/:id/status` (and each entry of `GET /v1/budgets/status`): spend and pacing now. */
export interface BudgetStatus {
  budget: Budget
  /** The period counted: [periodStart, periodEnd); periodEnd null for a `total` budget */
  periodStart: string
  periodEnd: string | null
  /** Commissions in the budget's currency, pending or approved (in payout and paid included), created in the period; clawbacks do not give budget back */
  spentMinor: number
  /** amountMinor − spentMinor, never below 0 */
  remainingMinor: number
  /** Commissions held because the budget was reached, in the period */
  heldMinor: number
  /** Spend per day so far in the period */
  dailyRateMinor: number
  /** Spend at the period's end at the rate so far; null for a `total` budget */
  forecastMinor: number | null
  /** When the cap is reached at the rate so far: null when it will not be (in the period), or `reachedAt` if it was */
  runsOutAt: string | null
  /** Whether spend has reached the cap */
  reached: boolean
}

/** `POST /v1/rules/backtest`: what proposed rules would have paid on the last `days` days' sales. */
export type BacktestInput = { days: number } & (
  /** The full proposed rule set, replacing every rule in force */
  | { rules: CreateRuleInput[] }
  /** An edit of one rule in force, as `PATCH /v1/rules/:id` takes it */
  | { ruleId: Id; edit: UpdateRuleInput }
  /** One more rule, as `POST /v1/rules` takes it */
  | { add: CreateRuleInput }
)

export interface BacktestAmount {
  currency: string
  currentMinor: number
  proposedMinor: number
  deltaMinor: number
}

export interface BacktestPartner extends BacktestAmount {
  partnerId: Id
  /** The partner's name and email, to show beside the id */
  partnerName: string | null
  partnerEmail: string
  sales: number
}

export interface BacktestTierMove {
  partnerId: Id
  partnerName: string | null
  partnerEmail: string
  /** The tier of the partner's last sale in the period under each rule set (null: the base rate) */
  currentTier: string | null
  proposedTier: string | null
}

export interface BacktestResult {
  from: string
  to: string
  /** Credited sales repriced: as every surface counts sales, not refunded in full (nor marked fraud) */
  sales: number
  /** Per currency: commissions (partners' and recruiters' overrides) under the rules in force and the proposed ones, net of the sales' refunds */
  totals: BacktestAmount[]
  /** Per (partner, currency), biggest change first; at most 500 (`partnerCount` says how many in all) */
  partners: BacktestPartner[]
  partnerCount: number
  /** The 10 partners (per currency) gaining most and losing most */
  winners: BacktestPartner[]
  losers: BacktestPartner[]
  tierMoves: BacktestTierMove[]
}

/**
 * The data of a `budget.reached` webhook event: a new commission (the partner's own; the recruiter's override
 * that goes with it has no event of its own) was held whole (`hold`, its `holdReasonData`) or paid at a
 * budget's step-down rate (`step_down`) because a budget's cap was reached.
 */
export type BudgetReached = { commissionId: Id; partnerId: Id } & (
  | { kind: 'hold'; hold: CommissionHoldReasonBudget }
  | { kind: 'step_down'; stepDown: Omit<CommissionReasonStepDown, 'fullAmountMinor'> }
)

export type BudgetReachedEvent = WebhookEvent<BudgetReached>
