// The public contract of the Afflio HTTP API: every request and response shape, declared once.
// The server validates against these (`satisfies`), the SDK and widget import them.
// Money is always `amountMinor` (integer minor units) beside an ISO 4217 `currency`.
// Timestamps are ISO 8601 strings in UTC. Ids are prefixed and sort by creation time.

import type { FraudFlag } from './fraud-types.ts'
import type { ReferralOffer } from './reward-types.ts'

export type Id = string

export interface ApiErrorBody {
  error: {
    code: ApiErrorCode
    message: string
    field?: string
    /** Every problem, when a request has many (a partner import's bad rows); `message` sums them up */
    details?: ApiErrorDetail[]
  }
}

/** One problem of many in a request: where (`line` of a CSV or row number, and the field) and what, in words. */
export interface ApiErrorDetail {
  /** The CSV line (the header is line 1), or the 1-based position in `rows` */
  line?: number
  field: string
  message: string
}

export type ApiErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  /** A portal embed token past its expiry: mint a new one and retry */
  | 'token_expired'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** 409: an application (`POST /v1/applications`, the public form) from someone who is already a partner of the program, by `email` or `externalId` (its `field`) */
  | 'already_partner'
  | 'idempotency_mismatch'
  | 'payload_too_large'
  | 'rate_limited'
  /** `POST /v1/payout-runs` when no partner can be paid: no run is recorded */
  | 'nothing_to_pay'
  /** 422: the server has no mail server configured (SMTP_URL), so it cannot send the email asked for */
  | 'mail_not_configured'
  /** 410: an invitation link expired or was replaced by a newer one */
  | 'gone'
  /** 503: the database stayed busy with other writes; nothing was saved. Retry after `Retry-After` (the SDK does) */
  | 'unavailable'
  | 'internal'

/** A cursor page: pass `nextCursor` back as `cursor` for the next page; null at the end. */
export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

export interface PageQuery {
  cursor?: string | undefined
  /** 1..100, default 25 */
  limit?: number | undefined
}

export type CommissionSpec =
  | { type: 'percent'; /** basis points: 2000 = 20% */ rateBps: number }
  | { type: 'flat'; amountMinor: number }

export type AttributionModel = 'last_click' | 'first_click'

export interface Program {
  id: Id
  name: string
  currency: string
  attributionWindowDays: number
  attributionModel: AttributionModel
  defaultCommission: CommissionSpec
  /** The program's website (`ProgramSettings.siteUrl`); null: not set */
  siteUrl: string | null
  createdAt: string
}

export interface CreateProgramInput {
  name: string
  currency: string
  attributionWindowDays?: number | undefined
  attributionModel?: AttributionModel | undefined
  defaultCommission?: CommissionSpec | undefined
  /** The program's website, as `ProgramSettings.siteUrl` takes it; settable later in the settings */
  siteUrl?: string | undefined
}

/** Returned once, when a program or key is created: the secret is never shown again. */
export interface CreatedProgram {
  program: Program
  publishableKey: string
  secretKey: string
}

export interface ApiKey {
  id: Id
  kind: 'publishable' | 'secret'
  /** The first characters, for telling keys apart (`sk_live_ab12…`) */
  prefix: string
  createdAt: string
  revokedAt: string | null
}

export interface CreatedSecretKey extends ApiKey {
  secretKey: string
}

/**
 * pending: not yet accepted. approved: accepted, onboarding (turns active when its onboarding checklist is
 * done or its first click arrives). active: promoting. suspended: links stop counting, portal closed.
 */
export type PartnerStatus = 'active' | 'approved' | 'pending' | 'suspended'

export interface Partner {
  id: Id
  programId: Id
  email: string
  name: string | null
  /** The host app's own id for this user, if it gave one */
  externalId: string | null
  status: PartnerStatus
  /** ISO 3166-1 alpha-2, upper case */
  country: string | null
  /** The partner group whose rules, checklist and resources apply; null for the program's own */
  groupId: Id | null
  /** The partner who recruited this one (earns the second tier on its commissions) */
  referredById: Id | null
  /** A tier the program pinned the partner at (bulk `set_tier`), whatever its performance; null when earned */
  pinnedTier: string | null
  /** The partner's own website, set in the portal (or by an import) */
  website: string | null
  /** The partner's social profiles, set in the portal: one profile URL per network */
  social: PartnerSocial
  createdAt: string
}

export type SocialNetwork = 'x' | 'instagram' | 'youtube' | 'tiktok' | 'linkedin'

