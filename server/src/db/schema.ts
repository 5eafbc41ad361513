// The Database interface: every table's columns, in one place.
// Timestamps are ISO 8601 UTC strings (they sort and compare as text on SQLite and Postgres alike).
// Money is an integer `*_minor` column beside a `currency`.


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
  payout_provider: 'manual' | 'stripe_connect'
  stripe_webhook_secret: string | null
  stripe_api_key: string | null
  created_at: string
}

export interface PartnerGroupTable {
  id: string
  program_id: string
  name: string
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
  external_id: string | null
  status: 'active' | 'pending' | 'suspended'
  group_id: string | null
  /** the partner who recruited this one (two-tier) */
  referred_by_id: string | null
  created_at: string
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
  archived_at: string | null
  created_at: string
}

export interface LinkTable {
  id: string
  program_id: string
  partner_id: string
  code: string
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
  /** sha256 of ip + user agent + program: dedupes reloads without keeping the address */
  visitor_hash: string
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
  occurred_at: string
  created_at: string
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
  status: 'pending' | 'approved' | 'paid' | 'reversed' | 'on_hold' | 'fraud'
  reason: string
  kind: 'sale' | 'lead' | 'recurring' | 'override' | 'clawback' | 'bonus'
  rule_id: string | null
  tier: string | null
  /** an override's source: the recruited partner's commission */
  source_id: string | null
  customer_id: string | null
  /** when a pending commission's holding period ends */
  approve_at: string | null
  hold_reason: string | null
  payout_id: string | null
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
  /** signing secret (whsec_…): kept readable, the signature needs it */
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
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_error: string | null
  created_at: string
  delivered_at: string | null
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
  response_body: string | null
  created_at: string
}

export interface EmbedTokenTable {
  /** sha256 of the whole `et_…` token */
  token_hash: string
  program_id: string
  partner_id: string
  /** BCP 47 hint given when minted, echoed to the widget */
  locale: string | null
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
  expires_at: string
  created_at: string
}

export interface Database {
  programs: ProgramTable
  api_keys: ApiKeyTable
  partners: PartnerTable
  links: LinkTable
  clicks: ClickTable
  customers: CustomerTable
  customer_clicks: CustomerClickTable
  sales: SaleTable
  commissions: CommissionTable
  refunds: RefundTable
  idempotency_keys: IdempotencyKeyTable
  console_tokens: ConsoleTokenTable
  partner_groups: PartnerGroupTable
  commission_rules: CommissionRuleTable
  payout_runs: PayoutRunTable
  payouts: PayoutTable
  stripe_events: StripeEventTable
  webhook_endpoints: WebhookEndpointTable
  webhook_deliveries: WebhookDeliveryTable
  embed_tokens: EmbedTokenTable
  partner_payout_details: PartnerPayoutDetailsTable
}

