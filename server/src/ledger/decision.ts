// A commission's decision record (the SDK's CommissionDecision, version 1): what each pure decision
// returned alongside its answer (attribution's weighed clicks, the rules weighed, the tier metric, the
// quote, the fraud verdict, the holding period), put together once. Pure; credit-commission.ts stores it
// with the commission, and an explanation reads it back (explanation.ts) with what happened since.
import type { CommissionDecision, CommissionHoldReason, CommissionReason, DecisionAttribution, DecisionBonus, FraudFlag } from '@afflio/sdk/types'
import type { CommissionQuote, Rule, RuleOutcome } from './rules.ts'

export interface DecisionParts {
  program: { attribution_model: DecisionAttribution['model']; attribution_window_days: number; holding_days: number; currency: string }
  /** The credit (credit-commission.ts's Creditable): the event, the sale, how the partner was chosen */
  credit: {
    event: 'sale' | 'lead'
    saleId: string | null
    clickId: string | null
    customerId: string | null
    amountMinor: number
    currency: string
    occurredAt: string
    paymentNumber: number
    /** absent: credited through `clickId` without weighing clicks here (a lead, through its customer's click) */
    attribution?: DecisionAttribution | undefined
  }
  /** The rules weighed (weighRules) and the one that priced it (the program's default has no id); null: no rule did */
  rules: { weighed: ReadonlyArray<{ rule: Rule; outcome: RuleOutcome }>; applied: Rule } | null
  /** The tier metric's value before this sale; null when the rule has no tiers */
  metric: number | null
  quote: Pick<CommissionQuote, 'reasonData' | 'tier'>
  fraud: { hold: FraudFlag | null; flags: FraudFlag[] }
  /** The first row as holds.ts started it: pending, approved or on_hold */
  holding: { status: string; approve_at: string | null; hold_reason_data?: string | null }
  now: Date
}

/** At most this many clicks are kept in a record: a customer may have clicked for years. */
const KEPT_CLICKS = 50

/** The click that claimed the sale (credited, shared, or lost to a code) and the latest others, oldest first, up to KEPT_CLICKS; the count left out. */
function keptClicks(a: DecisionAttribution): DecisionAttribution {
  if (a.clicks.length <= KEPT_CLICKS) return a
  const claimed = a.clicks.filter((c) => c.outcome !== 'not_chosen' && c.outcome !== 'outside_window')
  const latest = a.clicks.filter((c) => !claimed.includes(c)).slice(-(KEPT_CLICKS - claimed.length))
  const clicks = a.clicks.filter((c) => claimed.includes(c) || latest.includes(c))
  return { ...a, clicks, clicksLeftOut: a.clicks.length - clicks.length }
}

export function decisionRecord(p: DecisionParts): CommissionDecision {
  const { credit: c, program } = p
  const rule = p.rules?.applied
  const reason = p.quote.reasonData
  const settings = { model: program.attribution_model, windowDays: Number(program.attribution_window_days) }
  return {
    version: 1,
    decidedAt: p.now.toISOString(),
    event: c.event,
    sale: c.saleId ? { id: c.saleId, amountMinor: c.amountMinor, currency: c.currency, occurredAt: c.occurredAt, paymentNumber: c.paymentNumber } : null,
    attribution: c.attribution ? keptClicks(c.attribution) : namedAttribution(c.event === 'lead' ? 'lead' : 'program', settings, c.clickId, c.customerId ? { id: c.customerId, externalId: null } : null),
    rules: p.rules && rule
      ? {
          considered: p.rules.weighed.map(({ rule: r, outcome }) => ({ id: r.id!, name: r.name, version: r.version ?? 1, outcome })),
          applied: { id: rule.id, name: rule.name, version: rule.version },
        }
      : null,
    tier:
      rule?.tierMetric && p.metric !== null
        ? { metric: rule.tierMetric, period: rule.tierPeriod ?? 'lifetime', value: p.metric, currency: rule.tierMetric === 'revenue' ? program.currency : null, name: p.quote.tier, pinned: reason.kind === 'rule' && reason.tier !== null && reason.tier.pinned }
        : null,
    fraud: { hold: p.fraud.hold, flags: p.fraud.flags },
    holding: holdingPart(p.holding, program, p.now),
    amount: reason,
  }
}

/** The holding period as the row started it, and a budget's hold (budgets/) beside it, as the fraud verdict is. */
function holdingPart(h: DecisionParts['holding'], program: DecisionParts['program'], now: Date): CommissionDecision['holding'] {
  const held = h.hold_reason_data ? (JSON.parse(h.hold_reason_data) as CommissionHoldReason) : null
  return {
    status: h.status as CommissionDecision['holding']['status'],
    approveAt: h.approve_at ?? now.toISOString(),
    holdingDays: Number(program.holding_days),
    ...(held?.kind === 'budget' && { budget: held }),
  }
}

/**
 * A bonus's record: what earned it, and the row as written (a budget's hold in its holding, a step-down in
 * its reason). The program named the partner; no rule priced it and no fraud rule judged it.
 */
export function bonusDecision(p: { program: DecisionParts['program']; bonus: DecisionBonus; row: DecisionParts['holding'] & { reason_data: string | null }; now: Date }): CommissionDecision {
  const settings = { model: p.program.attribution_model, windowDays: Number(p.program.attribution_window_days) }
  return {
    version: 1,
    decidedAt: p.now.toISOString(),
    event: 'bonus',
    bonus: p.bonus,
    sale: null,
    attribution: namedAttribution('program', settings, null, null),
    rules: null,
    tier: null,
    fraud: { hold: null, flags: [] },
    holding: holdingPart(p.row, p.program, p.now),
    amount: JSON.parse(p.row.reason_data!) as CommissionReason,
  }
}

/** The attribution part for a partner chosen without weighing clicks here: a lead (its customer's click), the program (a deal, a claim). */
export function namedAttribution(by: DecisionAttribution['by'], settings: { model: DecisionAttribution['model']; windowDays: number }, clickId: string | null, customer: DecisionAttribution['customer']): DecisionAttribution {
  return { by, model: settings.model, windowDays: settings.windowDays, clicks: [], clickId, customer }
}
