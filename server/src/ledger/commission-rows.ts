// Every commission row the ledger writes is built here: a sale's, renewal's or lead's (with the
// recruiter's override beside it; an approved claim's too, at the program's amount), a challenge's bonus,
// and a refund's or a fraud's clawback. Each row carries its amount, currency, kind, rule and tier, its reason (data, and the English text
// older clients read) and its standing in the holding period (holds.ts). Pure: the services fetch, call, and insert.
import type { CommissionHoldReason, CommissionReason, CommissionStatus, FraudFlag, PartnerStatus } from '@afflio/sdk/types'
import type { CommissionTable } from '../kernel/db/schema.ts'
import { newId } from '../kernel/ids.ts'
import { clawbackHolding, holdColumns, holdingPeriod, isDue } from './holds.ts'
import { reasonText } from './reason-text.ts'
import { type CommissionQuote, overrideAmount } from './rules.ts'
import { applyRateBps } from '../kernel/money.ts'
import type { CapDecision } from '../budgets/index.ts'

/** A row as the ledger writes it; its approval number is given when it is inserted (commission-queries.ts). */
export type CommissionRow = Omit<CommissionTable, 'approval_seq'>
/** A commission as read, with its status as shown and the payout covering it (ledger/queries.ts). */
export type ReadCommission = Omit<CommissionRow, 'status'> & { status: CommissionStatus; payout_id: string | null }

/** The reason columns for a reason: the data as JSON, and its English rendering. */
export function reasonColumns(reason: CommissionReason): Pick<CommissionRow, 'reason' | 'reason_data'> {
  return { reason: reasonText(reason), reason_data: JSON.stringify(reason) }
}

/** The fraud_data column: the rules a commission tripped, null for none. */
export function fraudColumns(flags: readonly FraudFlag[]): Pick<CommissionRow, 'fraud_data'> {
  return { fraud_data: flags.length ? JSON.stringify(flags) : null }
}

export interface EarnedInput {
  program: { id: string; holdingDays: number; secondTierRateBps: number }
  /** The partner, and its recruiter with the recruiter's status (null: not recruited) */
  partner: { id: string; recruiter: Recruiter | null }
  credit: { event: 'sale' | 'lead'; saleId: string | null; customerId: string | null; linkId: string | null; paymentNumber: number }
  /** The rule and version that priced it (null: the program's default) */
  rule: { id: string | null; version: number | null }
  quote: CommissionQuote
  /** The fraud rules' verdict: the rule that holds it from the start (null: it waits out the holding period), and every rule it tripped */
  fraud: { hold: CommissionHoldReason | null; flags: FraudFlag[] }
  now: Date
  /** Row ids (tests pass fixed ones) */
  ids?: () => string
}

/**
 * A credited sale's or lead's rows: the partner's (`lead`, `sale`, or `recurring` from the second payment
 * on), and the recruiter's `override` when the partner was recruited by a partner not suspended, the
 * program pays a second tier and the share does not round to 0. Both share the holding period, the hold and the fraud flags
 * (the override's hold reason names only the commission it follows: `recruitedHold`). A quote of 0 earns no row.
 */
export function earnedRows(x: EarnedInput): CommissionRow[] {
  if (x.quote.amountMinor <= 0) return []
  const ids = x.ids ?? (() => newId('com', x.now.getTime()))
  const at = x.now.toISOString()
  const shared = {
    program_id: x.program.id,
    sale_id: x.credit.saleId,
    customer_id: x.credit.customerId,
    reverses_id: null,
    currency: x.quote.currency,
    challenge_id: null,
    ...holdingPeriod(x.now, x.program.holdingDays, x.fraud.hold),
    ...fraudColumns(x.fraud.flags),
    created_at: at,
    updated_at: at,
  }
  // Named keys first, then the spreads: a literal that starts with a spread and adds keys, or Object.assign
  // into `{}`, leaves a row of 20-odd columns in V8's dictionary mode, where every later read and copy of it
  // is slow (kernel/extended.ts).
  const own: CommissionRow = {
    id: ids(),
    partner_id: x.partner.id,
    amount_minor: x.quote.amountMinor,
    ...reasonColumns(x.quote.reasonData),
    kind: x.credit.event === 'lead' ? 'lead' : x.credit.paymentNumber > 1 ? 'recurring' : 'sale',
    rule_id: x.rule.id,
    rule_version: x.rule.version,
    tier: x.quote.tier,
    source_id: null,
    link_id: x.credit.linkId,
    ...shared,
  }
  const rate = x.program.secondTierRateBps
  const recruiter = x.partner.recruiter
  const amount = recruiterShare(own.amount_minor, recruiter, rate)
  if (!recruiter || amount <= 0) return [own]
  const override: CommissionRow = {
    id: ids(),
    partner_id: recruiter.id,
    amount_minor: amount,
    ...reasonColumns({ kind: 'override', rateBps: rate, sourceCommissionId: own.id, sourceAmountMinor: own.amount_minor, currency: own.currency, recruitedPartnerId: x.partner.id }),
    kind: 'override',
    rule_id: null,
    rule_version: null,
    tier: null,
    source_id: own.id,
    link_id: null, // the recruiter's share: not earned through a link of its own
    ...shared,
    // Held with the recruit's commission, in words of its own: why that one is held (a customer's email, a
    // click) is the recruited partner's, and the recruiter reads this row's reason in the portal
    ...holdColumns(recruitedHold(x.fraud.hold, 'hold')),
  }
  return [own, override]
}

