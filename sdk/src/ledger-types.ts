// The ledger's contract: commission rules, groups, holds, payouts, Stripe settings, outgoing webhooks.
import type { FraudRules } from './fraud-types.ts'
import type { CouponPolicy } from './coupons-types.ts'
import type { ReferralReward, ReferralRewardInput } from './reward-types.ts'
import type { Commission, Id, MailStatus, PageQuery, Partner, PartnerStatus } from './types.ts'

export interface CommissionTier {
  /** Shown to partners, e.g. "Gold" */
  name: string
  /** The metric's value from which this tier applies (the partner moves up as soon as it is reached) */
  from: number
  /** basis points for a percent rule, minor units for a flat one */
  value: number
}

export interface CommissionRule {
  id: Id
  name: string
  /** Narrowing: the most specific matching rule wins (partner > group > program), then product over any */
  groupId: Id | null
  partnerId: Id | null
  productId: string | null
  event: 'sale' | 'lead'
  type: 'percent' | 'flat'
  /** basis points for percent, minor units for flat */
  value: number
  /** currency of a flat value; the program's when null */
  currency: string | null
  /**
   * Subscriptions: 'none' pays the first payment only; 'months'/'payments' limit renewals. Ignored by a
   * lead rule: a lead pays once per customer.
   */
  recurring: 'none' | 'forever' | 'months' | 'payments'
  recurringLimit: number | null
  tiers: CommissionTier[]
  tierMetric: 'paid_customers' | 'sales' | 'revenue' | null
  tierPeriod: 'lifetime' | 'month' | 'quarter' | 'year' | null
  /** The version in force: 1 when created, one more at each edit (`PATCH /v1/rules/:id`) */
  version: number
  /** When the version in force took effect (the rule's `createdAt` for version 1) */
  versionCreatedAt: string
  createdAt: string
}

/**
 * `GET /v1/rules/:id/versions`: every version of a rule, newest first. A version never changes: an edit
 * makes a new one, which prices sales from then on; a commission keeps the version that priced it
 * (`Commission.ruleVersion`).
 */
export type CommissionRuleVersion = Omit<CommissionRule, 'id' | 'versionCreatedAt'> & {
  ruleId: Id
  /** When this version took effect */
  createdAt: string
  /** When the next version replaced it; null for the version in force */
  supersededAt: string | null
}

/**
 * `PATCH /v1/rules/:id`: any of a rule's settings but its event (a lead rule stays a lead rule). The rule as
 * edited must be valid as a whole, as on create. An edit that changes nothing makes no version.
 */
export type UpdateRuleInput = { [K in Exclude<keyof CreateRuleInput, 'event'>]?: CreateRuleInput[K] | undefined }

export type CreateRuleInput = Omit<CommissionRule, 'id' | 'createdAt' | 'version' | 'versionCreatedAt' | 'groupId' | 'partnerId' | 'productId' | 'currency' | 'recurring' | 'recurringLimit' | 'tiers' | 'tierMetric' | 'tierPeriod'> &
  { [K in 'groupId' | 'partnerId' | 'productId' | 'currency' | 'recurring' | 'recurringLimit' | 'tiers' | 'tierMetric' | 'tierPeriod']?: CommissionRule[K] | undefined }

export interface PartnerGroup {
  id: Id
  name: string
  /** Replaces the program's reward for this group's referred customers; null: the program's applies */
  referralReward: ReferralReward | null
  createdAt: string
}

export interface UpdatePartnerInput {
  groupId?: Id | null | undefined
  /** Two-tier: the partner who recruited this one */
  referredById?: Id | null | undefined
  status?: PartnerStatus | undefined
  name?: string | undefined
  /** ISO 3166-1 alpha-2; null clears */
  country?: string | null | undefined
}

