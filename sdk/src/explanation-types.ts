// Why a commission has its amount, in full: the decision record kept when it was created (attribution,
// rules, tier, fraud checks, holding period) and what happened to it since, derived from the ledger.
import type { AuditActor } from './audit-types.ts'
import type { FraudFlag } from './fraud-types.ts'
import type { CommissionHoldReasonBudget, CommissionKind, CommissionReason, CommissionStatus, Id } from './types.ts'

/**
 * The decision a commission was created by, stored once with it and never rewritten. `version` is the
 * shape's version: a reader switches on it (this is version 1). Money is minor units beside a currency.
 * A bonus (`event: 'bonus'`) says what earned it in `bonus`; the program named its partner, no rule priced
 * it and no fraud rule judged it, and a budget's verdict is where a sale's is (`holding.budget`, `amount.stepDown`).
 */
export interface CommissionDecision {
  version: 1
  /** When the ledger decided (the commission's `createdAt`) */
  decidedAt: string
  event: 'sale' | 'lead' | 'bonus'
  /** `bonus`: what earned it */
  bonus?: DecisionBonus
  /** The sale it is for; null for a lead or a bonus */
  sale: { id: Id; amountMinor: number; currency: string; occurredAt: string; paymentNumber: number } | null
  attribution: DecisionAttribution
  /** null: no rule priced it (an amount the program set on a claim) */
  rules: DecisionRules | null
  /** The partner's standing on the rule's tier metric at that moment; null when the rule has no tiers */
  tier: DecisionTier | null
  /** The fraud rules' verdict: the rule that held it (null: none) and every rule it tripped */
  fraud: { hold: FraudFlag | null; flags: FraudFlag[] }
  /** The status it started with and when its holding period ends */
  holding: {
    status: 'pending' | 'approved' | 'on_hold'
    approveAt: string
    holdingDays: number
    /** Held because a budget's cap was reached (docs/budgets.md): the budget and what it had left (in the portal, neither) */
    budget?: CommissionHoldReasonBudget
  }
  /** The amount, as data (the commission's `reasonData`) */
  amount: CommissionReason
}

/**
 * What earned a bonus, with the challenge's reward then (`rewardMinor` in `rewardCurrency`; a budget may
 * have paid less, see `amount.stepDown`).
 * - `target`: the partner met the challenge's target: its progress on the metric when counted
 *   (`currency`: a revenue target's).
 * - `submission`: the program approved the partner's proof for a bounty: the submission, and who approved
 *   it (null in the portal).
 */
export type DecisionBonus = { challengeId: Id; challengeName: string; rewardMinor: number; rewardCurrency: string } & (
  | { kind: 'target'; metric: 'sales' | 'revenue' | 'clicks'; target: number; currency: string | null; progress: number; metAt: string }
  | { kind: 'submission'; submissionId: Id; submittedAt: string; approvedAt: string; approvedBy: AuditActor | null }
)

/**
 * How the partner was chosen.
 * - `click`: a click within the attribution window (the model picks among them); `clicks` are those weighed.
 * - `renewal`: a subscription's later payment, credited to whoever brought its first payment (`firstSaleId`).
 * - `program`: the program named the partner (a won deal, an approved missing-commission claim, a challenge's bonus).
 * - `lead`: a signup, credited through the customer's attributed click.
 */
export interface DecisionAttribution {
  /** `code`: a coupon code the sale carried credited this partner (docs/coupons.md) */
  by: 'click' | 'renewal' | 'program' | 'lead' | 'code'
  model: 'last_click' | 'first_click'
  windowDays: number
  /** The clicks weighed, oldest first, each with why it won or lost */
  clicks: DecisionClick[]
  /** In the portal: the other partners' clicks weighed (their ids are not shown) */
  otherClicks?: number
  /** Clicks weighed but not kept: a record keeps at most 50, the credited one and the latest others */
  clicksLeftOut?: number
  /** The click credited; null without one */
  clickId: Id | null
  /** The lead or customer used; null when the sale named none. `externalId`: your id for it; null on a lead's record */
  customer: { id: Id; externalId: string | null } | null
  /** `renewal`: the subscription's first sale */
  firstSaleId?: Id
  /** `program`: the approved claim, when a claim credited it */
  claimId?: Id
  /** `code`: the coupon code as the sale reported it */
  couponCode?: string
  /** A split credit (a click's and a code's partners shared the sale): this partner's share, in basis points */
  shareBps?: number
  /** The coupon code the sale carried, weighed against the click (absent on records kept before codes were) */
  codes?: DecisionCode[]
  /** In the portal: the other partners' codes weighed (not shown) */
  otherCodes?: number
  /**
   * A click and a coupon code of two partners both claimed the sale: the program's coupon policy, and the
   * share it gave the click (10 000: all of it, the code lost; 0: none, the click lost). Absent otherwise.
   */
  conflict?: { policy: 'click' | 'code' | 'split'; clickShareBps: number }
}

