// The Database interface: every table's columns, in one place.
// Timestamps are ISO 8601 UTC strings (they sort and compare as text on SQLite and Postgres alike).
// Money is an integer `*_minor` column beside a `currency`.

import type { NoticeKind } from '@afflio/sdk/types'


export interface ProgramTable {
  id: string
  name: string
  currency: string
  attribution_window_days: number
  attribution_model: 'last_click' | 'first_click'
  default_commission_type: 'percent' | 'flat'
  /** basis points for percent, minor units for flat */
  default_commission_value: number
  /** days a commission stays pending before it is approved */
  holding_days: number
  /** the recruiter's override on a recruited partner's commissions */
  second_tier_rate_bps: number
  /** JSON {"USD": 5000}: minimum payout per currency, minor units */
  payout_minimums: string
  /** JSON PayoutSchedule (the SDK's); null: no schedule */
  payout_schedule: string | null
  /** 1: the server starts the run on each payout day of the schedule; 0: runs only by hand */
  automatic_payout_runs: number
  payout_provider: 'manual' | 'stripe_connect'
  /** sealed (kernel/secrets.ts: `v1:…`, or legacy plain text until `afflio rotate-secrets`) */
  stripe_webhook_secret: string | null
  /** sealed, as stripe_webhook_secret */
  stripe_api_key: string | null
  /** JSON FraudRules (the SDK's type), partial: a missing key is the default (fraud/fraud-rules.ts) */
  fraud_rules: string
  /** days raw clicks are kept (at least the attribution window); the rollups keep their counts */
  click_retention_days: number
  /** `#rrggbb`: the colour of its emails' header and buttons; null: Afflio's default */
  brand_color: string | null
  /** JSON CouponPolicy (the SDK's type), partial: a missing key is the default (coupons/coupon-rules.ts) */
  coupon_policy: string
  /** JSON ReferralReward (rewards/reward-rules.ts): what a referred customer gets; null: nothing */
  referral_reward: string | null
  /** The program's website (kernel/web-url.ts: https origin, optionally a path): base of the share URL of a link without a destination, and the host partners' links stay on; null: not set */
  site_url: string | null
  created_at: string
}

export interface PartnerGroupTable {
  id: string
  program_id: string
  name: string
  /** JSON ReferralReward, replacing the program's for this group's partners; null: the program's */
  referral_reward: string | null
  created_at: string
}

export interface ApiKeyTable {
  id: string
  program_id: string
  kind: 'publishable' | 'secret'
  /** sha256 of the whole key; publishable keys are hashed too, so lookup is one path */
  key_hash: string
  prefix: string
  created_at: string
  revoked_at: string | null
}

export interface PartnerTable {
  id: string
  program_id: string
  email: string
  name: string | null
  /** the name as a search matches it (kernel/text-keys.ts searchKey); null without a name */
  name_key: string | null
  /** the name as the list sorts it (kernel/text-keys.ts sortKey); null without a name (then the email sorts) */
  name_sort_key: string | null
  external_id: string | null
  /** approved: accepted but onboarding; turns active when its checklist is done or its first click arrives */
  status: 'active' | 'approved' | 'pending' | 'suspended'
  group_id: string | null
  /** the partner who recruited this one (two-tier) */
  referred_by_id: string | null
  /** ISO 3166-1 alpha-2, upper case */
  country: string | null
  /** a tier name the program pinned this partner at (bulk set_tier); null: the tier follows performance */
  tier_override: string | null
  /** the partner's own website (http or https), set in the portal */
  website: string | null
  /** JSON PartnerSocial: handles per network, set in the portal; null when none */
  social: string | null
  created_at: string
}

export interface SegmentTable {
  id: string
  program_id: string
  name: string
  description: string | null
  /** JSON SegmentDefinition */
  definition: string
  created_at: string
  updated_at: string
  deleted_at: string | null
}

export interface CommissionRuleTable {
  id: string
  program_id: string
  name: string
  group_id: string | null
  partner_id: string | null
  product_id: string | null
  event: 'sale' | 'lead'
  type: 'percent' | 'flat'
  /** basis points for percent, minor units for flat */
  value: number
  currency: string | null
  recurring: 'none' | 'forever' | 'months' | 'payments'
  recurring_limit: number | null
  /** JSON [{ name, from, value }] */
  tiers: string | null
  tier_metric: 'paid_customers' | 'sales' | 'revenue' | null
  tier_period: 'lifetime' | 'month' | 'quarter' | 'year' | null
  /** the version in force; every version, this one included, is a row of commission_rule_versions */
  version: number
  /** when the version in force took effect */
  version_created_at: string
  archived_at: string | null
  created_at: string
}

