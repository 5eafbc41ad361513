// Turns a credited sale or lead into commission rows: rule, tier, recurring limit, fraud hold,
// holding period, and the recruiter's override. Runs inside the caller's transaction.
import type { Selectable } from 'kysely'
import { isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { CommissionTable } from '../kernel/db/schema.ts'
import { overrideAmount, quoteCommission, recurringAllows, selectRule } from './rules.ts'
import { selfReferralReason } from './fraud.ts'
import { newId } from '../kernel/ids.ts'
import { toCommission } from './conversions.ts'
import { emitEvent } from '../webhooks/events.ts'
import type { ProgramRow } from '../programs/queries.ts'
import { activeRules, defaultRule } from './rule-queries.ts'
import { tierMetric } from './tier-metric.ts'

type CommissionRow = Selectable<CommissionTable>

export interface Creditable {
  event: 'sale' | 'lead'
  partnerId: string
  saleId: string | null
  customerId: string | null
  customerEmail: string | null
  amountMinor: number
  currency: string
  productId: string | null
  paymentNumber: number
  firstPaymentAt: string
  occurredAt: string
}

const DAY_MS = 86_400_000

export async function creditCommission(tx: Tx, program: ProgramRow, c: Creditable, now: Date): Promise<CommissionRow[]> {
  // The partner's row lock serialises everything that reads its standing and then writes from it (tier
  // pricing), per partner, until commit. NO KEY: inserts that reference the partner (its sales, taking
  // KEY SHARE) are not blocked, so two sales cannot deadlock. SQLite has one writer at a time already.
  const partner = await tx
    .selectFrom('partners')
    .select(['id', 'email', 'group_id', 'referred_by_id', 'status', 'tier_override'])
    .where('id', '=', c.partnerId)
    .$if(isPostgres(tx), (q) => q.forNoKeyUpdate())
    .executeTakeFirstOrThrow()
  if (partner.status === 'suspended') return []
  const rules = await activeRules(tx, program.id, c.event)
  const rule = selectRule(rules, { event: c.event, partnerId: partner.id, groupId: partner.group_id, productId: c.productId }) ?? (c.event === 'sale' ? defaultRule(program) : null)
  if (!rule || !recurringAllows(rule, c)) return []
  const metric = rule.tiers.length ? await tierMetric(tx, partner.id, rule, c.occurredAt, c.saleId) : 0
  const quote = quoteCommission(rule, c, metric, program.currency, partner.tier_override)
  if (quote.amountMinor <= 0) return []

  const at = now.toISOString()
  const holdReason = selfReferralReason(partner.email, c.customerEmail)
  const holding = Number(program.holding_days)
  const base = {
    program_id: program.id,
    sale_id: c.saleId,
    customer_id: c.customerId,
    reverses_id: null,
    currency: quote.currency,
    status: holdReason ? ('on_hold' as const) : holding > 0 ? ('pending' as const) : ('approved' as const),
    approve_at: new Date(now.getTime() + holding * DAY_MS).toISOString(),
    hold_reason: holdReason ? `self-referral suspected: ${holdReason}` : null,
    payout_id: null,
    created_at: at,
    updated_at: at,
  }
  const own: CommissionRow = {
    ...base,
    id: newId('com', now.getTime()),
    partner_id: partner.id,
    amount_minor: quote.amountMinor,
    reason: quote.reason,
    kind: c.event === 'lead' ? 'lead' : c.paymentNumber > 1 ? 'recurring' : 'sale',
    rule_id: rule.id,
    tier: quote.tier,
    source_id: null,
  }
  const rows = [own]
  const rate = Number(program.second_tier_rate_bps)
  const amount = overrideAmount(own.amount_minor, rate)
  if (partner.referred_by_id && rate > 0 && amount > 0) {
    rows.push({
      ...base,
      id: newId('com', now.getTime()),
      partner_id: partner.referred_by_id,
      amount_minor: amount,
      reason: `second tier: ${rate / 100}% of ${own.amount_minor} earned by recruited partner ${partner.id}`,
      kind: 'override',
      rule_id: null,
      tier: null,
      source_id: own.id,
    })
  }
  await tx.insertInto('commissions').values(rows).execute()
  for (const row of rows) await emitEvent(tx, program.id, 'commission.created', toCommission(row), now)
  return rows
}
