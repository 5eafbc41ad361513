// Which rule pays, and how much: pure functions of (rule set, sale, partner history).
import type { CommissionReason, CommissionReasonStepDown, CommissionRule, CommissionTier } from '@afflio/sdk/types'
import { addMonths } from '../kernel/days.ts'
import { applyRateBps } from '../kernel/money.ts'
import { reasonText } from './reason-text.ts'
import { extended } from '../kernel/extended.ts'

/** A commission rule (its version in force) as the API declares it; the program's own default has no id and no version. */
export type Rule = Omit<CommissionRule, 'id' | 'version'> & { id: string | null; version: number | null }

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
  return weighRules(rules, m).rule
}

/** Why a rule did or did not price a sale (the SDK's DecisionRules outcomes). */
export type RuleOutcome = 'applied' | 'other_partner' | 'other_group' | 'other_product' | 'less_specific' | 'older'

/** `selectRule`'s choice and, for each rule of the event, why it won or lost (a commission's decision record keeps them). */
export function weighRules(rules: readonly Rule[], m: Match): { rule: Rule | null; weighed: Array<{ rule: Rule; outcome: RuleOutcome }> } {
  let best: Rule | null = null
  let bestScore = -1
  const scored: Array<{ rule: Rule; score: number; outcome: RuleOutcome | null }> = []
  for (const r of rules) {
    if (r.event !== m.event) continue
    const miss: RuleOutcome | null =
      r.partnerId !== null && r.partnerId !== m.partnerId ? 'other_partner' : r.groupId !== null && r.groupId !== m.groupId ? 'other_group' : r.productId !== null && r.productId !== m.productId ? 'other_product' : null
    const score = (r.partnerId ? 4 : 0) + (r.groupId ? 2 : 0) + (r.productId ? 1 : 0)
    scored.push({ rule: r, score, outcome: miss })
    if (miss) continue
    if (score > bestScore || (score === bestScore && best !== null && r.createdAt > best.createdAt)) {
      best = r
      bestScore = score
    }
  }
  const weighed = scored.map(({ rule, score, outcome }) => ({ rule, outcome: outcome ?? (rule === best ? 'applied' : score < bestScore ? 'less_specific' : 'older') }))
  return { rule: best, weighed }
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

/**
 * The payments of a subscription before `payment` (given oldest first, as subscriptionPayments reads them):
 * those that occurred earlier, and of those at the same instant the ones with a smaller id. Webhooks arrive
 * out of order, so a payment is numbered by date, not by arrival: its number is their count + 1, and the
 * first of them is the subscription's first payment.
 */
function paymentsBefore<P extends { id: string; occurred_at: string }>(payments: readonly P[], payment: { id: string; occurredAt: string }): P[] {
  return payments.filter((p) => p.occurred_at < payment.occurredAt || (p.occurred_at === payment.occurredAt && p.id < payment.id))
}

/**
 * A payment's place in its subscription (`payments`: the others, oldest first): the subscription's first
 * payment (its attribution), its number and the first paid payment's date (the recurring limits), and how
 * many recorded later payments it moves up one. A payment of 0 (a trial, a fully discounted month) is no
 * payment for the limits, as the Stripe path records no sale for a zero invoice: it takes no number (it
 * shares the next paid payment's) and moves none, so a free month uses up none of a partner's paid renewals.
 */
export function paymentPlace<P extends { id: string; occurred_at: string; amount_minor: number }>(
  payments: readonly P[],
  payment: { id: string; occurredAt: string; amountMinor: number },
): { first: P | null; paymentNumber: number; firstPaidAt: string; movesUp: number } {
  const earlier = paymentsBefore(payments, payment)
  const paid = earlier.filter((p) => Number(p.amount_minor) > 0)
  const firstPaidAt = paid[0]?.occurred_at ?? payment.occurredAt
  return { first: earlier[0] ?? null, paymentNumber: paid.length + 1, firstPaidAt, movesUp: payment.amountMinor > 0 ? payments.length - earlier.length : 0 }
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
    case 'months':
      // Calendar months from the first payment; one started on the 31st ends on a shorter month's last day.
      return Date.parse(p.occurredAt) < addMonths(new Date(p.firstPaymentAt), rule.recurringLimit ?? 0).getTime()
  }
}