/**
 * A partner's social profiles, one URL per network, always in the network's canonical form
 * (`https://x.com/jane`, `https://www.instagram.com/jane`, `https://www.youtube.com/@jane`,
 * `https://www.tiktok.com/@jane`, `https://www.linkedin.com/in/jane`).
 */
export type PartnerSocial = Partial<Record<SocialNetwork, string>>

export interface CreatePartnerInput {
  email: string
  name?: string | undefined
  externalId?: string | undefined
  /** Code for the partner's first link; generated when absent. Unique in the program whatever its case */
  linkCode?: string | undefined
  /** ISO 3166-1 alpha-2 */
  country?: string | undefined
}

export interface PartnerWithLink extends Partner {
  links: Link[]
}

export interface Link {
  id: Id
  partnerId: Id
  /** The `?ref=` code, as it was created; one per program whatever its case, and found in any case (`alice` is `ALICE`) */
  code: string
  /** Where the link lands; null: the program's site (`ProgramSettings.siteUrl`) */
  destinationUrl: string | null
  /**
   * The URL to share: the destination (or the program's site) with `?ref=CODE` appended. null when
   * neither is known (no destination, and the program has set no site URL); the portal then builds it
   * from the host page's origin: `${origin}/?ref=CODE`.
   */
  url: string | null
  createdAt: string
}

export interface CreateLinkInput {
  partnerId: Id
  /** Generated when absent; kept as given. 409 `conflict` when the program has it already, in any case */
  code?: string | undefined
  /**
   * Where the link lands: any https URL (http only on localhost), the program's choice; absent: the
   * program's site (`ProgramSettings.siteUrl`). Partners choosing in the portal are held to the site's host.
   */
  destinationUrl?: string | undefined
}

export interface ListLinksQuery extends PageQuery {
  partnerId?: Id | undefined
}

/** Sent by the script tag as text/plain JSON (no CORS preflight). */
export interface TrackClickInput {
  /** The publishable key (the script's `data-key`); may instead come as a Bearer token. A secret key here is refused (403): send it as a Bearer token */
  key?: string | undefined
  /** The link's code from `?ref=`, in any case */
  code: string
  url?: string | undefined
  referrer?: string | undefined
  subId?: string | undefined
}

/**
 * `POST /v1/track/click` answers 201 with this for a new click, 200 for the same visitor's repeat, and 204
 * with no body for a click not counted (a bot's, or one in a burst from its address: the program's fraud rules).
 */
export interface TrackClickResult {
  clickId: Id
  partnerId: Id
  /** How long the cookie should live */
  attributionWindowDays: number
  /**
   * The program's attribution model: under `first_click` the tracking script keeps a click it already
   * holds (within its window) instead of this one, which is recorded and counted all the same
   */
  attributionModel: 'last_click' | 'first_click'
  /** true when the same visitor's click on the same link was already recorded just now */
  duplicate: boolean
  /** What the visitor gets through this partner (its group's reward, else the program's); null: nothing */
  reward: ReferralOffer | null
}

export interface TrackLeadInput {
  /** The publishable key, as the script sends it; a secret key here is refused (403): the SDK sends it as a Bearer token */
  key?: string | undefined
  clickId?: Id | undefined
  /** The host's id for the signed-up user: one that cannot be guessed (not a sequential integer), as a browser may name it first */
  customerExternalId: string
  email?: string | undefined
  name?: string | undefined
}

/**
 * The answer to a lead sent with the publishable key (a browser: the script's `afflio('lead', …)`) and a
 * click: that it was received, and what it sent. Never whether it created a customer (a new id, tied to the
 * click) or changed nothing (an id recorded already), nor anything of a customer: anyone reading the host's
 * page holds that key, and could otherwise learn which ids are customers, and whose. Without a click (or with
 * one older than the click retention) a browser's lead records nothing and answers `204`.
 */
export interface TrackLeadReceived {
  received: true
  customerExternalId: string
  /** The click the lead was sent with */
  clickId: Id
}

export interface Customer {
  id: Id
  externalId: string
  email: string | null
  name: string | null
  clickId: Id | null
  partnerId: Id | null
  createdAt: string
}

