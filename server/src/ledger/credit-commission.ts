// Turns a credited sale or lead into commission rows: finds the rule, the tier metric and the fraud verdict,
// then commission-rows.ts builds the rows (holding period, the recruiter's override). Runs inside the
// caller's transaction.
import type { Tx } from '../kernel/db/connect.ts'
import type { ClickTable } from '../kernel/db/schema.ts'
import { type CommissionQuote, pricingRule, quoteCommission, type Rule, type RuleOutcome, weighRules } from './rules.ts'
import { judgeCommission } from '../fraud/index.ts'
import { type CommissionRow, earnedRows } from './commission-rows.ts'
import { toCommission } from './conversions.ts'
import { emitEvent } from '../webhooks/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { activeRules, defaultRule } from './rule-queries.ts'
import { tierMetric } from './tier-metric.ts'
import { insertCommissions } from './commission-queries.ts'
import { lockPartnerForPricing, recruiterOf } from './partner-queries.ts'
import type { DecisionAttribution } from '@afflio/sdk/types'
import { decisionRecord } from './decision.ts'
import { type BuildRows, capByBudgets } from './budget-cap.ts'

export interface Creditable {
  event: 'sale' | 'lead'
  partnerId: string
  saleId: string | null
  /** The click credited with it (the fraud rules judge it); null without one */
  clickId: string | null
  /** A click's row the caller read already (a sale's named click): the fraud rules read it again unless it is `clickId`'s */
  clickRow?: Pick<ClickTable, 'id' | 'created_at' | 'address_hash' | 'fraud_data'> | null
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
  /** How the partner was chosen, for the decision record; absent: through `clickId` (a lead's customer) */
  attribution?: DecisionAttribution
}

/** `locked`: the partner as the caller locked it already (priceCommission). */
export async function creditCommission(tx: Tx, program: ProgramRow, c: Creditable, now: Date, locked?: Priced['partner']): Promise<CommissionRow[]> {
  const priced = await priceCommission(tx, program, c, locked)
  return priced ? writeCommission(tx, program, c, priced, now) : []
}

/** A partner's commission on a credit, priced and not yet written: the partner (locked), the rule and its quote. */
export interface Priced {
  partner: Awaited<ReturnType<typeof lockPartnerForPricing>>
  rule: Rule
  /** Every active rule and why it applied or not, for the decision record */
  weighed: Array<{ rule: Rule; outcome: RuleOutcome }>
  /** The tier metric the quote used; null for a rule without tiers */
  metric: number | null
  quote: CommissionQuote
}

/**
 * Prices the partner's commission under its rule and tier; null when it earns nothing (suspended, no rule,
 * past the recurring limit). `locked`: the partner as the caller locked it already (a claim's: credit-claim.ts).
 */
export async function priceCommission(tx: Tx, program: ProgramRow, c: Creditable, locked?: Priced['partner']): Promise<Priced | null> {
  // The partner's row lock serialises everything that reads its standing and then writes from it (tier
  // pricing), per partner, until commit.
  const partner = locked ?? (await lockPartnerForPricing(tx, c.partnerId))
  if (partner.status === 'suspended') return null
  const rules = await activeRules(tx, program.id, c.event)
  const match = { event: c.event, partnerId: partner.id, groupId: partner.group_id, productId: c.productId }
  // weighRules chooses and says why (for the record); pricingRule adds the default and the recurring limit,
  // as for the backtest.
  const weighed = weighRules(rules, match)
  const rule = pricingRule(weighed.rule, defaultRule(program), c.event, c)
  if (!rule) return null
  const metric = rule.tiers.length ? await tierMetric(tx, partner.id, rule, program.currency, c.occurredAt, c.saleId) : 0
  return { partner, rule, weighed: weighed.weighed, metric: rule.tiers.length ? metric : null, quote: quoteCommission(rule, c, metric, program.currency, partner.tier_override) }
}

/** Writes a priced commission's rows (with the recruiter's override, within the budgets), its decision record and their webhooks. */
export async function writeCommission(tx: Tx, program: ProgramRow, c: Creditable, { partner, rule, weighed, metric, quote }: Priced, now: Date): Promise<CommissionRow[]> {
  const fraud = await judgeCommission(tx, program, { partner, ...c })
  // A budget's hold applies only when no fraud rule holds it already (budget-cap.ts)
  const build: BuildRows = (q, budgetHold) => earnedRows({
    program: { id: program.id, holdingDays: Number(program.holding_days), secondTierRateBps: Number(program.second_tier_rate_bps) },
    partner: { id: partner.id, recruiter: recruiterOf(partner) },
    credit: c,
    rule: { id: rule.id, version: rule.version },
    quote: q,
    fraud: budgetHold && !fraud.hold ? { ...fraud, hold: budgetHold } : fraud,
    now,
  })
  const rows = await capByBudgets(tx, program.id, partner.group_id, quote, build, now)
  if (rows.length === 0) return []
  // The record keeps the amount as written: a budget's step-down changes the quote's reason.
  const written = { tier: quote.tier, reasonData: rows[0]!.reason_data ? (JSON.parse(rows[0]!.reason_data) as CommissionQuote['reasonData']) : quote.reasonData }
  const decision = decisionRecord({ program, credit: c, rules: { weighed, applied: rule }, metric, quote: written, fraud, holding: rows[0]!, now })
  await insertCommissions(tx, rows, decision)
  for (const row of rows) await emitEvent(tx, program.id, 'commission.created', toCommission(row), now)
  return rows
}
