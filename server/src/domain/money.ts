// Money is integer minor units beside a currency. Rounding happens here and nowhere else.

/** ISO 4217 currencies whose minor unit is the major unit (no decimals). */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'])

export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2
}

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

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code)
}
