// Why a commission has its amount, in the reader's words and money: the SDK's one renderer of the API's
// CommissionReason (@afflio/sdk/reason, which the server's emails use too) with the words of
// ledger-words.ts and money by ISO 4217 digits in the reader's locale (format.ts). Also fraud and holds.
import type { Commission, CommissionHoldReason, CommissionHoldReasonBudget, CommissionReason, FraudFlag } from '@afflio/sdk/types'
import { type Paid, type ReasonFormat, commissionReason as sdkCommissionReason, reasonInWords as sdkReasonInWords, reasonSteps as sdkReasonSteps } from '@afflio/sdk/reason'
import { formatDate, formatMoney, formatNumber, formatPercent } from './kit/format.ts'
import type { FraudWord, LedgerWord } from './ledger-words.ts'

type T = (key: LedgerWord, vars?: Record<string, string | number>) => string
type FraudT = (key: FraudWord, vars?: Record<string, string | number>) => string

/** The reader's words, with money, rates and counts in their locale. */
const inLocale = (t: T, locale: string): ReasonFormat => ({
  t,
  money: (minor, currency) => formatMoney(minor, currency, locale),
  rate: (bps) => formatPercent(bps / 10_000, locale, 2),
  count: (n) => formatNumber(n, locale),
})

/** @example commissionReason(c, t, 'en-US') // 'Lead bounty: $10.00 per lead' */
export const commissionReason = (c: Pick<Commission, 'reason' | 'reasonData'> & Paid, t: T, locale: string): string => sdkCommissionReason(c, inLocale(t, locale))

export const reasonInWords = (r: CommissionReason, t: T, locale: string, paid: Paid): string => sdkReasonInWords(r, inLocale(t, locale), paid)

/** The reason as its steps, each with its money: see @afflio/sdk/reason. */
export const reasonSteps = (r: CommissionReason, t: T, locale: string, paid: Paid): string[] => sdkReasonSteps(r, inLocale(t, locale), paid)

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
  if (h.kind === 'recruited') return t(`hold.recruited.${h.action}`)
  return h.kind === 'action' ? t(`hold.action.${h.action}`, { note: h.note }) : fraudInWords(h, t, locale)
}

/** A budget's hold: its name, what it had left and its cap in money; null in the portal, which is told none of them. */
export function budgetLeft(h: CommissionHoldReasonBudget, locale: string): { name: string; left: string; cap: string } | null {
  const { budgetName: name, capMinor: cap, spentMinor: spent, currency } = h
  if (name === undefined || cap === undefined || spent === undefined || currency === undefined) return null
  return { name, left: formatMoney(Math.max(cap - spent, 0), currency, locale), cap: formatMoney(cap, currency, locale) }
}
