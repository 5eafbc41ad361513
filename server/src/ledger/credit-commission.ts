// Turns a credited sale or lead into commission rows: finds the rule, the tier metric and the fraud verdict,
// then commission-rows.ts builds the rows (holding period, the recruiter's override). Runs inside the
// caller's transaction.
import type { Tx } from '../kernel/db/connect.ts'
import { pricingRule, quoteCommission } from './rules.ts'
import { judgeCommission } from '../fraud/index.ts'
import { type CommissionRow, earnedRows } from './commission-rows.ts'
import { toCommission } from './conversions.ts'
import { emitEvent } from '../webhooks/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { activeRules, defaultRule } from './rule-queries.ts'
import { tierMetric } from './tier-metric.ts'
import { insertCommissions } from './commission-queries.ts'
import { lockPartnerForPricing } from './partner-queries.ts'
import { type BuildRows, capByBudgets } from './budget-cap.ts'

export interface Creditable {
  event: 'sale' | 'lead'
  partnerId: string
  saleId: string | null
  /** The click credited with it (the fraud rules judge it); null without one */
  clickId: string | null
  /** The link of that click (of the first payment's click, for a renewal); null without one */
  linkId: string | null
  customerId: string | null
  customerEmail: string | null
  amountMinor: number
  currency: string
  productId: string | null
  paymentNumber: number
  firstPaymentAt: string
  occurredAt: string
}

export async function creditCommission(tx: Tx, program: ProgramRow, c: Creditable, now: Date): Promise<CommissionRow[]> {
  // The partner's row lock serialises everything that reads its standing and then writes from it (tier
  // pricing), per partner, until commit.
  const partner = await lockPartnerForPricing(tx, c.partnerId)
  if (partner.status === 'suspended') return []
  const rules = await activeRules(tx, program.id, c.event)
  const rule = pricingRule(rules, defaultRule(program), { event: c.event, partnerId: partner.id, groupId: partner.group_id, productId: c.productId }, c)
  if (!rule) return []
  const metric = rule.tiers.length ? await tierMetric(tx, partner.id, rule, c.occurredAt, c.saleId) : 0
  const quote = quoteCommission(rule, c, metric, program.currency, partner.tier_override)
  const fraud = await judgeCommission(tx, program, { partner, ...c })
  // A budget's hold applies only when no fraud rule holds it already (budget-cap.ts)
  const build: BuildRows = (q, budgetHold) => earnedRows({
    program: { id: program.id, holdingDays: Number(program.holding_days), secondTierRateBps: Number(program.second_tier_rate_bps) },
    partner: { id: partner.id, referredById: partner.referred_by_id },
    credit: c,
    rule: { id: rule.id, version: rule.version },
    quote: q,
    fraud: budgetHold && !fraud.hold ? { ...fraud, hold: budgetHold } : fraud,
    now,
  })
  const rows = await capByBudgets(tx, program.id, partner.group_id, quote, build, now)
  if (rows.length === 0) return []
  await insertCommissions(tx, rows)
  for (const row of rows) await emitEvent(tx, program.id, 'commission.created', toCommission(row), now)
  return rows
}