export interface TrackSaleInput {
  /** Idempotency: a sale with an invoiceId already recorded is not counted twice */
  invoiceId: string
  amountMinor: number
  currency: string
  customerExternalId?: string | undefined
  /** The buyer's email: kept on the customer, and checked against the partner's (self-referral) */
  customerEmail?: string | undefined
  /** The click id from checkout (e.g. Stripe client_reference_id) */
  clickId?: Id | undefined
  productId?: string | undefined
  /** Subscriptions: renewals of the same subscription earn recurring commissions */
  subscriptionId?: string | undefined
  /**
   * The payment provider's payment id, e.g. a Stripe payment_intent: refunds and disputes that name only
   * the payment find the sale by it. A repeat of the sale may add it when the first report lacked it.
   */
  paymentId?: string | undefined
  /**
   * The coupon or promotion code the buyer used (any case). When it is one of the program's active codes,
   * its partner is credited, even without a click; with another partner's click the program's
   * `couponPolicy.conflict` decides (docs/coupons.md).
   */
  couponCode?: string | undefined
  /**
   * When the sale happened (ISO 8601 with an offset); defaults to now. Attribution looks for clicks before
   * it. At most 5 minutes ahead of the server's clock (a later time would put every click after the sale)
   * and not before 2000-01-01 (a seconds/milliseconds mix-up); else 400 on `occurredAt`. Older backfills are
   * taken, and credit a partner only through a click in the window before them.
   */
  occurredAt?: string | undefined
}

/**
 * A commission's life, in the words every surface uses (API, portal, console, emails, exports, webhooks):
 *
 *     pending ──(holding period ends)──▶ approved ──(payout run)──▶ in_payout ──(payout sent)──▶ paid
 *        │  ▲                              ▲  │                          │
 *        ▼  │ (release)                    │  └──(payout failed)◀────────┘ back to approved
 *     on_hold ──(mark fraud)──▶ fraud       │
 *
 * - pending: inside its holding period (refunds can still take it back).
 * - approved: owed; the next payout run pays it. The sum of approved is what a partner can be paid now.
 * - in_payout: in a payout that has not been sent yet (a CSV to upload, a transfer in flight).
 * - paid: in a payout that was sent.
 * - on_hold: held for review (a fraud check or by hand); released, it goes back to pending or approved.
 * - reversed: refunded before it was paid, or a browser's lead taken back when the host's server named the
 *   customer with another partner's click (docs/commissions.md). A refund after payout adds a negative
 *   `clawback` commission (approved at once), which the next payout subtracts.
 * - fraud: rejected; never paid.
 */
export type CommissionStatus = 'pending' | 'approved' | 'in_payout' | 'paid' | 'on_hold' | 'reversed' | 'fraud'

export type CommissionKind = 'sale' | 'lead' | 'recurring' | 'override' | 'clawback' | 'bonus'

export interface Commission {
  id: Id
  partnerId: Id
  saleId: Id | null
  /** On a negative (clawback) commission: the commission it takes back from */
  reversesId: Id | null
  /** Negative for a clawback; positive for one giving back what a chargeback took (a dispute won: `reasonData.cause` `dispute_won`) */
  amountMinor: number
  currency: string
  status: CommissionStatus
  kind: CommissionKind
  /**
   * Why this amount, in English (`program default: 20% of sale`). Kept for older clients; show
   * `reasonData` instead, which says the same as data to render in the reader's language and money format.
   */
  reason: string
  /** Why this amount, as data; null on commissions recorded before it was stored (then only `reason` says why) */
  reasonData: CommissionReason | null
  ruleId: Id | null
  /** The version of the rule that priced it (`GET /v1/rules/:id/versions`); null without a rule */
  ruleVersion: number | null
  tier: string | null
  /** An override's source: the recruited partner's commission */
  sourceId: Id | null
  /** When a pending commission is approved (end of the holding period) */
  approveAt: string | null
  /** Why it is (or was last) held, released or voided, in English; `holdReasonData` says the same as data */
  holdReason: string | null
  /** Why it is (or was last) held, released or voided, as data; null when never held, or held before it was stored */
  holdReasonData: CommissionHoldReason | null
  /**
   * Every fraud rule the commission tripped when it was recorded, on `flag` or `hold` (the one that held it
   * is also `holdReasonData`); kept when it is later released or voided. Empty when none did.
   */
  fraudFlags: FraudFlag[]
  /** The payout that covers it (in_payout or paid); null otherwise, and again when that payout failed */
  payoutId: Id | null
  createdAt: string
}