/** One version of a rule as it was in force from `created_at`: written once, never updated. */
export type CommissionRuleVersionTable = Omit<CommissionRuleTable, 'id' | 'archived_at' | 'version_created_at'> & { rule_id: string }

export interface LinkTable {
  id: string
  program_id: string
  partner_id: string
  /** as created (the case the partner typed, shown and shared) */
  code: string
  /** kernel/codes.ts's codeKey (upper case): one link per code and program whatever the case */
  code_key: string
  destination_url: string | null
  created_at: string
}

export interface ClickTable {
  id: string
  program_id: string
  link_id: string
  partner_id: string
  landing_url: string | null
  referrer: string | null
  sub_id: string | null
  /** keyed hash (HMAC-SHA256 under a key derived from the encryption key) of program, ip and user agent: dedupes reloads without keeping the address; a random hex for clicks from before 0059 */
  visitor_hash: string
  /** keyed hash of program + ip (fraud-rules.ts addressHash), for the per-address rules; null when the address was not a visitor's (private, unknown), and for clicks from before 0059 */
  address_hash: string | null
  /** JSON FraudFlag[]: rules the click tripped in flag mode (it was stored, marked); null for none */
  fraud_data: string | null
  created_at: string
}

export interface CustomerTable {
  id: string
  program_id: string
  external_id: string
  email: string | null
  name: string | null
  click_id: string | null
  partner_id: string | null
  /** who has named it: only browsers (publishable-key leads) so far, or the host's server (tracking/attribution.ts, claimStep) */
  claimed_by: 'browser' | 'server'
  created_at: string
}

export interface CustomerClickTable {
  customer_id: string
  click_id: string
  program_id: string
  created_at: string
}

export interface SaleTable {
  id: string
  program_id: string
  invoice_id: string
  customer_id: string | null
  partner_id: string | null
  click_id: string | null
  product_id: string | null
  amount_minor: number
  currency: string
  refunded_minor: number
  subscription_id: string | null
  /** 1 for a subscription's first payment, n for its renewals */
  payment_number: number | null
  /** the payment provider's payment id (a Stripe payment_intent): refunds and disputes naming only it find the sale */
  payment_id: string | null
  /** the coupon or promotion code the sale was reported with, as given */
  coupon_code: string | null
  /** the program's code it matched (coupon_codes.id); its partner is credited without a click */
  coupon_code_id: string | null
  /** a split sale's second partner (the code's), credited beside partner_id (ledger/sale-credits.ts) */
  split_partner_id: string | null
  /** split_partner_id's part of amount_minor and of refunded_minor; 0 without a split */
  split_amount_minor: number
  split_refunded_minor: number
  /**
   * When one of its partners' own commissions (kind sale or recurring) was marked fraud; null otherwise. Such a
   * sale counts in no partner's performance from then on (ledger/sale-credits.ts). Fraud is final.
   */
  fraud_at: string | null
  occurred_at: string
  created_at: string
}

export interface CouponCodeTable {
  id: string
  program_id: string
  partner_id: string
  /** as created (the case shown to partners and buyers) */
  code: string
  /** kernel/codes.ts's codeKey (upper case): one code per program whatever the case */
  code_key: string
  status: 'active' | 'disabled'
  created_by: 'program' | 'partner'
  /** the Stripe promotion code created with it (`promo_…`), when the program has Stripe connected */
  stripe_promotion_code_id: string | null
  created_at: string
  disabled_at: string | null
}

