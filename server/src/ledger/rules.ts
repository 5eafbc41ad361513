// Which rule pays, and how much: pure functions of (rule set, sale, partner history).
import type { CommissionRule, CommissionTier } from '@afflio/sdk/types'
import { applyRateBps } from '../kernel/money.ts'

/** A commission rule as the API declares it; the program's own default has no id. */
export type Rule = Omit<CommissionRule, 'id'> & { id: string | null }

export interface Match {
  event: 'sale' | 'lead'
  partnerId: string
  groupId: string | null
  productId: string | null
}

/**
 * The most specific rule that applies: one narrowed to the partner beats one for its group, which beats
 * a program-wide one; at equal scope a product rule beats an any-product rule; then the newest wins.
 */
export function selectRule(rules: readonly Rule[], m: Match): Rule | null {
  let best: Rule | null = null
  let bestScore = -1
  for (const r of rules) {
    if (r.event !== m.event) continue
    if (r.partnerId !== null && r.partnerId !== m.partnerId) continue
    if (r.groupId !== null && r.groupId !== m.groupId) continue
    if (r.productId !== null && r.productId !== m.productId) continue
    const score = (r.partnerId ? 4 : 0) + (r.groupId ? 2 : 0) + (r.productId ? 1 : 0)
    if (score > bestScore || (score === bestScore && best !== null && r.createdAt > best.createdAt)) {
      best = r
      bestScore = score
    }
  }
  return best
}

/** The tier in force for a metric value: the highest whose threshold is reached, or null for the base rate. */
export function tierFor(tiers: readonly CommissionTier[], metric: number): CommissionTier | null {
  let current: CommissionTier | null = null
  for (const t of tiers) if (metric >= t.from && (!current || t.from > current.from)) current = t
  return current
}

/** The tier in force: the one the program pinned the partner at (bulk set_tier) when the rule has it, else by the metric. */
export function tierInForce(tiers: readonly CommissionTier[], metric: number, pinned: string | null = null): CommissionTier | null {
  return (pinned !== null && tiers.find((t) => t.name === pinned)) || tierFor(tiers, metric)
}

/**
 * The next tier up, for "progress to the next tier": the lowest tier above both the metric and the tier
 * in force (a partner pinned at Gold is working towards the tier above Gold, not towards Gold).
 */
export function nextTier(tiers: readonly CommissionTier[], metric: number, inForce: CommissionTier | null = tierFor(tiers, metric)): CommissionTier | null {
  let next: CommissionTier | null = null
  for (const t of tiers) if (metric < t.from && (!inForce || t.from > inForce.from) && (!next || t.from < next.from)) next = t
  return next
}

/** Start of the tier period containing `at` (UTC), or null for lifetime. */
export function periodStart(period: Rule['tierPeriod'], at: string): string | null {
  if (!period || period === 'lifetime') return null
  const d = new Date(at)
  const y = d.getUTCFullYear()
  const m = period === 'month' ? d.getUTCMonth() : period === 'quarter' ? d.getUTCMonth() - (d.getUTCMonth() % 3) : 0
  return new Date(Date.UTC(y, m, 1)).toISOString()
}

export interface PaymentFacts {
  /** 1 for a one-off sale or a subscription's first payment */
  paymentNumber: number
  firstPaymentAt: string
  occurredAt: string
}

/** Whether a subscription payment still earns under the rule's recurring setting. */
export function recurringAllows(rule: Pick<Rule, 'recurring' | 'recurringLimit'>, p: PaymentFacts): boolean {
  if (p.paymentNumber <= 1) return true
  switch (rule.recurring) {
    case 'none':
      return false
    case 'forever':
      return true
    case 'payments':
      return p.paymentNumber <= (rule.recurringLimit ?? 0)
    case 'months': {
      const end = new Date(p.firstPaymentAt)
      end.setUTCMonth(end.getUTCMonth() + (rule.recurringLimit ?? 0))
      return Date.parse(p.occurredAt) < end.getTime()
    }
  }
}

export interface SaleFacts {
  amountMinor: number
  currency: string
}

export interface CommissionQuote {
  amountMinor: number
  currency: string
  reason: string
  tier: string | null
}

const METRIC_LABEL = { paid_customers: 'paid customers', sales: 'sales', revenue: 'revenue (minor units)' } as const

/**
 * The commission a sale (or lead) earns under a rule, given the partner's tier metric before it.
 * A percentage is paid in the sale's currency; a flat amount in the rule's (else the program's).
 * Never negative, never more than a same-currency sale.
 */
export function quoteCommission(rule: Rule, sale: SaleFacts, metric: number, programCurrency: string, pinnedTier: string | null = null): CommissionQuote {
  const tier = tierInForce(rule.tiers, metric, pinnedTier)
  const value = tier ? tier.value : rule.value
  const pinned = tier !== null && tier.name === pinnedTier && tier !== tierFor(rule.tiers, metric)
  const tierNote = tier && rule.tierMetric ? (pinned ? ` (tier ${tier.name}: set by the program)` : ` (tier ${tier.name}: ${metric} ${METRIC_LABEL[rule.tierMetric]} ≥ ${tier.from})`) : ''
  if (rule.type === 'percent') {
    const amountMinor = Math.max(0, Math.min(applyRateBps(sale.amountMinor, value), sale.amountMinor))
    return { amountMinor, currency: sale.currency, reason: `${rule.name}: ${value / 100}% of sale${tierNote}`, tier: tier?.name ?? null }
  }
  const currency = rule.currency ?? programCurrency
  const cap = sale.currency === currency && rule.event === 'sale' ? sale.amountMinor : Infinity
  return { amountMinor: Math.max(0, Math.min(value, cap)), currency, reason: `${rule.name}: flat ${value} ${currency} minor units${tierNote}`, tier: tier?.name ?? null }
}

/** A recruiter's override on a recruited partner's commission (two-tier). */
export function overrideAmount(commissionMinor: number, rateBps: number): number {
  return applyRateBps(commissionMinor, rateBps)
}