/**
 * Why a commission has its amount, as data: render it in words and money in the reader's locale (the
 * portal does; `reason` is the English rendering). Money is always integer minor units beside its currency.
 *
 * - `rule`: priced by a rule (or the program's default): a percentage of the sale, or a flat amount per
 *   sale or per lead, maybe at a tier.
 * - `override`: the recruiter's share of a recruited partner's commission (two-tier).
 * - `clawback`: a negative commission taking back part of another: by a refund's share (`cause: 'refund'`,
 *   absent on reasons stored before fraud clawbacks: read absent as `'refund'`), or, when a recruited
 *   partner's commission is marked fraud after the recruiter's override on it was paid, what is left of
 *   that override (`cause: 'fraud'`).
 * - `bonus`: a challenge's reward.
 * - `claim`: an amount the program set when it approved the partner's missing-commission claim.
 */
export type CommissionReason = CommissionReasonPercent | CommissionReasonFlat | CommissionReasonOverride | CommissionReasonClawback | CommissionReasonBonus | CommissionReasonClaim

/** The rule that priced a commission, as it was then. */
export interface CommissionReasonRule {
  /** null: the program's default commission (no rule applied) */
  id: Id | null
  name: string
  /** The rule's version that priced it; absent on reasons stored before rules had versions (read as 1), and for the default */
  version?: number
}

/** The tier a commission was priced at, and how the partner stood when it was. */
export interface CommissionReasonTier {
  name: string
  metric: 'paid_customers' | 'sales' | 'revenue'
  /** The partner's metric before the sale (revenue: minor units of `currency`) */
  value: number
  /** The tier's threshold, in the metric's unit */
  from: number
  /** The program's currency, in which revenue thresholds are stated; null for counts */
  currency: string | null
  /** true: the program set the partner at this tier (bulk set_tier); `value` did not reach it */
  pinned: boolean
}

export interface CommissionReasonPercent {
  kind: 'rule'
  basis: 'percent'
  rule: CommissionReasonRule
  /** The rate paid (the tier's, when priced at a tier), basis points: 2000 = 20% */
  rateBps: number
  saleAmountMinor: number
  /** The sale's currency, which the commission is paid in */
  currency: string
  tier: CommissionReasonTier | null
  split?: CommissionReasonSplit
  /** Past a budget's cap, paid at a stepped-down rate */
  stepDown?: CommissionReasonStepDown
}

/** A split sale's share (coupon policy `split`): this partner's part of the amount the sale pays both. */
export interface CommissionReasonSplit {
  /** How the partner came to the sale */
  via: 'click' | 'code'
  /** This partner's share, basis points */
  shareBps: number
  /** What the sale pays both partners together (the lower of their own commissions), minor units of the commission's currency */
  poolMinor: number
  /** What the rule above pays on the sale alone, before sharing (the pool when it is the lower), in the reason's `currency`; absent on reasons stored before it was kept */
  ruleMinor?: number
  /**
   * Present when the two partners' own commissions were in different currencies (a flat rule in another
   * one), so they were not compared: the pool is then the click partner's own commission, in this currency
   * (the commission's), and `ruleMinor` is in the reason's `currency`. Absent: the pool is the lower of the two.
   */
  poolCurrency?: string
}

export interface CommissionReasonFlat {
  kind: 'rule'
  basis: 'flat'
  rule: CommissionReasonRule
  /** Per sale, or per lead (a lead earns once per customer) */
  event: 'sale' | 'lead'
  /** The rule's (or the tier's) amount */
  amountMinor: number
  currency: string
  /** true: the sale, in the same currency, was smaller, so the commission is the sale's amount */
  capped: boolean
  tier: CommissionReasonTier | null
  split?: CommissionReasonSplit
  /** Past a budget's cap, paid at a stepped-down rate */
  stepDown?: CommissionReasonStepDown
}

export interface CommissionReasonOverride {
  kind: 'override'
  /** The program's second-tier rate, basis points */
  rateBps: number
  /** The recruited partner's commission this is a share of (also `sourceId`) */
  sourceCommissionId: Id
  sourceAmountMinor: number
  currency: string
  recruitedPartnerId: Id
}

/** A clawback's reason: test `cause` (`fraud`, `dispute_won`); any other is a refund's, whose `cause` may be absent. */
export type CommissionReasonClawback = CommissionReasonRefundClawback | CommissionReasonFraudClawback | CommissionReasonDisputeWonClawback