export interface CommissionTable {
  id: string
  program_id: string
  partner_id: string
  sale_id: string | null
  /** set on a negative (clawback) row: the commission it takes back from */
  reverses_id: string | null
  amount_minor: number
  currency: string
  /**
   * The stored status. `in_payout` and `paid` are never stored: an approved commission inside a payout's
   * approval range shows them (ledger/queries.ts derives them), so a payout run rewrites no commission.
   */
  status: 'pending' | 'approved' | 'on_hold' | 'reversed' | 'fraud'
  /** English, for older clients: rendered from reason_data when it is written */
  reason: string
  /** JSON CommissionReason (the SDK's type); null on rows written before it was stored */
  reason_data: string | null
  kind: 'sale' | 'lead' | 'recurring' | 'override' | 'clawback' | 'bonus'
  rule_id: string | null
  /** the version of rule_id that priced it */
  rule_version: number | null
  tier: string | null
  /** an override's source: the recruited partner's commission */
  source_id: string | null
  customer_id: string | null
  /** when a pending commission's holding period ends */
  approve_at: string | null
  hold_reason: string | null
  /** JSON CommissionHoldReason; null when never held, or held before it was stored */
  hold_reason_data: string | null
  /** JSON FraudFlag[]: every fraud rule the commission tripped (flag or hold), kept whatever happens after; null for none */
  fraud_data: string | null
  /** the link the commission was earned through (its sale's or lead's click); null for overrides and bonuses */
  link_id: string | null
  /** a bonus's challenge (its target met, or a bounty submission approved); null for every other kind */
  challenge_id: string | null
  /**
   * When it last became approved, as a number from the ledger's approval sequence (one per transaction
   * that approves); null while never approved. A payout covers its partner's approved commissions in one
   * currency whose number is in (seq_from, seq_to].
   */
  approval_seq: number | null
  created_at: string
  updated_at: string
}

export interface PayoutRunTable {
  id: string
  program_id: string
  status: 'created' | 'paid'
  created_at: string
  paid_at: string | null
}

/** A payout day the server handled for a program's schedule: the run it started, or none (nobody to pay) */
export interface ScheduledPayoutDayTable {
  program_id: string
  /** YYYY-MM-DD, UTC */
  payout_day: string
  run_id: string | null
  created_at: string
}

export interface PayoutTable {
  id: string
  program_id: string
  run_id: string
  partner_id: string
  amount_minor: number
  currency: string
  status: 'pending' | 'processing' | 'paid' | 'failed'
  method: string | null
  destination: string | null
  provider: 'manual' | 'stripe_connect'
  provider_ref: string | null
  failure_reason: string | null
  /** The approval range it covers for its partner and currency: approval_seq in (seq_from, seq_to] */
  seq_from: number
  seq_to: number
  created_at: string
  paid_at: string | null
}

export interface StripeEventTable {
  program_id: string
  event_id: string
  type: string
  received_at: string
}

export interface WebhookEndpointTable {
  id: string
  program_id: string
  url: string
  /** signing secret (whsec_…), sealed (kernel/secrets.ts): not hashed, every delivery is signed with it */
  secret: string
  /** comma list of event types, or * */
  events: string
  disabled_at: string | null
  created_at: string
}

export interface WebhookDeliveryTable {
  id: string
  program_id: string
  endpoint_id: string
  event_id: string
  event_type: string
  payload: string
  /** sending: claimed by a deliverer until next_attempt_at (the lease); shown as pending */
  status: 'pending' | 'sending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_error: string | null
  created_at: string
  delivered_at: string | null
}

/** Daily rollup per partner, link, sub-id and referrer domain ('' for none; link_id '' for a sale without a link) */
export interface LinkDayTable {
  partner_id: string
  link_id: string
  /** `YYYY-MM-DD`, UTC */
  day: string
  sub_id: string
  ref_domain: string
  program_id: string
  clicks: number
  leads: number
  /** credited sales not refunded in full (a refund that completes takes its sale back out) */
  sales: number
  /** the earliest and latest click counted here (null: none, or counted before migration 0071 and no longer stored) */
  first_click_at: string | null
  last_click_at: string | null
}

/** The earliest and latest of a partner's clicks that the retention deleted (the raw clicks keep the rest) */
export interface PrunedClickSpanTable {
  partner_id: string
  program_id: string
  first_at: string
  last_at: string
}

/** Daily rollup of credited sales' money per partner, link and currency */
export interface LinkDaySalesTable {
  partner_id: string
  link_id: string
  day: string
  currency: string
  program_id: string
  /** every credited sale, refunded or not: `sales - refunded_sales` is the figure shown as Sales */
  sales: number
  amount_minor: number
  refunded_minor: number
  /** sales refunded in full */
  refunded_sales: number
}

/**
 * What commissions earned per partner, link ('' for none), UTC day of created_at and currency: the sum of
 * those whose stored status counts towards a balance (ledger/earning-days.ts keeps it in step).
 */
