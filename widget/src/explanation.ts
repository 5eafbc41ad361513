// "Why this amount?": one renderer of the API's CommissionExplanation for the portal and the console, as
// labelled lines: the amount in steps, what earned a bonus, how the partner was chosen (the clicks and codes
// weighed, the coupon policy between them), the rule, the tier, the checks, the holding period and what
// happened since. Words in ledger-words.ts (explainWords).
import type { CommissionExplanation, DecisionAttribution, DecisionBonus, FraudFlag } from '@afflio/sdk/types'
import { formatDate, formatMoney, formatNumber, formatPercent } from './kit/format.ts'
import type { ExplainWord, LedgerWord } from './ledger-words.ts'
import { budgetLeft, reasonSteps } from './reason.ts'

type T = (key: ExplainWord | LedgerWord, vars?: Record<string, string | number>) => string

/** A label and its lines. */
export type ExplanationRow = [label: string, lines: string[]]

/**
 * The explanation in words. `fraud` renders a fraud rule (the console's fraudInWords); without it (the
 * portal) a hold reads "Held for review". `partnerName` names a click's partner (the console).
 *
 * @example explanationRows(e, t, 'en-US') // [['Amount', ['Partners v2: 25% of a $100.00 sale']], ['Click …', …], …]
 */
export function explanationRows(e: CommissionExplanation, t: T, locale: string, fraud?: (f: FraudFlag) => string, partnerName?: (id: string) => string): ExplanationRow[] {
  const date = (iso: string) => formatDate(iso, locale)
  const rows: ExplanationRow[] = []
  if (e.reason) rows.push([t('why.amount'), reasonSteps(e.reason, t, locale, e)])
  const d = e.decision
  if (!d) return [...rows, [t('why.history'), [t(e.kind === 'bonus' ? 'why.none.bonus' : 'why.none')]]]
  if (d.bonus) rows.push([t('why.bonus'), bonusLines(d.bonus, t, locale)])
  const a = d.attribution
  const credited = a.clicks.find((c) => c.outcome === 'credited' || c.outcome === 'shared')
  const how =
    a.by === 'click' && credited
      ? t('why.by.click', { click: credited.id, date: date(credited.createdAt), model: t(`why.model.${a.model}`), days: a.windowDays })
      : a.by === 'lead'
        ? t('why.by.lead', { click: a.clickId ?? '–' })
        : a.by === 'code'
          ? t('why.by.code', { code: a.couponCode ?? '–' })
          : a.by === 'program' && a.claimId
          ? t('why.by.claim')
          : t(a.by === 'renewal' ? 'why.by.renewal' : 'why.by.program')
  rows.push([t('why.partner'), a.conflict ? [how, conflictInWords(a.conflict, t, locale)] : a.shareBps ? [how, t('why.share', { share: a.shareBps / 100 })] : [how]])
  const whose = (partnerId: string) => (partnerName ? ` (${partnerName(partnerId)})` : '')
  const clicks = a.clicks.map((c) => t('why.click', { click: c.id + whose(c.partnerId), date: date(c.createdAt), outcome: t(`why.click.${c.outcome}`) }))
  const others = (a.otherClicks ?? 0) + (a.clicksLeftOut ?? 0)
  if (others) clicks.push(t('why.others', { n: formatNumber(others, locale) }))
  if (clicks.length > 1 || (clicks.length && !credited)) rows.push([t('why.clicks'), clicks])
  // The code that credited the partner is named above; any other, and one that lost or shared, here
  const codes = (a.by === 'code' ? [] : (a.codes ?? [])).map((c) => t('why.code', { code: c.code + whose(c.partnerId), outcome: t(`why.code.${c.outcome}`) }))
  if (a.otherCodes) codes.push(t('why.otherCodes', { n: formatNumber(a.otherCodes, locale) }))
  if (codes.length) rows.push([t('why.codes'), codes])
  if (a.customer?.externalId) rows.push([t('why.customer'), [a.customer.externalId]])
  const r = d.rules
  rows.push([
    t('why.rule'),
    !r
      ? [t('why.rule.none')]
      : [
          r.applied.id === null ? t('why.rule.default') : `${r.applied.name} v${r.applied.version}: ${t('why.rule.applied')}`,
          ...r.considered.filter((x) => x.outcome !== 'applied').map((x) => `${x.name} v${x.version}: ${t(`why.rule.${x.outcome}`)}`),
        ],
  ])
  if (d.tier) {
    // Revenue is counted in the program's currency, whatever the sale's (older decisions: the reason's tier says it)
    const currency = d.tier.currency ?? (d.amount.kind === 'rule' ? d.amount.tier?.currency : null) ?? d.sale?.currency
    const value = d.tier.metric === 'revenue' && currency ? formatMoney(d.tier.value, currency, locale) : formatNumber(d.tier.value, locale)
    const vars = { name: d.tier.name ?? '', value, metric: t(`reason.metric.${d.tier.metric}`) }
    rows.push([t('why.tier'), [t(d.tier.name ? 'why.tier.at' : 'why.tier.base', vars)]])
  }
  // The portal is given only the hold (not every rule tripped): there, no hold says nothing about checks
  const checks = d.fraud.flags.map((f) => (fraud ? fraud(f) : t('why.checks.held')))
  if (checks.length || fraud) rows.push([t('why.checks'), checks.length ? [...new Set(checks)] : [t('why.checks.none')]])
  const h = d.holding
  const left = h.budget && budgetLeft(h.budget, locale)
  const held = h.budget && (left ? t('why.holding.budget', left) : t('why.holding.budget.unnamed'))
  const period = h.holdingDays > 0 ? t('why.holding.days', { days: h.holdingDays, date: date(h.approveAt) }) : t('why.holding.none')
  rows.push([t('why.holding'), held ? [held, period] : [period]])
  rows.push([
    t('why.history'),
    e.history.map((x) => t(`why.h.${x.kind}`, { date: date(x.at), note: 'note' in x ? (x.note ?? '') : '', amount: 'amountMinor' in x ? formatMoney(-x.amountMinor, x.currency, locale) : '' })),
  ])
  return rows
}

/** A click and a code of two partners: what the program's policy made of them, by the click's share it gave. */
function conflictInWords(c: NonNullable<DecisionAttribution['conflict']>, t: T, locale: string): string {
  if (c.clickShareBps >= 10_000) return t('why.conflict.click')
  if (c.clickShareBps <= 0) return t('why.conflict.code')
  const share = (bps: number) => formatPercent(bps / 10_000, locale, 2)
  return t('why.conflict.split', { click: share(c.clickShareBps), code: share(10_000 - c.clickShareBps) })
}

/** What earned a bonus: the challenge's target met (and the partner's count then), or the bounty submission approved (and by whom, in the console). */
function bonusLines(b: DecisionBonus, t: T, locale: string): string[] {
  const date = (iso: string) => formatDate(iso, locale)
  if (b.kind === 'submission') {
    const approved = t('why.bonus.submission', { name: b.challengeName, date: date(b.approvedAt) })
    return b.approvedBy ? [approved, t('why.bonus.approvedBy', { who: b.approvedBy.label ?? b.approvedBy.id })] : [approved]
  }
  const value = (n: number) => (b.metric === 'revenue' && b.currency ? formatMoney(n, b.currency, locale) : formatNumber(n, locale))
  return [t('why.bonus.target', { name: b.challengeName, target: t(`why.bonus.${b.metric}`, { n: value(b.target) }), progress: value(b.progress), date: date(b.metAt) })]
}