/**
 * The hold reason an override takes when the commission it is a share of is held (or, by the program,
 * released or voided) for `hold`: that it follows the recruit's commission, never that commission's reason
 * (a customer's email, a click, the program's note). A budget's hold stays the budget's: it names no
 * customer, and the budget counts what it holds by it (budgets/budget-queries.ts budgetSum), the override too.
 */
export function recruitedHold(hold: CommissionHoldReason | null, action: 'hold' | 'release' | 'mark_fraud'): CommissionHoldReason | null {
  if (hold?.kind === 'budget') return hold
  return hold && { kind: 'recruited', action }
}

/** A recruited partner's recruiter, as the override reads it. */
export interface Recruiter {
  id: string
  status: PartnerStatus
}

/**
 * The recruiter's override on a commission: 0 without a recruiter or a second tier, or while the recruiter
 * is suspended (a suspended partner earns no new commissions); then no override row.
 */
export function recruiterShare(ownMinor: number, recruiter: Recruiter | null, rateBps: number): number {
  return recruiter && recruiter.status !== 'suspended' && rateBps > 0 ? overrideAmount(ownMinor, rateBps) : 0
}

export interface BonusInput {
  programId: string
  holdingDays: number
  partnerId: string
  challenge: { id: string; name: string; rewardMinor: number; rewardCurrency: string }
  /** A bounty's: the approved submission the bonus pays */
  submissionId?: string
  now: Date
  ids?: () => string
  /** Past a budget's cap: held whole, or paid at the step-down rate (budgets/budget-rules.ts decides) */
  budget?: CapDecision
}

/** A challenge's reward: a `bonus` row without a sale, which waits out the holding period like any commission. */
export function bonusRow(x: BonusInput): CommissionRow {
  const at = x.now.toISOString()
  const step = x.budget?.kind === 'step_down' ? x.budget.stepDown : undefined
  return {
    id: (x.ids ?? (() => newId('com', x.now.getTime())))(),
    program_id: x.programId,
    partner_id: x.partnerId,
    sale_id: null,
    reverses_id: null,
    amount_minor: step ? applyRateBps(x.challenge.rewardMinor, step.stepDownBps) : x.challenge.rewardMinor,
    currency: x.challenge.rewardCurrency,
    ...holdingPeriod(x.now, x.holdingDays, x.budget?.kind === 'hold' ? x.budget.hold : null),
    ...fraudColumns([]),
    ...reasonColumns({ kind: 'bonus', challengeId: x.challenge.id, challengeName: x.challenge.name, ...(x.submissionId && { submissionId: x.submissionId }), ...(step && { stepDown: { ...step, fullAmountMinor: x.challenge.rewardMinor } }) }),
    kind: 'bonus',
    rule_id: null,
    rule_version: null,
    tier: null,
    source_id: null,
    customer_id: null,
    link_id: null,
    challenge_id: x.challenge.id,
    created_at: at,
    updated_at: at,
  }
}

export interface FraudClawbackInput {
  /** The override in a payout (holds.ts's planAction names it) */
  original: ReadCommission
  /** What is left of it, to take back (positive) */
  amountMinor: number
  /** The program's mark_fraud on the commission the override was a share of: that commission and its amount (not the note: it stays with that commission) */
  fraud: { commissionId: string; amountMinor: number }
  now: Date
  ids?: () => string
}

