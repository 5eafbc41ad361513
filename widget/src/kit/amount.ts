// An amount as a person types it, read into minor units: the console's money fields and the portal's claim
// and deal forms read amounts by this one rule, and say why one is refused by amountError. Pure.
import { fractionDigits } from './format.ts'
import type { amountWords } from './messages.ts'

/**
 * Minor units from what a person types in major units: "1,234.50" USD -> 123450. `unit` is the currency (its
 * code or symbol may lead, as the console shows amounts) or, for a number that is no money, its decimals
 * (a percentage in basis points: 2; a count: 0). Null when the text is no amount or has more decimals than
 * the unit: an amount is never rounded, nor its commas guessed at. No amount the widgets take is negative.
 */
export function toMinor(text: string, unit: string | number): number | null {
  const minor = parseAmount(text, unit)
  return typeof minor === 'number' ? minor : null
}

// En-US, as the widgets show amounts: commas group thousands ("12,345.67"; a first group of 0 groups
// nothing). A lone comma before 1-2 digits is a decimal comma ("7,50"); before 3, only in a 3-decimal
// currency and when they cannot be thousands ("0,500" KWD is 0.5, "1,500" KWD is 1500 as the widgets show it).
const POINT = /^([1-9]\d{0,2}(?:,\d{3})+|\d*)(?:\.(\d+))?$/
const comma = (digits: number) => new RegExp(`^(\\d+),(\\d{1,${Math.max(2, digits)}})$`)

export function parseAmount(text: string, unit: string | number): number | 'decimals' | null {
  const digits = typeof unit === 'number' ? unit : fractionDigits(unit)
  const s = typeof unit === 'number' ? text.trim() : withoutMark(text.trim(), unit)
  const m = POINT.exec(s) ?? comma(digits).exec(s)
  if (!m || !/\d/.test(s)) return null
  const [, whole = '', fraction = ''] = m
  if (fraction.length > digits) return 'decimals'
  // Joined as digits: a float times 10^digits is not exact (19.99 * 100 is 1998.9999999999998)
  const minor = Number(whole.replace(/,/g, '') + fraction.padEnd(digits, '0'))
  return Number.isSafeInteger(minor) ? minor : null
}

/** `text` without a leading code or symbol of `currency` ("KWD 1.500", "$5", "CA$5"); another currency's stays, and fails. */
function withoutMark(text: string, currency: string): string {
  const marks = (['code', 'symbol', 'narrowSymbol'] as const).map(
    (display) => new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: display }).formatToParts(0).find((p) => p.type === 'currency')!.value,
  )
  // The longest first: "CA$" before "$"
  const mark = marks.sort((a, b) => b.length - a.length).find((x) => text.slice(0, x.length).toUpperCase() === x.toUpperCase())
  return mark ? text.slice(mark.length).trimStart() : text
}

/**
 * The words for an amount toMinor refused: its currency's decimals when it had more, else the form's own
 * (`otherwise`). `t`: the widget's translator, whose table has amountWords (kit/messages.ts).
 *
 * @example amountError(t, '10.005', 'USD', 'Enter an amount.') // 'USD has 2 decimals.'
 */
export function amountError(t: (key: keyof typeof amountWords, vars: Record<string, string | number>) => string, text: string, unit: string | number, otherwise: string): string {
  if (typeof unit === 'number' || parseAmount(text, unit) !== 'decimals') return otherwise
  const n = fractionDigits(unit)
  return t(n ? 'amount.decimals' : 'amount.noDecimals', { currency: unit, n })
}