/**
 * The rule that prices a credited sale or lead: the most specific matching rule (`selected`, from
 * selectRule or weighRules), else (a sale) the
 * program's default; none when the rule's recurring setting stops paying this payment. The ledger
 * (credit-commission.ts) and the backtest (backtest.ts) both price through it.
 */
export function pricingRule(selected: Rule | null, fallback: Rule | null, event: Match['event'], p: PaymentFacts): Rule | null {
  const rule = selected ?? (event === 'sale' ? fallback : null)
  return rule && recurringAllows(rule, p) ? rule : null
}

export interface SaleFacts {
  amountMinor: number
  currency: string
}

export interface CommissionQuote {
  amountMinor: number
  currency: string
  /** Why, as data: the rule, the rate or amount, the tier and where the partner stood */
  reasonData: CommissionReason
  /** The same in English (`reasonText`), for the `reason` column */
  reason: string
  tier: string | null
}

/**
 * The commission a sale (or lead) earns under a rule, given the partner's tier metric before it.
 * A percentage is paid in the sale's currency; a flat amount in the rule's (else the program's).
 * Never negative, never more than a same-currency sale, nothing for a sale of nothing in any currency.
 */
export function quoteCommission(rule: Rule, sale: SaleFacts, metric: number, programCurrency: string, pinnedTier: string | null = null): CommissionQuote {
  const tier = tierInForce(rule.tiers, metric, pinnedTier)
  const value = tier ? tier.value : rule.value
  const pinned = tier !== null && tier.name === pinnedTier && tier !== tierFor(rule.tiers, metric)
  const why = {
    rule: { id: rule.id, name: rule.name, ...(rule.version !== null && { version: rule.version }) },
    tier: tier && rule.tierMetric ? { name: tier.name, metric: rule.tierMetric, value: metric, from: tier.from, currency: rule.tierMetric === 'revenue' ? programCurrency : null, pinned } : null,
  }
  let quote: Omit<CommissionQuote, 'reason'>
  if (rule.type === 'percent') {
    const amountMinor = Math.max(0, Math.min(applyRateBps(sale.amountMinor, value), sale.amountMinor))
    quote = { amountMinor, currency: sale.currency, reasonData: { kind: 'rule', basis: 'percent', ...why, rateBps: value, saleAmountMinor: sale.amountMinor, currency: sale.currency }, tier: tier?.name ?? null }
  } else {
    const currency = rule.currency ?? programCurrency
    // Amounts in two currencies do not compare, but zero is zero in each: a trial's or fully discounted invoice earns no flat amount
    const cap = rule.event === 'sale' && (sale.currency === currency || sale.amountMinor === 0) ? sale.amountMinor : Infinity
    const amountMinor = Math.max(0, Math.min(value, cap))
    quote = { amountMinor, currency, reasonData: { kind: 'rule', basis: 'flat', ...why, event: rule.event, amountMinor: value, currency, capped: cap < value }, tier: tier?.name ?? null }
  }
  return extended(quote, { reason: reasonText(quote.reasonData) })
}

/**
 * A quote past a budget's cap, at the budget's step-down rate (docs/budgets.md): the amount it pays, and
 * its reason saying what it would have been.
 */
export function stepDownQuote(quote: CommissionQuote, step: Omit<CommissionReasonStepDown, 'fullAmountMinor'>): CommissionQuote {
  const reasonData = { ...quote.reasonData, stepDown: { ...step, fullAmountMinor: quote.amountMinor } } as CommissionReason
  return { ...quote, amountMinor: applyRateBps(quote.amountMinor, step.stepDownBps), reasonData, reason: reasonText(reasonData) }
}

/** A recruiter's override on a recruited partner's commission (two-tier). */
export function overrideAmount(commissionMinor: number, rateBps: number): number {
  return applyRateBps(commissionMinor, rateBps)
}
