// Why a commission has its amount, in words: the one renderer of the API's CommissionReason, for the
// widgets (in the reader's locale and translation) and the server's emails (in English, `USD 1,250.00`).
// Each caller brings its words (`t` over reasonWords' keys) and its money; the steps are decided here.
import { type ReasonWord, reasonWords } from './reason-words.ts'
import type { Commission, CommissionReason } from './types.ts'

export { type ReasonWord, reasonWords }

/** How a reader is told a reason: their words, and money, rates (basis points) and counts in their format. */
export interface ReasonFormat {
  t: (key: ReasonWord, vars?: Record<string, string | number>) => string
  money: (amountMinor: number, currency: string) => string
  rate: (bps: number) => string
  count: (n: number) => string
}

/** The English words filled in: the `t` of a reader with no translation (the server's emails). */
export const inEnglish: ReasonFormat['t'] = (key, vars = {}) => reasonWords[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))

/** What a commission paid: the last of its reason's steps comes to it. */
export type Paid = Pick<Commission, 'amountMinor' | 'currency'>

/**
 * The commission's reason in words: its `reasonData` rendered, or its English `reason` for a commission
 * recorded before reasons were data.
 *
 * @example commissionReason(c, f) // 'Lead bounty: $10.00 per lead'
 */
export function commissionReason(c: Pick<Commission, 'reason' | 'reasonData'> & Paid, f: ReasonFormat): string {
  return c.reasonData ? reasonInWords(c.reasonData, f, c) : c.reason
}

/** The reason in one line: its steps (reasonSteps) one after the other. */
export function reasonInWords(r: CommissionReason, f: ReasonFormat, paid: Paid): string {
  return reasonSteps(r, f, paid).reduce((before, step) => f.t('reason.then', { before, step }))
}

/**
 * The reason as the steps from what priced it to what was paid, each with its money, so they add up to
 * `paid`: the rule (or the bonus), a split's share of the pool, a budget's step-down. One step for most.
 *
 * @example reasonSteps(r, f, { amountMinor: 750, currency: 'USD' })
 * // ['Tiers v1: 35% of a $100.00 sale = $35.00',
 * //  'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00',
 * //  'Budget Monthly reached: 50% of $15.00 = $7.50']
 */
export function reasonSteps(r: CommissionReason, f: ReasonFormat, paid: Paid): string[] {
  const { t, rate } = f
  const base = priced(r, f)
  const split = 'split' in r ? r.split : undefined
  const step = 'stepDown' in r ? r.stepDown : undefined
  if (!split && !step) return [base]
  const money = (minor: number) => f.money(minor, paid.currency)
  // What the rule (or the bonus) paid alone: a split's own quote (absent on older splits), in the rule's
  // currency (another than the commission's when the two partners' were not compared), else the amount before the step-down
  const alone = split ? split.ruleMinor : step?.fullAmountMinor
  const aloneIn = split?.poolCurrency && r.kind === 'rule' ? r.currency : paid.currency
  const steps = [alone === undefined ? base : t('reason.amount', { reason: base, amount: f.money(alone, aloneIn) })]
  if (split) {
    // The lower of the two, or (in different currencies) the click partner's: the reader's own or the other's, never its rule
    const words = !split.poolCurrency ? 'reason.split' : split.via === 'click' ? 'reason.split.yours' : 'reason.split.clickPartner'
    steps.push(t(words, { share: rate(split.shareBps), pool: money(split.poolMinor), amount: money(step ? step.fullAmountMinor : paid.amountMinor) }))
  }
  if (step) {
    const vars = { name: step.budgetName ?? '', rate: rate(step.stepDownBps), full: money(step.fullAmountMinor), amount: money(paid.amountMinor) }
    steps.push(t(step.budgetName === undefined ? 'reason.stepDown.unnamed' : 'reason.stepDown', vars))
  }
  return steps
}

/** What priced the commission: the rule, the override, the clawback, the bonus or the claim. */
function priced(r: CommissionReason, { t, money, rate, count }: ReasonFormat): string {
  switch (r.kind) {
    case 'rule': {
      let text =
        r.basis === 'percent'
          ? t('reason.percent', { rate: rate(r.rateBps), sale: money(r.saleAmountMinor, r.currency) })
          : t(r.event === 'lead' ? 'reason.perLead' : 'reason.perSale', { amount: money(r.amountMinor, r.currency) })
      if (r.basis === 'flat' && r.capped) text = t('reason.capped', { reason: text })
      // The version once rules had them: an edited rule's older commissions say which version priced them
      const version = r.rule.version
      text = r.rule.id === null ? t('reason.rule', { rule: t('reason.default'), reason: text }) : version ? t('reason.ruleVersion', { rule: r.rule.name, version, reason: text }) : t('reason.rule', { rule: r.rule.name, reason: text })
      const tier = r.tier
      if (!tier) return text
      const amount = (n: number) => (tier.metric === 'revenue' && tier.currency ? money(n, tier.currency) : count(n))
      return tier.pinned
        ? t('reason.tierPinned', { reason: text, name: tier.name })
        : t('reason.tier', { reason: text, name: tier.name, value: amount(tier.value), metric: t(`reason.metric.${tier.metric}`), from: amount(tier.from) })
    }
    case 'override':
      return t('reason.override', { rate: rate(r.rateBps), amount: money(r.sourceAmountMinor, r.currency) })
    case 'clawback':
      // A reason stored before fraud clawbacks has no cause: a refund's
      if (r.cause === 'dispute_won') return t('reason.disputeWon', { amount: money(r.disputedMinor, r.currency), sale: money(r.saleAmountMinor, r.currency) })
      if (r.cause === 'fraud') return r.note === undefined ? t('reason.fraudClawback.unnoted', { amount: money(r.fraudAmountMinor, r.currency) }) : t('reason.fraudClawback', { amount: money(r.fraudAmountMinor, r.currency), note: r.note })
      return t(r.afterPayout ? 'reason.refundAfterPayout' : 'reason.refund', { amount: money(r.refundedMinor, r.currency), sale: money(r.saleAmountMinor, r.currency) })
    case 'bonus':
      return t(r.submissionId ? 'reason.bonus.bounty' : 'reason.bonus', { name: r.challengeName })
    case 'claim':
      return t('reason.claim', { invoice: r.invoiceId })
  }
}