export interface LinkDayEarningsTable {
  partner_id: string
  link_id: string
  day: string
  currency: string
  program_id: string
  earned_minor: number
}

export interface RefundTable {
  id: string
  program_id: string
  sale_id: string
  external_id: string | null
  amount_minor: number
  created_at: string
}

export interface IdempotencyKeyTable {
  program_id: string
  key: string
  request_hash: string
  /** null while the first request is still running */
  status_code: number | null
  /** sealed (kernel/secrets.ts): a response can carry a secret shown once (a new key, a webhook secret) */
  response_body: string | null
  created_at: string
  /** the request holding the claim (random); null in claims made before leases */
  claim_id: string | null
  /** when the running request last renewed its claim; it is abandoned once this lapses (kernel/http/idempotency.ts) */
  renewed_at: string | null
}

export interface EmbedTokenTable {
  /** sha256 of the whole `et_…` token */
  token_hash: string
  program_id: string
  partner_id: string
  /** BCP 47 hint given when minted, echoed to the widget */
  locale: string | null
  /**
   * The secret key that minted it, itself or through a console token: the token works while the key is
   * not revoked. null: minted before keys were recorded (or by a console token that names none)
   */
  key_id: string | null
  /**
   * sha256 of the console token it was minted with (null: the secret key minted it itself, or before 0067):
   * the token works while that console token is not revoked, and expires no later than it
   */
  console_token_hash: string | null
  /** revoked through the API (or with a key, for a token that names none) */
  revoked_at: string | null
  expires_at: string
  created_at: string
}

export interface PartnerPayoutDetailsTable {
  partner_id: string
  program_id: string
  method: 'paypal' | 'wise' | 'bank' | 'stripe_connect'
  /** paypal, wise */
  email: string | null
  /** bank (IBAN or account number), stripe_connect (acct_…) */
  account_ref: string | null
  updated_at: string
}

export interface ConsoleTokenTable {
  /** sha256 of the whole `ct_…` token */
  token_hash: string
  program_id: string
  /** who the host says is using the console (an email or its own user id), for the record */
  manager: string
  /** The secret key that minted it: the token works while the key is not revoked. null: minted before keys were recorded */
  key_id: string | null
  /** revoked through the API (or with a key, for a token that names none) */
  revoked_at: string | null
  expires_at: string
  created_at: string
}

/** A program's public listing; `slug` is its public address, unique server-wide. */
export interface MarketplaceListingTable {
  program_id: string
  slug: string
  /** 0 or 1: shown in the marketplace */
  listed: number
  description: string | null
  /** the description as a search matches it (kernel/text-keys.ts searchKey) */
  description_key: string | null
  /** the program's name as a search matches it (kernel/text-keys.ts searchKey), set with the listing */
  name_key: string | null
  category: string | null
  logo_url: string | null
  website_url: string | null
  /** the program's own text; null: derived from its default and rules */
  commission_summary: string | null
  created_at: string
  updated_at: string
}

export interface ApplicationFormTable {
  program_id: string
  /** 0 or 1 */
  accepting: number
  /** JSON ApplicationQuestion[] */
  questions: string
  /** JSON AutoApproveRules */
  auto_approve: string
  updated_at: string
}

export interface ApplicationTable {
  id: string
  program_id: string
  email: string
  name: string | null
  external_id: string | null
  /** JSON ApplicationAnswers */
  answers: string
  status: 'pending' | 'approved' | 'rejected'
  rejection_reason: string | null
  partner_id: string | null
  /** the partner whose recruiting link the applicant came through; becomes the new partner's referrer */
  referred_by_id: string | null
  /** 0 or 1 */
  auto_approved: number
  created_at: string
  decided_at: string | null
}

export interface ResourceTable {
  id: string
  program_id: string
  /** null: program-wide */
  group_id: string | null
  kind: 'logo' | 'banner' | 'copy' | 'other' | 'terms' | 'brand_guidelines'
  title: string
  description: string | null
  url: string | null
  content: string | null
  version: number
  version_at: string
  created_at: string
  updated_at: string
  archived_at: string | null
}

export interface OnboardingChecklistTable {
  program_id: string
  /** 'program', or the group's id */
  scope: string
  /** JSON OnboardingStep[] */
  steps: string
  updated_at: string
}