/**
 * A negative `clawback` row taking back what is left of an override already in a payout, when the
 * commission it was a share of is marked fraud: owed now, like a refund's clawback after payout. Its reason
 * (`cause: 'fraud'`) names that commission and its amount; its hold reason says it was marked fraud with
 * it (`recruited`). The program's note is about the recruited partner's commission: the recruiter reads it nowhere.
 */
export function fraudClawbackRow(x: FraudClawbackInput): CommissionRow {
  return takeBackRow(x.original, x.amountMinor, x.now, x.ids, {
    // The recruiter's row: the program's note is about the recruited partner's commission (it may name its customer)
    ...holdColumns({ kind: 'recruited', action: 'mark_fraud' }),
    ...reasonColumns({ kind: 'clawback', cause: 'fraud', fraudCommissionId: x.fraud.commissionId, fraudAmountMinor: x.fraud.amountMinor, currency: x.original.currency, afterPayout: true }),
  })
}

export interface ClawbackInput {
  original: ReadCommission
  /** What this refund takes back from the original (positive; `reversalFor`) */
  amountMinor: number
  /** The refund as applied (capped at what was left), and the sale */
  refund: { appliedMinor: number; saleAmountMinor: number; saleCurrency: string }
  now: Date
  ids?: () => string
}

/**
 * A refund's negative `clawback` row against a commission. Of a commission in a payout it is owed now;
 * of an unpaid one it matures with it (`clawbackHolding`). It is never held by itself.
 */
export function clawbackRow(x: ClawbackInput): CommissionRow {
  const { appliedMinor, saleAmountMinor, saleCurrency } = x.refund
  return takeBackRow(x.original, x.amountMinor, x.now, x.ids, {
    ...holdColumns(null),
    ...reasonColumns({ kind: 'clawback', cause: 'refund', refundedMinor: appliedMinor, saleAmountMinor, currency: saleCurrency, afterPayout: x.original.payout_id !== null }),
  })
}

export interface GiveBackInput {
  original: ReadCommission
  /** What the won dispute gives back to the original (positive; `giveBackFor`) */
  amountMinor: number
  /** What the chargeback had taken off the sale, and the sale */
  dispute: { disputedMinor: number; saleAmountMinor: number; saleCurrency: string }
  now: Date
  ids?: () => string
}

/**
 * A won dispute's positive `clawback` row against a commission: what its chargeback took, given back. It
 * matures with the commission, or, of a commission the chargeback reversed (never paid), by the
 * commission's own holding period: owed once that is over.
 */
export function giveBackRow(x: GiveBackInput): CommissionRow {
  const { disputedMinor, saleAmountMinor, saleCurrency } = x.dispute
  const row = takeBackRow(x.original, -x.amountMinor, x.now, x.ids, {
    ...holdColumns(null),
    ...reasonColumns({ kind: 'clawback', cause: 'dispute_won', disputedMinor, saleAmountMinor, currency: saleCurrency, afterPayout: x.original.payout_id !== null }),
  })
  if (x.original.status !== 'reversed') return row
  const due = x.original.approve_at === null || isDue(x.original.approve_at, x.now)
  return { ...row, status: due ? 'approved' : 'pending' }
}

/** A clawback row against `o` taking `amountMinor` (negative: giving it back), maturing with it (`clawbackHolding`); the caller says why and whether it is held. */
function takeBackRow(o: ReadCommission, amountMinor: number, now: Date, ids: (() => string) | undefined, why: Pick<CommissionRow, 'hold_reason' | 'hold_reason_data' | 'reason' | 'reason_data'>): CommissionRow {
  const at = now.toISOString()
  const holding = clawbackHolding(o)
  return {
    id: (ids ?? (() => newId('com', now.getTime())))(),
    program_id: o.program_id,
    partner_id: o.partner_id,
    sale_id: o.sale_id,
    reverses_id: o.id,
    amount_minor: -amountMinor,
    currency: o.currency,
    kind: 'clawback',
    rule_id: o.rule_id,
    rule_version: o.rule_version,
    tier: null,
    source_id: null,
    customer_id: o.customer_id,
    link_id: o.link_id,
    challenge_id: null, // a take-back is not the challenge's to pay
    ...holding,
    ...why,
    ...fraudColumns([]),
    created_at: at,
    updated_at: at,
  }
}