/**
 * A click weighed: `credited` won; `outside_window` was older than the window or after the sale;
 * `not_chosen` was in the window but another credit was chosen (a later click for last click, an earlier
 * one for first click, a renewal's first payment, the program's choice). Against a coupon code of another
 * partner (`conflict`), the click the model chose `lost_to_code` or `shared` the sale with it.
 * `named`: the sale named this click itself (a checkout's reference).
 */
export interface DecisionClick {
  id: Id
  partnerId: Id
  createdAt: string
  outcome: 'credited' | 'outside_window' | 'not_chosen' | 'lost_to_code' | 'shared'
  named: boolean
}

/**
 * A coupon code the sale carried (a program's active code, or a renewal's first payment's), weighed against
 * the click: `credited` won (no click of another partner, or the program credits codes); `lost_to_click`
 * (the program credits the click); `shared` (the program splits the sale: `conflict` has the shares);
 * `same_partner` (the click's partner's own code: one credit, by the click).
 */
export interface DecisionCode {
  /** The program's code, as created */
  code: string
  codeId: Id
  partnerId: Id
  outcome: 'credited' | 'lost_to_click' | 'shared' | 'same_partner'
}

/**
 * The rules of the event in force then. Each considered rule says why it did or did not apply:
 * `applied`; `other_partner`, `other_group`, `other_product` (narrowed to someone or something else);
 * `less_specific` (it matched, but a narrower one won); `older` (as specific, but a newer one won).
 */
export interface DecisionRules {
  considered: Array<{ id: Id; name: string; version: number; outcome: 'applied' | 'other_partner' | 'other_group' | 'other_product' | 'less_specific' | 'older' }>
  /** The rule that priced it: `id` null is the program's default commission */
  applied: { id: Id | null; name: string; version: number | null }
}

export interface DecisionTier {
  metric: 'paid_customers' | 'sales' | 'revenue'
  period: 'lifetime' | 'month' | 'quarter' | 'year'
  /** The partner's metric before this sale (revenue: minor units of `currency`) */
  value: number
  /** Revenue's currency (the program's); null for counts. Absent from decisions recorded before 6 December 2026 */
  currency?: string | null
  /** The tier in force; null: the rule's base rate */
  name: string | null
  /** true: the program set the partner at this tier */
  pinned: boolean
}

/** What happened to a commission after it was created, derived from the ledger when it is read. */
export type CommissionHistoryEntry =
  | { kind: 'created'; at: string; status: CommissionStatus }
  /** The holding period ended */
  | { kind: 'approved'; at: string }
  | { kind: 'held' | 'released' | 'marked_fraud'; at: string; note: string | null }
  /** Refunded before it was paid */
  | { kind: 'reversed'; at: string }
  /** A negative commission took part of it back (a refund, a fraud after payout) */
  | { kind: 'clawback'; at: string; commissionId: Id; amountMinor: number; currency: string }
  | { kind: 'in_payout' | 'paid'; at: string; payoutId: Id }

/**
 * `GET /v1/commissions/:id/explanation` and `GET /v1/portal/commissions/:id/explanation`. In the portal the
 * fraud flags, the other partners' clicks and codes, the rules that did not apply, and which budget held or
 * stepped it down and how full it was are left out.
 */
export interface CommissionExplanation {
  commissionId: Id
  kind: CommissionKind
  amountMinor: number
  currency: string
  status: CommissionStatus
  reason: CommissionReason | null
  /** The decision record; null for a commission created before records were kept (bonuses were recorded later than sales and leads) */
  decision: CommissionDecision | null
  /** Whose record `decision` is: this commission's, or (an override, a clawback) the commission it derives from */
  decisionOf: Id | null
  /** Oldest first */
  history: CommissionHistoryEntry[]
}