export interface OnboardingProgressTable {
  program_id: string
  partner_id: string
  /** the event: accept_terms:<rsc>, read_resource:<rsc>, custom:<step>, add_payout_details, first_sale */
  step_key: string
  /** accept_terms: the terms version accepted */
  version: number | null
  completed_at: string
}

/** Addresses (hashed with the program) a partner used the portal from: the partner_address rule's facts. */
export interface PartnerAddressTable {
  partner_id: string
  address_hash: string
  program_id: string
  last_seen_at: string
}

/** A cap on commissions per period (budgets/); spend is summed from the commissions, never stored. */
export interface CommissionBudgetTable {
  id: string
  program_id: string
  name: string
  scope: 'program' | 'group' | 'challenge'
  /** the group or challenge; null for the program */
  scope_id: string | null
  period: 'month' | 'quarter' | 'year' | 'total'
  amount_minor: number
  currency: string
  over_cap: 'hold' | 'step_down'
  step_down_bps: number | null
  created_at: string
  updated_at: string
}

export interface Database {
  programs: ProgramTable
  api_keys: ApiKeyTable
  partners: PartnerTable
  links: LinkTable
  clicks: ClickTable
  customers: CustomerTable
  customer_clicks: CustomerClickTable
  partner_addresses: PartnerAddressTable
  sales: SaleTable
  coupon_codes: CouponCodeTable
  commissions: CommissionTable
  commission_budgets: CommissionBudgetTable
  refunds: RefundTable
  link_days: LinkDayTable
  link_day_sales: LinkDaySalesTable
  link_day_earnings: LinkDayEarningsTable
  pruned_click_spans: PrunedClickSpanTable
  idempotency_keys: IdempotencyKeyTable
  console_tokens: ConsoleTokenTable
  partner_groups: PartnerGroupTable
  commission_rules: CommissionRuleTable
  commission_rule_versions: CommissionRuleVersionTable
  payout_runs: PayoutRunTable
  scheduled_payout_days: ScheduledPayoutDayTable
  payouts: PayoutTable
  /** SQLite only: the ledger's approval sequence, one row (Postgres has the sequence commission_approval_seq) */
  commission_approval_seq: { value: number }
  stripe_events: StripeEventTable
  webhook_endpoints: WebhookEndpointTable
  webhook_deliveries: WebhookDeliveryTable
  embed_tokens: EmbedTokenTable
  partner_payout_details: PartnerPayoutDetailsTable
  resources: ResourceTable
  onboarding_checklists: OnboardingChecklistTable
  onboarding_progress: OnboardingProgressTable
  marketplace_listings: MarketplaceListingTable
  application_forms: ApplicationFormTable
  applications: ApplicationTable
  segments: SegmentTable
  message_threads: MessageThreadTable
  messages: MessageTable
  newsletters: NewsletterTable
  newsletter_recipients: NewsletterRecipientTable
  email_outbox: EmailOutboxTable
  email_optouts: EmailOptoutTable
  notices: NoticeTable
  notification_optouts: NotificationOptoutTable
  deals: DealTable
  challenges: ChallengeTable
  challenge_rewards: ChallengeRewardTable
  challenge_submissions: ChallengeSubmissionTable
  internal_events: InternalEventTable
  internal_event_reactions: InternalEventReactionTable
  auth_failures: AuthFailureTable
  audit_log: AuditLogTable
  partner_notes: PartnerNoteTable
  commission_decisions: CommissionDecisionTable
  claims: ClaimTable
  partner_invitations: PartnerInvitationTable
}

/** An invitation emailed to an imported partner: its link carries a random token, stored as a sha256 only. */
export interface PartnerInvitationTable {
  id: string
  program_id: string
  partner_id: string
  /** sha256 of the whole `inv_…` token */
  token_hash: string
  /** the address it was sent to */
  email: string
  /** the host's page the link opens (the token is appended as ?invitation=) */
  accept_url: string
  expires_at: string
  /** single use: set once, by the accept that claims it */
  accepted_at: string | null
  /** the host's user id it was accepted for */
  accepted_external_id: string | null
  /** the invitation email in the outbox: its delivery status */
  email_id: string | null
  created_at: string
}

