// Why a commission has its amount, in the reader's words and money: one renderer of the API's
// CommissionReason for every widget (the portal's Commissions; the console when it lists commissions),
// with the words of ledger-words.ts and money by ISO 4217 digits (format.ts).
import type { Commission, CommissionHoldReason, CommissionHoldReasonBudget, CommissionReason, FraudFlag } from '@afflio/sdk/types'
import { formatDate, formatMoney, formatNumber, formatPercent } from './kit/format.ts'
import type { FraudWord, LedgerWord } from './ledger-words.ts'

type T = (key: LedgerWord, vars?: Record<string, string | number>) => string
type FraudT = (key: FraudWord, vars?: Record<string, string | number>) => string

/** What a commission paid: the last of its reason's steps comes to it. */
type Paid = Pick<Commission, 'amountMinor' | 'currency'>

/**
 * The commission's reason in words: its `reasonData` rendered, or its English `reason` for a commission
 * recorded before reasons were data.
 *
 * @example commissionReason(c, t, 'en-US') // 'Lead bounty: $10.00 per lead'
 */
export function commissionReason(c: Pick<Commission, 'reason' | 'reasonData'> & Paid, t: T, locale: string): string {
  return c.reasonData ? reasonInWords(c.reasonData, t, locale, c) : c.reason
}

/** The reason in one line: its steps (reasonSteps) one after the other. */
export function reasonInWords(r: CommissionReason, t: T, locale: string, paid: Paid): string {
  return reasonSteps(r, t, locale, paid).reduce((before, step) => t('reason.then', { before, step }))
}

/**
 * The reason as the steps from what priced it to what was paid, each with its money, so they add up to
 * `paid`: the rule (or the bonus), a split's share of the pool, a budget's step-down. One step for most.
 *
 * @example reasonSteps(r, t, 'en-US', { amountMinor: 750, currency: 'USD' })
 * // ['Tiers v1: 35% of a $100.00 sale = $35.00',
 * //  'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00',
 * //  'Budget Monthly reached: 50% of $15.00 = $7.50']
 */
export function reasonSteps(r: CommissionReason, t: T, locale: string, paid: Paid): string[] {
  const base = priced(r, t, locale)
  const split = 'split' in r ? r.split : undefined
  const step = 'stepDown' in r ? r.stepDown : undefined
  if (!split && !step) return [base]
  const money = (minor: number) => formatMoney(minor, paid.currency, locale)
  const rate = (bps: number) => formatPercent(bps / 10_000, locale, 2)
  // What the rule (or the bonus) paid alone: a split's own quote (absent on older splits), else the amount before the step-down
  const alone = split ? split.ruleMinor : step?.fullAmountMinor
  const steps = [alone === undefined ? base : t('reason.amount', { reason: base, amount: money(alone) })]
  if (split) steps.push(t('reason.split', { share: rate(split.shareBps), pool: money(split.poolMinor), amount: money(step ? step.fullAmountMinor : paid.amountMinor) }))
  if (step) {
    const vars = { name: step.budgetName ?? '', rate: rate(step.stepDownBps), full: money(step.fullAmountMinor), amount: money(paid.amountMinor) }
    steps.push(t(step.budgetName === undefined ? 'reason.stepDown.unnamed' : 'reason.stepDown', vars))
  }
  return steps
}

/** What priced the commission: the rule, the override, the clawback, the bonus or the claim. */
function priced(r: CommissionReason, t: T, locale: string): string {
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale)
  const rate = (bps: number) => formatPercent(bps / 10_000, locale, 2)
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
      const count = (n: number) => (tier.metric === 'revenue' && tier.currency ? money(n, tier.currency) : formatNumber(n, locale))
      return tier.pinned
        ? t('reason.tierPinned', { reason: text, name: tier.name })
        : t('reason.tier', { reason: text, name: tier.name, value: count(tier.value), metric: t(`reason.metric.${tier.metric}`), from: count(tier.from) })
    }
    case 'override':
      return t('reason.override', { rate: rate(r.rateBps), amount: money(r.sourceAmountMinor, r.currency) })
    case 'clawback':
      // A reason stored before fraud clawbacks has no cause: a refund's
      if (r.cause === 'fraud') return t('reason.fraudClawback', { amount: money(r.fraudAmountMinor, r.currency), note: r.note })
      return t(r.afterPayout ? 'reason.refundAfterPayout' : 'reason.refund', { amount: money(r.refundedMinor, r.currency), sale: money(r.saleAmountMinor, r.currency) })
    case 'bonus':
      return t('reason.bonus', { name: r.challengeName })
    case 'claim':
      return t('reason.claim', { invoice: r.invoiceId })
  }
}

/**
 * Why a fraud rule flagged or held a commission, in words.
 *
 * @example fraudInWords({ kind: 'fast_conversion', clickId, seconds: 3, minSeconds: 10 }, t, 'en-US') // 'Converted 3 s after the click (under 10 s)'
 */
export function fraudInWords(f: FraudFlag, t: FraudT, locale: string): string {
  switch (f.kind) {
    case 'self_referral':
      return t(`fraud.self_referral.${f.match}`, { email: f.customerEmail, domain: f.domain ?? '' })
    case 'payout_email':
      return t('fraud.payout_email', { email: f.customerEmail })
    case 'partner_address':
      return t('fraud.partner_address')
    case 'bot':
      return t('fraud.bot', { agent: f.userAgent })
    case 'click_burst':
      return t('fraud.click_burst', { n: formatNumber(f.clicksPerMinute, locale) })
    case 'fast_conversion':
      return t('fraud.fast_conversion', { seconds: formatNumber(f.seconds, locale), min: formatNumber(f.minSeconds, locale) })
    case 'existing_customer':
      return t('fraud.existing_customer', { created: formatDate(f.customerCreatedAt, locale), clicked: formatDate(f.firstClickAt, locale) })
  }
}

/** Why a commission is (or was last) held, released or voided, in words: its `holdReasonData`, else its English `holdReason`. */
export function holdReason(c: Pick<Commission, 'holdReason' | 'holdReasonData'>, t: FraudT, locale: string): string | null {
  const h: CommissionHoldReason | null = c.holdReasonData
  if (!h) return c.holdReason
  if (h.kind === 'budget') {
    const left = budgetLeft(h, locale)
    return left ? t('hold.budget', left) : t('hold.budget.unnamed')
  }
  return h.kind === 'action' ? t(`hold.action.${h.action}`, { note: h.note }) : fraudInWords(h, t, locale)
}

/** A budget's hold: its name, what it had left and its cap in money; null in the portal, which is told none of them. */
export function budgetLeft(h: CommissionHoldReasonBudget, locale: string): { name: string; left: string; cap: string } | null {
  const { budgetName: name, capMinor: cap, spentMinor: spent, currency } = h
  if (name === undefined || cap === undefined || spent === undefined || currency === undefined) return null
  return { name, left: formatMoney(Math.max(cap - spent, 0), currency, locale), cap: formatMoney(cap, currency, locale) }
}