export interface CommissionReasonRefundClawback {
  kind: 'clawback'
  /** Absent on reasons stored before fraud clawbacks existed */
  cause?: 'refund'
  /** This refund's amount */
  refundedMinor: number
  saleAmountMinor: number
  /** The sale's currency */
  currency: string
  /** true: the commission was already in a payout, so this is owed now and lowers the next payout */
  afterPayout: boolean
}

/**
 * What is left of a recruiter's override already in a payout, taken back because the recruited partner's
 * commission it was a share of was marked fraud (`reversesId` is the override). Owed now, like a refund
 * after payout; the amount taken back is the clawback's own `amountMinor`.
 */
export interface CommissionReasonFraudClawback {
  kind: 'clawback'
  cause: 'fraud'
  /** The recruited partner's commission marked fraud (the override's source) */
  fraudCommissionId: Id
  /** That commission's amount, in `currency` */
  fraudAmountMinor: number
  currency: string
  /**
   * The note the program gave when it marked the commission fraud: on clawbacks written before it was kept
   * from the recruiter (it is about the recruited partner's commission, whose customer it may name), absent since
   */
  note?: string
  /** Always true: an override not yet in a payout is voided with its source instead */
  afterPayout: true
}

/**
 * What a chargeback took back from the commission (`reversesId`), given back because the program won the
 * dispute (Stripe reinstated the funds): a positive clawback row, owed like the commission (now, when the
 * commission was already in a payout). The chargeback's own row, or the commission's reversal, stays.
 */
export interface CommissionReasonDisputeWonClawback {
  kind: 'clawback'
  cause: 'dispute_won'
  /** What the chargeback had taken off the sale, now the program's again */
  disputedMinor: number
  saleAmountMinor: number
  /** The sale's currency */
  currency: string
  /** true: the commission was already in a payout, so this is owed now and raises the next payout */
  afterPayout: boolean
}

export interface CommissionReasonBonus {
  kind: 'bonus'
  challengeId: Id
  challengeName: string
  /** A bounty's bonus: the approved submission it pays (absent for a target met) */
  submissionId?: Id
  /** Past a budget's cap, paid at a stepped-down rate */
  stepDown?: CommissionReasonStepDown
}

/** An amount the program set on approving a missing-commission claim (no rule priced it). */
export interface CommissionReasonClaim {
  kind: 'claim'
  claimId: Id
  invoiceId: string
  /** The amount the program gave */
  amountMinor: number
  currency: string
  /** Past a budget's cap, paid at a stepped-down rate */
  stepDown?: CommissionReasonStepDown
}

/**
 * Why a commission is held, as data.
 * - a fraud rule (`FraudFlag`): held when created, by the first rule on `hold` that tripped, e.g.
 *   `self_referral`: the customer's email is the partner's own address (`match: 'own_address'`), or at the
 *   partner's company domain (`'company_domain'`, with `domain`). Every rule that tripped is in `fraudFlags`.
 * - `action`: the program's hold, release or mark_fraud, with the note it gave.
 * - `recruited`: a recruiter's override held, released or voided with the recruited partner's commission it
 *   is a share of (`sourceId`), or the clawback `mark_fraud` writes of such an override already paid; why
 *   that commission was (a customer's email, the program's note) is the recruited partner's, not told to the
 *   recruiter. An override a budget held keeps the budget's hold.
 */
export type CommissionHoldReason = FraudFlag | { kind: 'action'; action: 'hold' | 'release' | 'mark_fraud'; note: string } | CommissionHoldReasonBudget | CommissionHoldReasonRecruited

/** An override that follows the recruited partner's commission it is a share of: held with it (`hold`), released or voided with it. */
export interface CommissionHoldReasonRecruited {
  kind: 'recruited'
  action: 'hold' | 'release' | 'mark_fraud'
}

/**
 * A budget was reached (docs/budgets.md): the commission did not fit in what was left of the budget's cap
 * (`capMinor − spentMinor` before it), so it waits on hold, whole, for the program to release it.
 * In the portal only `kind` is given: which budget, and how full, is the program's to know.
 */
export interface CommissionHoldReasonBudget {
  kind: 'budget'
  budgetId?: Id
  budgetName?: string
  capMinor?: number
  spentMinor?: number
  currency?: string
}

/**
 * Paid past a budget's cap at a stepped-down rate: the budget, the share paid and the amount it would have
 * been. In the portal without `budgetId` and `budgetName` (the program's budgets are its own).
 */
export interface CommissionReasonStepDown {
  budgetId?: Id
  budgetName?: string
  stepDownBps: number
  fullAmountMinor: number
}

