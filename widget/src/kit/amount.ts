// An amount as a person types it, read into minor units: the console's money fields and the portal's claim
// and deal forms read amounts by this one rule, and say why one is refused by amountError. Pure. Read in
// the widget's locale, as it shows amounts: "1.200,50" is 1,200.50 in de-DE, "1 200,5" in fr-FR; a form
// fills its fields with amountText, in the same locale.
import { fractionDigits } from './format.ts'
import type { amountWords } from './messages.ts'

/**
 * Minor units from what a person types in major units: "1,234.50" USD -> 123450. `unit` is the currency (its
 * code or symbol may come before or after, as the widgets show amounts) or, for a number that is no money, its decimals
 * (a percentage in basis points: 2; a count: 0). Null when the text is no amount or has more decimals than
 * the unit: an amount is never rounded, nor its commas guessed at. No amount the widgets take is negative.
 */
export function toMinor(text: string, unit: string | number, locale = 'en-US'): number | null {
  const minor = parseAmount(text, unit, locale)
  return typeof minor === 'number' ? minor : null
}

/** A value in minor units as a form field shows it for editing: the locale's decimal mark, no grouping, no trailing zeros ("1234,5" in de-DE). */
export function amountText(minor: number, unit: string | number, locale = 'en-US'): string {
  const digits = typeof unit === 'number' ? unit : fractionDigits(unit)
  const s = String(Math.abs(minor)).padStart(digits + 1, '0')
  const fraction = s.slice(s.length - digits).replace(/0+$/, '')
  return `${minor < 0 ? '-' : ''}${s.slice(0, s.length - digits)}${fraction ? marks(locale, unit).decimal + fraction : ''}`
}

interface Marks {
  decimal: string
  group: string
  /** Digits grouped in twos past the thousands (hi-IN: 12,34,567) */
  lakh: boolean
  /** The locale's own digits, when not 0-9 (ar-EG: ٠-٩), each to its 0-9 */
  digits: Map<string, string> | null
  /** A currency's code and signs as en or the locale writes them, the longest first ("CA$" before "$"); none for a number */
  signs: string[]
}

const marksOf = new Map<string, Marks>()

/**
 * The marks `locale` writes `unit` with, as formatMoney shows it: a currency's money format (en-DE writes
 * €1,234.56 but the number 1.234,5), or plain numbers for a unit of decimals.
 */
function marks(locale: string, unit: string | number): Marks {
  const key = `${locale}|${unit}`
  let m = marksOf.get(key)
  if (m) return m
  const format = new Intl.NumberFormat(locale, typeof unit === 'number' ? { minimumFractionDigits: 1 } : { style: 'currency', currency: unit, minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const parts = format.formatToParts(1234567.5)
  const ints = parts.filter((p) => p.type === 'integer')
  const plain = new Intl.NumberFormat(locale, { useGrouping: false })
  const digits = plain.resolvedOptions().numberingSystem === 'latn' ? null : new Map([...'0123456789'].map((d) => [plain.format(Number(d)), d]))
  const signs = typeof unit === 'number' ? [] : [...new Set(['en', locale].flatMap((l) => (['code', 'symbol', 'narrowSymbol'] as const).map((display) => new Intl.NumberFormat(l, { style: 'currency', currency: unit, currencyDisplay: display }).formatToParts(0).find((p) => p.type === 'currency')!.value.replace(BIDI, ''))))]
  signs.sort((a, b) => b.length - a.length)
  m = { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',', lakh: ints.slice(1).some((p) => p.value.length === 2), digits, signs }
  marksOf.set(key, m)
  return m
}

/** `text` written with en-US marks and digits: the decimal mark as ".", the grouping mark (any space, where it is one) as ",". */
function inEnglishMarks(text: string, { decimal, group, digits }: Marks): string {
  if (decimal === '.' && group === ',' && !digits) return text
  const spaced = /\s/.test(group)
  return text.replace(/./gu, (c) => digits?.get(c) ?? (c === decimal ? '.' : c === group || (spaced && /\s/.test(c)) || (/['’]/.test(group) && /['’]/.test(c)) ? ',' : c))
}

// Direction marks a right-to-left locale's amounts carry (formatMoney in ar: "‏1,234.500 د.ك.‏")
const BIDI = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g

// En-US marks (after inEnglishMarks), as the widgets show amounts in en-US: commas group thousands ("12,345.67"; a first group of 0 groups
// nothing; in twos past the thousands where the locale groups so: "12,34,567"). A lone comma before 1-2 digits is a decimal comma ("7,50"); before 3, only in a 3-decimal
// currency and when they cannot be thousands ("0,500" KWD is 0.5, "1,500" KWD is 1500 as the widgets show it).
const POINT = /^([1-9]\d{0,2}(?:,\d{3})+|\d*)(?:\.(\d+))?$/
const POINT_LAKH = /^([1-9]\d?(?:,\d{2})*,\d{3}|\d*)(?:\.(\d+))?$/
const comma = (digits: number) => new RegExp(`^(\\d+),(\\d{1,${Math.max(2, digits)}})$`)

export function parseAmount(text: string, unit: string | number, locale = 'en-US'): number | 'decimals' | null {
  const digits = typeof unit === 'number' ? unit : fractionDigits(unit)
  const m0 = marks(locale, unit)
  const t = text.replace(BIDI, '').trim()
  const s = inEnglishMarks(withoutSign(t, m0.signs), m0)
  const m = (m0.lakh ? POINT_LAKH : POINT).exec(s) ?? comma(digits).exec(s)
  if (!m || !/\d/.test(s)) return null
  const [, whole = '', fraction = ''] = m
  if (fraction.length > digits) return 'decimals'
  // Joined as digits: a float times 10^digits is not exact (19.99 * 100 is 1998.9999999999998)
  const minor = Number(whole.replace(/,/g, '') + fraction.padEnd(digits, '0'))
  return Number.isSafeInteger(minor) ? minor : null
}

/** `text` without one of the currency's `signs` before or after it ("KWD 1.500", "$5", "CA$5", "5 €" in de-DE); another currency's stays, and fails. */
function withoutSign(text: string, signs: readonly string[]): string {
  const upper = text.toUpperCase()
  const lead = signs.find((x) => upper.startsWith(x.toUpperCase()))
  if (lead) return text.slice(lead.length).trimStart()
  const tail = signs.find((x) => upper.endsWith(x.toUpperCase()))
  return tail ? text.slice(0, text.length - tail.length).trimEnd() : text
}

/**
 * The words for an amount toMinor refused: its currency's decimals when it had more, else the form's own
 * (`otherwise`). `t`: the widget's translator, whose table has amountWords (kit/messages.ts).
 *
 * @example amountError(t, '10.005', 'USD', 'Enter an amount.') // 'USD has 2 decimals.'
 */
export function amountError(t: (key: keyof typeof amountWords, vars: Record<string, string | number>) => string, text: string, unit: string | number, otherwise: string, locale = 'en-US'): string {
  if (typeof unit === 'number' || parseAmount(text, unit, locale) !== 'decimals') return otherwise
  const n = fractionDigits(unit)
  return t(n ? 'amount.decimals' : 'amount.noDecimals', { currency: unit, n })
}