export interface ProgramSettings {
  holdingDays: number
  /** The recruiter's override on a recruited partner's commissions, basis points */
  secondTierRateBps: number
  /** Minimum payout per currency, minor units: { USD: 5000 } */
  payoutMinimums: Record<string, number>
  /** When payouts are made, and in which currencies; null: no schedule (runs only when started by hand) */
  payoutSchedule: PayoutSchedule | null
  /**
   * With a `payoutSchedule`: the server starts the payout run on each payout day (UTC) by itself, as a run
   * by hand would (default true); false: runs only when started by hand. No effect without a schedule.
   */
  automaticPayoutRuns: boolean
  payoutProvider: 'manual' | 'stripe_connect'
  /** Write-only (null clears): never returned */
  stripeWebhookSecret?: string | null
  stripeApiKey?: string | null
  /** What each fraud rule does (off, flag, hold) and their thresholds; docs/fraud.md */
  fraudRules: FraudRules
  /**
   * Days raw clicks are kept (default 400; at least the attribution window, at most 3650). Older clicks
   * are deleted unless a customer or sale was credited through them; daily stats keep their counts, and
   * each partner's first and last click time stays (onboarding, last activity, segments change nothing).
   */
  clickRetentionDays: number
  /** `#rrggbb`: the colour of the program's emails (their header band); null: Afflio's blue */
  brandColor: string | null
  /** Coupon codes: who may create them, and who is credited when a click and a code disagree (docs/coupons.md) */
  couponPolicy: CouponPolicy
  /** What customers referred by its partners get (docs/rewards.md); a group's own reward replaces it. Null: nothing */
  referralReward: ReferralReward | null
  /**
   * The program's website: an https origin, optionally a path (`https://acme.example`,
   * `https://acme.example/shop`; http only on localhost), no query or fragment; kept in one spelling (lower-case
   * host, no lone `/`). A link without a destination shares it with `?ref=CODE`, and a link a partner creates
   * in the portal may only land on its host or the host's subdomains (`www.` aside). Null: not set, so links
   * without a destination have no share URL (the portal builds one on its page's origin) and partners may not
   * choose a destination (docs/partners.md, "Links and the program's site").
   */
  siteUrl: string | null
}

/** `PATCH /v1/program/settings`: any of the settings; `fraudRules` and `couponPolicy` may name only what they change. */
export type UpdateProgramSettingsInput = { [K in Exclude<keyof ProgramSettings, 'payoutMinimums' | 'fraudRules' | 'couponPolicy' | 'referralReward'>]?: ProgramSettings[K] | undefined } & {
  /** Minimum payout per currency, minor units: { USD: 5000 }. Replaces them all: a currency left out (or `undefined`) has none */
  payoutMinimums?: { [currency: string]: number | undefined } | undefined
  fraudRules?: { [K in keyof FraudRules]?: FraudRules[K] | undefined } | undefined
  couponPolicy?: { [K in keyof CouponPolicy]?: CouponPolicy[K] | undefined } | undefined
  referralReward?: ReferralRewardInput | null | undefined
}

/** Settings as read back: secrets are never returned, only whether they are set. */
export type ProgramSettingsView = Omit<ProgramSettings, 'stripeWebhookSecret' | 'stripeApiKey'> & {
  stripeWebhookSecretSet: boolean
  stripeApiKeySet: boolean
  /** Whether this server sends email (newsletters, notices): when not, they wait as pending */
  mail: MailStatus
}

export interface CommissionActionInput {
  action: 'hold' | 'release' | 'mark_fraud'
  reason: string
}

/**
 * A partner's (or the program's) commissions summed by status, in one currency: the figures every
 * screen, email and export shows, computed by one query. Reversed and fraud commissions count nowhere.
 */
export interface LedgerTotals {
  currency: string
  /** In the holding period, until approved (the server approves due ones every minute and before a payout run) */
  pendingMinor: number
  /** Held for review */
  onHoldMinor: number
  /** Owed now: what the next payout run pays (negative when clawbacks exceed earnings) */
  approvedMinor: number
  /** In a payout not sent yet */
  inPayoutMinor: number
  /** In a payout that was sent */
  paidMinor: number
}

/** `GET /v1/balances`: one entry per (partner, currency) with any commissions, at zero when none of them counts (all reversed or fraud). */
export interface PartnerBalance extends LedgerTotals {
  partnerId: Id
}

export type PayoutStatus = 'pending' | 'processing' | 'paid' | 'failed'

export interface Payout {
  id: Id
  runId: Id
  partnerId: Id
  amountMinor: number
  currency: string
  status: PayoutStatus
  method: string | null
  destination: string | null
  provider: 'manual' | 'stripe_connect'
  providerRef: string | null
  failureReason: string | null
  createdAt: string
  paidAt: string | null
}

export interface PayoutRun {
  id: Id
  status: 'created' | 'paid'
  payouts: Payout[]
  createdAt: string
  paidAt: string | null
}

export interface WebhookEndpoint {
  id: Id
  url: string
  events: WebhookEventType[] | ['*']
  createdAt: string
  disabledAt: string | null
}