/** Failed authentication of one credential kind from one client address: a token bucket (kernel/http/auth-throttle.ts). */
export interface AuthFailureTable {
  kind: 'secret' | 'publishable' | 'embed' | 'console' | 'admin'
  /** the client address's keyed hash (kernel/secrets.ts keyedHash), never the address */
  address: string
  /** guesses left; below 1 the address is refused until it refills */
  tokens: number
  /** when tokens was computed, ms since the epoch */
  at_ms: number
}

/** One per (program, partner). Messages are numbered 1, 2, … (seq); a side's read marker is the seq it read up to. */
export interface MessageThreadTable {
  id: string
  program_id: string
  partner_id: string
  /** the last message's seq */
  message_count: number
  last_message_id: string | null
  last_message_at: string | null
  partner_last_read_seq: number
  partner_last_read_at: string | null
  program_last_read_seq: number
  program_last_read_at: string | null
  created_at: string
}

export interface MessageTable {
  id: string
  program_id: string
  thread_id: string
  partner_id: string
  /** 1, 2, … within the thread: the order, and what read markers count against */
  seq: number
  sender: 'program' | 'partner'
  /** the manager who wrote it; null for the partner and for system notifications */
  sender_name: string | null
  kind: 'message' | 'notification'
  subject: string | null
  body: string
  created_at: string
}

export interface NewsletterTable {
  id: string
  program_id: string
  subject: string
  body: string
  format: 'text' | 'markdown'
  /** JSON NewsletterAudience: {"all":true} | {"segmentId":"seg_…"} | {"partnerIds":[…]} */
  audience: string
  status: 'draft' | 'sent'
  recipient_count: number
  created_by: string | null
  created_at: string
  sent_at: string | null
}

export interface NewsletterRecipientTable {
  id: string
  program_id: string
  newsletter_id: string
  partner_id: string
  email: string
  status: 'pending' | 'sent' | 'failed' | 'unsubscribed'
  error: string | null
  /** sha256 (hex) of the random `un_…` token its email's unsubscribe link carries (the token: `email_outbox.unsubscribe_token` until sent) */
  unsubscribe_token_hash: string
  /** when the partner marked the inbox read */
  read_at: string | null
  sent_at: string | null
  created_at: string
}

/** Emails waiting to leave (newsletters and notifications), sent by the mail loop (deliver-emails.ts) with retries. */
export interface EmailOutboxTable {
  id: string
  program_id: string
  /** null: to someone who is no partner (an applicant told of a rejection) */
  partner_id: string | null
  /** notice: rendered when sent, from the notice (and dropped if the partner turned its kind off meanwhile) */
  kind: 'newsletter' | 'notification' | 'notice'
  notice_id: string | null
  recipient_id: string | null
  to_address: string
  /**
   * notifications carry their content; a newsletter's is rendered when sent (from the newsletter and the
   * recipient's token). The bodies are cleared once the email is sent or given up (they can hold a secret:
   * an invitation's link).
   */
  subject: string | null
  text_body: string | null
  html_body: string | null
  /** JSON object of extra headers */
  headers: string | null
  /**
   * A newsletter email's unsubscribe token (its recipient keeps only the sha256), encrypted
   * (kernel/secrets.ts; plain text from before encryption until sealed), cleared with the bodies
   */
  unsubscribe_token: string | null
  status: 'pending' | 'sent' | 'failed' | 'cancelled'
  attempts: number
  next_attempt_at: string | null
  last_error: string | null
  sent_at: string | null
  created_at: string
}

/** Something the partner was told, in the portal (and by email when its kind is on). */
export interface NoticeTable {
  id: string
  program_id: string
  partner_id: string
  kind: NoticeKind
  title: string
  body: string
  created_at: string
  read_at: string | null
}

/** A kind of notice email the partner turned off (newsletters are in email_optouts). */
export interface NotificationOptoutTable {
  program_id: string
  partner_id: string
  kind: NoticeKind
  created_at: string
}

export interface EmailOptoutTable {
  program_id: string
  partner_id: string
  /** when the partner unsubscribed from newsletters */
  newsletters_at: string
}

/** A prospect a partner registered. Match keys are normalised when written (domain/deals.ts). */
export interface DealTable {
  id: string
  program_id: string
  partner_id: string
  company: string
  company_key: string
  company_domain: string | null
  /** the contact's email domain; null for mailbox providers */
  contact_domain: string | null
  contact_name: string
  contact_email: string
  estimated_value_minor: number | null
  currency: string | null
  notes: string | null
  status: 'pending' | 'approved' | 'rejected' | 'won' | 'lost'
  duplicate_of: string | null
  duplicate_field: 'company' | 'companyDomain' | 'contactEmail' | null
  /** rejected: why; lost: why, when given */
  reason: string | null
  sale_id: string | null
  invoice_id: string | null
  created_at: string
  updated_at: string
  decided_at: string | null
  closed_at: string | null
}

