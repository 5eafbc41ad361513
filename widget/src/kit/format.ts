// Numbers, money and dates through Intl, in the partner's locale. Formatters are costly to build and
// cheap to reuse, so each is made once per (locale, options) and cached.
import { currencyDigits, isCurrency } from '@afflio/sdk'

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n${locale}${JSON.stringify(options)}`
  let f = cache.get(key) as Intl.NumberFormat | undefined
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)))
  return f
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${locale}${JSON.stringify(options)}`
  let f = cache.get(key) as Intl.DateTimeFormat | undefined
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)))
  return f
}

/** The locale to format in: the given one when Intl supports it, else the browser's, else English. */
export function resolveLocale(wanted?: string | null): string {
  for (const l of [wanted, globalThis.navigator?.language]) {
    if (!l) continue
    try {
      return Intl.NumberFormat.supportedLocalesOf(l)[0] ?? 'en'
    } catch {
      // A malformed tag throws a RangeError: try the next one.
    }
  }
  return 'en'
}

// Scripts written right to left: Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya
const RTL = /^(Arab|Hebr|Thaa|Syrc|Nkoo|Adlm|Rohg)$/

/** The direction `locale`'s script is written in ("ar", "he-IL", "ur": rtl), for a widget's `dir` attribute. */
export function textDirection(locale: string): 'rtl' | 'ltr' {
  try {
    return RTL.test(new Intl.Locale(locale).maximize().script ?? '') ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}

/**
 * Digits after the decimal point of a currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD. ISO 4217's,
 * from the table the server counts minor units by (not Intl's display habit: Intl shows HUF and IDR without
 * decimals, but 12345 HUF minor units are 123.45 HUF). A code outside the table falls back to Intl.
 */
export function fractionDigits(currency: string): number {
  return isCurrency(currency) ? currencyDigits(currency) : (numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2)
}

/** Integer minor units as a currency amount: formatMoney(123456, 'EUR', 'de-DE') -> "1.234,56 €". */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = fractionDigits(currency)
  return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  )
}

export const formatNumber = (n: number, locale: string) => numberFormat(locale, {}).format(n)

/** A ratio (0.125) as a percentage ("12.5%"), with at most `digits` decimals. */
export const formatPercent = (ratio: number, locale: string, digits = 1) =>
  numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio)

/** A timestamp as a date in the partner's time zone: "Nov 3, 2026". */
export const formatDate = (iso: string, locale: string) => dateFormat(locale, { dateStyle: 'medium' }).format(new Date(iso))

/** A day bucket ("2026-11-03") as a short label ("Nov 3"), or with its year ("Nov 3, 2026"), the same day wherever the partner is. */
export const formatDay = (day: string, locale: string, withYear = false) =>
  dateFormat(locale, withYear ? { dateStyle: 'medium', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(day.slice(0, 10) + 'T00:00:00Z'))

/**
 * The last day an exclusive end leaves in, as a day bucket: a challenge's window [startsAt, endsAt) ending
 * at midnight UTC on Dec 1 runs through Nov 30; one ending at noon on Nov 15 through Nov 15.
 */
export const lastDay = (exclusiveEnd: string) => new Date(Date.parse(exclusiveEnd) - 1).toISOString().slice(0, 10)

/** A bound given as a day (a claim's sale day, a challenge's first day picked in a date field) is stored at midnight UTC */
const isDay = (iso: string) => /T00:00:00(\.000)?Z$/.test(iso)

/**
 * A time bound as the reader should see it: one given as a day, that calendar day wherever the reader is;
 * any other moment (a bounty opened when it was created), its date where the reader is.
 */
export const formatBound = (iso: string, locale: string) => (isDay(iso) ? formatDay(iso, locale, true) : formatDate(iso, locale))

/**
 * An exclusive end as the reader should see it: one at midnight UTC (a day picked as the end), the last
 * calendar day it leaves in; any other moment (a deadline at 22:00), that moment with its time, where the
 * reader is, since part of its day is already out.
 */
export const formatEnd = (exclusiveEnd: string, locale: string) => (isDay(exclusiveEnd) ? formatDay(lastDay(exclusiveEnd), locale, true) : formatDateTime(exclusiveEnd, locale))

/** A timestamp with its time of day, in the partner's time zone: "Nov 3, 2026, 2:05 PM". */
export const formatDateTime = (iso: string, locale: string) =>
  dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