export interface Sale {
  id: Id
  invoiceId: string
  amountMinor: number
  currency: string
  customerId: Id | null
  partnerId: Id | null
  clickId: Id | null
  productId: string | null
  subscriptionId: string | null
  /** 1 for a subscription's first paid payment, n for the n-th; a payment of 0 shares the next paid payment's number */
  paymentNumber: number | null
  /** The payment provider's payment id (e.g. a Stripe payment_intent), when known */
  paymentId: string | null
  /** The coupon code the sale was reported with, as given; null without one */
  couponCode: string | null
  /** The program's code it matched (its partner was credited, or shares the sale); null when none matched */
  couponCodeId: Id | null
  refundedMinor: number
  /**
   * A split sale's second partner (the coupon code's, docs/coupons.md) and its part of the amount and of the
   * refunds; `partnerId` above has the rest. null when one partner (or nobody) was credited.
   */
  split: SaleSplit | null
  /**
   * When one of its partners' own commissions was marked fraud (docs/commissions.md); null otherwise. Such a
   * sale counts in no figure (overviews, customers, tiers, challenges) from then on. Fraud is final.
   */
  fraudAt: string | null
  /**
   * When the sale happened (the `occurredAt` it was reported with, else when it was recorded): attribution,
   * tiers, periods and renewals count from it
   */
  occurredAt: string
  /** When Afflio recorded it */
  createdAt: string
}

export interface SaleSplit {
  partnerId: Id
  amountMinor: number
  refundedMinor: number
}

export interface TrackSaleResult {
  sale: Sale
  /** null when no partner was credited (no click in the window, no code) */
  commission: Commission | null
  /**
   * A split sale (a click of one partner, a code of another, policy `split`): the code partner's commission;
   * `commission` is the click partner's. Absent otherwise.
   */
  splitCommission?: Commission | null
  /** true when this invoiceId had already been recorded: nothing new was written (but a paymentId the sale lacked) */
  duplicate: boolean
}

/** Names the sale by exactly one of `invoiceId` or `paymentId` (the sale's `paymentId`, e.g. a Stripe payment_intent). */
export type TrackRefundInput = (
  | { invoiceId: string; paymentId?: never }
  | {
      /** The sale's paymentId, for a refund or dispute that names only the payment */
      paymentId: string
      invoiceId?: never
    }
) & {
  /** Partial refund amount; the whole sale when absent */
  amountMinor?: number | undefined
  /** The payment provider's refund id: makes retries safe */
  refundId?: string | undefined
}

export interface TrackRefundResult {
  sale: Sale
  /** Commissions changed or added by this refund */
  commissions: Commission[]
  /**
   * What this refund took off the sale, in the sale's minor units: `amountMinor` (or the rest of the sale),
   * capped at what was left of it. Less than asked when the sale had less left; 0 when it had nothing left.
   * A repeated `refundId` answers what that refund took when it was recorded.
   */
  appliedMinor: number
  /** true when nothing was recorded now: a repeated `refundId`, or a sale with nothing left to refund */
  duplicate: boolean
}

export interface ListCommissionsQuery extends PageQuery {
  partnerId?: Id | undefined
  status?: CommissionStatus | undefined
  /** true: only commissions that tripped a fraud rule (`fraudFlags` not empty) */
  flagged?: boolean | undefined
  /** Only the commissions this payout covers (`payoutId`): what it pays, clawbacks included */
  payoutId?: Id | undefined
}

export type * from './fraud-types.ts'
// Commission rules, payouts and webhooks; then the partner portal's contract.
export type * from './ledger-types.ts'
// The partner portal's contract (embed tokens, partner-scoped endpoints) lives beside this file.
export type * from './portal-types.ts'
export type * from './segments-types.ts'
export type * from './recruitment-types.ts'
export type * from './onboarding-types.ts'
export type * from './messaging-types.ts'
export type * from './notices-types.ts'
export type * from './deals-types.ts'
export type * from './bounties-types.ts'
export type * from './program-overview-types.ts'
export type * from './audit-types.ts'
export type * from './customers-types.ts'
export type * from './link-stats-types.ts'
export type * from './link-qr-types.ts'
export type * from './partner-detail-types.ts'
export type * from './invitations-types.ts'
export type * from './coupons-types.ts'
export type * from './reward-types.ts'
export type * from './explanation-types.ts'
export type * from './claims-types.ts'
export type * from './budgets-types.ts'
export type * from './webhook-event-types.ts'