/** A goal in [starts_at, ends_at) with a bonus; progress is summed from sales and clicks when needed. */
export interface ChallengeTable {
  id: string
  program_id: string
  name: string
  description: string | null
  metric: 'sales' | 'revenue' | 'clicks' | 'bounty'
  /** a count, or minor units of `currency` for revenue */
  target: number
  currency: string | null
  starts_at: string
  ends_at: string
  segment_id: string | null
  reward_minor: number
  reward_currency: string
  created_at: string
  updated_at: string
  archived_at: string | null
  /** the maintenance loop's last pass after the end */
  settled_at: string | null
  /** bounties: approved submissions a partner may have (null on other kinds) */
  max_per_partner: number | null
  /** bounties: approved submissions in all; null: no cap */
  max_approved: number | null
}

/** A partner's proof for a bounty, reviewed by the program; an approved one names its bonus commission. */
export interface ChallengeSubmissionTable {
  id: string
  program_id: string
  challenge_id: string
  partner_id: string
  url: string | null
  text: string | null
  file_url: string | null
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn'
  reason: string | null
  commission_id: string | null
  created_at: string
  updated_at: string
  decided_at: string | null
}

/** One per (challenge, partner), unique: the reward is paid exactly once. */
export interface ChallengeRewardTable {
  id: string
  program_id: string
  challenge_id: string
  partner_id: string
  /** the bonus commission, set in the transaction that wins the row */
  commission_id: string | null
  progress: number
  met_at: string
}

/** An internal event (kernel/events.ts): written with the change it reports; its reactions run after the commit. */
export interface InternalEventTable {
  id: string
  program_id: string
  /** an EventType of kernel/events.ts */
  type: string
  /** JSON: the event's data */
  payload: string
  /** done: every reaction ran; failed: given up after the last attempt */
  status: 'pending' | 'done' | 'failed'
  /** failed runs */
  attempts: number
  /** when the loop may run it: after the writer's lease, or after a failed run's backoff */
  next_attempt_at: string | null
  last_error: string | null
  created_at: string
  done_at: string | null
}

/** One per (event, reaction) that ran, written in the reaction's own transaction: a rerun does nothing. */
export interface InternalEventReactionTable {
  event_id: string
  reaction: string
  done_at: string
}

/** Who changed what, when, before and after (audit/). Append-only: triggers refuse UPDATE and DELETE. */
export interface AuditLogTable {
  id: string
  program_id: string
  at: string
  actor_kind: 'secret_key' | 'publishable_key' | 'console' | 'admin' | 'system' | 'partner'
  /** the key's id, the console's manager, the partner's id; `system` for the server's own jobs */
  actor_id: string
  /** for people: the key's prefix, the manager as the host named them */
  actor_label: string | null
  action: string
  subject_type: string
  subject_id: string
  /** JSON of the fields that changed, as they were; null for a creation */
  before: string | null
  /** JSON of the fields that changed, as they became; null for a deletion */
  after: string | null
}

/** A manager's note on a partner; the program's only. Author as the audit log names actors. */
export interface PartnerNoteTable {
  id: string
  program_id: string
  partner_id: string
  body: string
  author_kind: AuditLogTable['actor_kind']
  author_id: string
  author_label: string | null
  created_at: string
}

/** The decision record a commission was created by (ledger/): written once, with the commission. */
export interface CommissionDecisionTable {
  commission_id: string
  program_id: string
  /** JSON CommissionDecision (the SDK's type; its `version` says the shape) */
  data: string
}

/** A partner's missing-commission claim (claims/). */
export interface ClaimTable {
  id: string
  program_id: string
  partner_id: string
  invoice_id: string
  occurred_at: string
  amount_minor: number | null
  currency: string | null
  /** trimmed and lower-cased, as the evidence compares it */
  customer_email: string | null
  note: string | null
  status: 'pending' | 'approved' | 'rejected'
  /** why it was rejected */
  reason: string | null
  commission_id: string | null
  created_at: string
  decided_at: string | null
}