export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  /** Shown once: verify `Afflio-Signature` with it */
  secret: string
}

export type WebhookEventType = 'commission.created' | 'commission.reversed' | 'payout.paid'
  /** The program held a commission for review (data: Commission, `on_hold`): one event per commission that moved, its overrides and clawbacks included */
  | 'commission.held'
  /** The program released a held commission (data: Commission): back to `pending`, or `approved` when its holding period is over */
  | 'commission.released'
  /** The program marked a commission fraud (data: Commission, `fraud`); an override already in a payout is clawed back instead (`commission.reversed`) */
  | 'commission.marked_fraud'
  /** A commission's holding period ended: `pending` became `approved`, owed in the next payout run (data: Commission) */
  | 'commission.approved'
  /** A payout failed, by hand or refused by its provider (data: Payout, with `failureReason`): its commissions are owed again */
  | 'payout.failed'
  | 'application.created'
  | 'application.approved'
  | 'application.rejected'
  | 'newsletter.sent'
  | 'deal.registered'
  | 'deal.approved'
  | 'deal.rejected'
  | 'deal.won'
  | 'deal.lost'
  | 'challenge.met'
  | 'budget.reached'
  /** A bounty submission (data: BountySubmission): sent in the portal, approved (with its bonus's commissionId) or rejected */
  | 'submission.created'
  | 'submission.approved'
  | 'submission.rejected'
  /** A partner filed a missing-commission claim in the portal (data: Claim, `pending`) */
  | 'claim.created'
  /** A missing-commission claim was decided (data: Claim): approved (with its `commissionId`; the commission has its own `commission.created`) or rejected (with its `reason`) */
  | 'claim.approved'
  | 'claim.rejected'
  /** A partner was created: through the API or console, an import, an approved application or an embed token (data: Partner, without its links) */
  | 'partner.created'
  /** A partner's status changed: by the program (one partner or in bulk) or by finishing onboarding, `approved` to `active` (data: PartnerStatusChange) */
  | 'partner.status_changed'

export interface WebhookEvent<T = unknown> {
  id: Id
  type: WebhookEventType
  createdAt: string
  data: T
}

export interface WebhookDelivery {
  id: Id
  endpointId: Id
  eventId: Id
  eventType: WebhookEventType
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  createdAt: string
  deliveredAt: string | null
}

export type CommissionCreatedEvent = WebhookEvent<Commission>

// ---- Payouts and webhooks: requests and responses ------------------------------------------------

/** `GET /v1/balances?partnerId` */
export interface ListBalancesQuery {
  partnerId?: Id | undefined
}

/**
 * When a program pays: monthly on a day (29, 30 or 31 mean the month's last day in shorter months) or
 * weekly on an ISO weekday (1 Monday … 7 Sunday), dates in UTC. `currencies`: the balances paid (others
 * wait, skipped as `currency_not_scheduled`); null pays every currency. Minimums are `payoutMinimums`.
 */
export type PayoutSchedule =
  | { frequency: 'monthly'; dayOfMonth: number; currencies: string[] | null }
  | { frequency: 'weekly'; dayOfWeek: number; currencies: string[] | null }

/**
 * Why a partner with a balance got no payout in a run: `owed_back` a negative balance (refunds clawed back
 * more than was earned since the last payout), carried until earnings cover it; `below_minimum` a positive
 * one under the currency's minimum.
 */
export type PayoutSkipReason = 'below_minimum' | 'owed_back' | 'missing_payout_details' | 'partner_suspended' | 'currency_not_scheduled'

export interface PayoutRunSkip {
  partnerId: Id
  currency: string
  /** The approved balance that stays for the next run (may be negative after clawbacks) */
  approvedMinor: number
  reason: PayoutSkipReason
}

/**
 * `GET /v1/payout-runs/preview`: what a run would do now, writing nothing. When `payees` is empty,
 * `POST /v1/payout-runs` records no run and answers 422 `nothing_to_pay`.
 */
export interface PayoutRunPreview {
  payees: Array<{ partnerId: Id; currency: string; amountMinor: number }>
  skipped: PayoutRunSkip[]
  /** The next scheduled payout date (YYYY-MM-DD, UTC); null without a schedule */
  nextPayoutDate: string | null
}

/** `POST /v1/payout-runs`: the run, and the partners it left out (reported once, here). */
export interface CreatedPayoutRun extends PayoutRun {
  skipped: PayoutRunSkip[]
}

export type PayoutExportFormat = 'paypal' | 'wise'

