// Money is integer minor units beside a currency. Rounding happens here and nowhere else.
import { currencyDigits } from '@afflio/sdk'

/** Digits of the currency's minor unit, from the one ISO 4217 table (the SDK's, shared with the widgets). */
export const minorDigits = currencyDigits

/**
 * The one rounding rule: divide and round half away from zero, in exact integer arithmetic.
 * Away from zero (not half-even) so that a reversal is the exact mirror of its commission.
 */
export function divRound(numerator: bigint, denominator: bigint): number {
  const neg = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const q = (n * 2n + d) / (d * 2n)
  return Number(neg ? -q : q)
}

/** amountMinor × rateBps / 10 000, rounded by the one rule. */
export function applyRateBps(amountMinor: number, rateBps: number): number {
  return divRound(BigInt(amountMinor) * BigInt(rateBps), 10_000n)
}

/** amountMinor × part / whole, rounded by the one rule (proportional shares, e.g. partial refunds). */
export function share(amountMinor: number, part: number, whole: number): number {
  if (whole === 0) return 0
  return divRound(BigInt(amountMinor) * BigInt(part), BigInt(whole))
}

/**
 * An amount for people (emails, notices): the currency code, then the amount with its ISO 4217 digits and
 * thousands separators. The widgets format in the reader's locale instead (widget/src/kit/format.ts).
 *
 * @example formatMoney(125000, 'USD') // 'USD 1,250.00'
 * @example formatMoney(-1234, 'KWD') // 'KWD -1.234'
 * @example formatMoney(500, 'JPY') // 'JPY 500'
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency)
  const sign = amountMinor < 0 ? '-' : ''
  const abs = Math.abs(amountMinor)
  const major = Math.floor(abs / 10 ** digits).toLocaleString('en-US')
  const minor = digits ? '.' + String(abs % 10 ** digits).padStart(digits, '0') : ''
  return `${currency} ${sign}${major}${minor}`
}

/**
 * Minor units as a major-unit decimal string, by integer arithmetic: no float ever sees the amount.
 *
 * @example formatMinor(123456, 'USD') // '1234.56'
 * @example formatMinor(5, 'EUR') // '0.05'
 * @example formatMinor(5000, 'JPY') // '5000'
 */
export function formatMinor(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be a safe integer of minor units, got ${amountMinor}`)
  const digits = minorDigits(currency)
  const negative = amountMinor < 0
  const abs = BigInt(Math.abs(amountMinor))
  if (digits === 0) return `${negative ? '-' : ''}${abs}`
  const unit = 10n ** BigInt(digits)
  const whole = abs / unit
  const frac = (abs % unit).toString().padStart(digits, '0')
  return `${negative ? '-' : ''}${whole}.${frac}`
}

/** Basis points as a percentage without trailing zeros: 2000 → "20%", 1250 → "12.5%". */
export function formatPercent(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`
}

/** Minor units as a decimal then the code, for one-line summaries: formatMinorCode(1000, 'USD') → "10.00 USD". */
export function formatMinorCode(amountMinor: number, currency: string): string {
  return `${formatMinor(amountMinor, currency)} ${currency}`
}
