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
  status: 'pending' | 'approved' | 'paid' | 'reversed'
  reason: string
  created_at: string
  updated_at: string
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
}