/** `GET /v1/payout-runs/:id/export?format&currency&status` (text/csv) */
export interface ExportPayoutRunQuery {
  format: PayoutExportFormat
  /** PayPal takes one currency per file: required when the run's PayPal payouts span several */
  currency?: string | undefined
  /**
   * Which of the run's manual payouts the file holds: `pending` (the default), those still to pay; or
   * `paid`, a copy of those already paid, as the run stored them (for your records: uploading it pays again)
   */
  status?: 'pending' | 'paid' | undefined
}

/** A run's file (`payouts.runs.exportFile`): the CSV with what its headers say of it. */
export interface PayoutExport {
  csv: string
  /** The name the server gives the file (`Content-Disposition`), e.g. `afflio-prun_…-paypal-usd.csv`; null when the response does not say */
  filename: string | null
  /** Payouts in the file (`Afflio-Export-Count`); null when the response does not say (a proxy that drops the header) */
  count: number | null
  /**
   * The run's waiting payouts the file does not carry (`Afflio-Export-Excluded`): Stripe Connect ones,
   * another currency's, one without payout details, or one the format cannot pay (PayPal and KWD, say);
   * null when the response does not say
   */
  excluded: number | null
}

/** `POST /v1/payouts/:id/fail`: the payout fails and its commissions are approved (owed) again. */
export interface FailPayoutInput {
  reason: string
}

/** `POST /v1/webhook-endpoints` */
export interface CreateWebhookEndpointInput {
  /** http(s) URL that receives `POST`s of `WebhookEvent` JSON */
  url: string
  /** Event types to send, or `['*']` for all */
  events: WebhookEventType[] | ['*']
}

/** `GET /v1/webhook-deliveries?endpointId&status&cursor&limit`: the delivery log, newest first. */
export interface ListWebhookDeliveriesQuery extends PageQuery {
  endpointId?: Id | undefined
  status?: WebhookDelivery['status'] | undefined
}

export type CommissionReversedEvent = WebhookEvent<Commission>
export type CommissionHeldEvent = WebhookEvent<Commission>
export type CommissionReleasedEvent = WebhookEvent<Commission>
export type CommissionMarkedFraudEvent = WebhookEvent<Commission>
export type CommissionApprovedEvent = WebhookEvent<Commission>
export type PayoutPaidEvent = WebhookEvent<Payout>
export type PayoutFailedEvent = WebhookEvent<Payout>
export type PartnerCreatedEvent = WebhookEvent<Partner>

/** A partner as the API shows it after its status changed, and the status it had before. */
export type PartnerStatusChange = Partner & { previousStatus: PartnerStatus }
export type PartnerStatusChangedEvent = WebhookEvent<PartnerStatusChange>

/** Where a partner stands on its tiered rule: the tier in force (null: the base rate) and the next one. */
export interface PartnerTierStanding {
  ruleId: Id
  metric: 'paid_customers' | 'sales' | 'revenue'
  period: 'lifetime' | 'month' | 'quarter' | 'year'
  current: number
  tier: CommissionTier | null
  next: CommissionTier | null
  /** the rule's base value (bps or minor units) below the first tier */
  baseValue: number
  type: 'percent' | 'flat'
  /** A flat rule's currency (its own, else the program's): the currency of `baseValue` and the tiers' values; null for a percent rule. Revenue thresholds are in the program's currency. */
  currency: string | null
}

/** A short-lived token for the embeddable program console, minted by the host's backend with its secret key. */
export interface CreateConsoleTokenInput {
  /** Who is using the console (the host's user id or email), kept for the record */
  manager: string
  /** 60..86400, default 3600 */
  ttlSeconds?: number | undefined
}

export interface ConsoleToken {
  token: string
  expiresAt: string
}

/**
 * `POST /v1/console-tokens/revoke` (secret key only): end console tokens before they expire, either one
 * token (`token`, as minted) or every live token of a manager (`manager`, as named when minted). A
 * revoked token answers `401 unauthorized`. Revoking the secret key that minted a token ends it too.
 *
 * @example
 * // The manager lost access in your app: sign them out of every open console.
 * await afflio.consoleTokens.revoke({ manager: user.email })
 */
export type RevokeConsoleTokensInput = { token: string; manager?: never } | { manager: string; token?: never }

/** What a revocation ended: the live tokens it revoked (0 when none was; revoking again is harmless). */
export interface RevokedTokens {
  revoked: number
}
