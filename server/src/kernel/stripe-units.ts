// Amounts as Stripe counts them. Stripe's API takes and sends integer amounts in a currency's smallest unit,
// which for almost every currency is its ISO 4217 minor unit, as Afflio's. Two differ
// (docs.stripe.com/currencies#special-cases): ISK has two decimals in Stripe's API (none in ISO 4217; Stripe
// takes whole krónur, 100 a króna), and MGA none (two in ISO 4217). Every amount crossing to or from Stripe
// goes through here: webhooks in (stripe/events.ts), transfers and coupons out. Pure.
import { divRound, minorDigits } from './money.ts'

const STRIPE_DIGITS: Readonly<Record<string, number>> = { ISK: 2, MGA: 0 }

/** How many more digits Stripe's amounts have than Afflio's minor units (negative: fewer). */
function shift(currency: string): number {
  const code = currency.toUpperCase()
  return (STRIPE_DIGITS[code] ?? minorDigits(code)) - minorDigits(code)
}

/**
 * A Stripe amount in Afflio's minor units. A fraction of a minor unit (ISK charged in fractional krónur,
 * which Stripe took until 2023) is rounded by the one rule.
 *
 * @example fromStripeAmount(500000, 'isk') // 5000 (5,000 kr)
 * @example fromStripeAmount(1000, 'MGA') // 100000 (1,000 Ar)
 * @example fromStripeAmount(1999, 'usd') // 1999
 */
export function fromStripeAmount(amount: number, currency: string): number {
  const s = shift(currency)
  if (s === 0) return amount
  return s > 0 ? divRound(BigInt(amount), 10n ** BigInt(s)) : amount * 10 ** -s
}

/** An amount Stripe cannot take: a fraction of its smallest unit (an MGA amount of part of an ariary). */
export class AmountNotInStripeUnits extends RangeError {}

/**
 * Afflio's minor units as Stripe counts them; throws AmountNotInStripeUnits when Stripe has no such amount
 * (money owed is never rounded on its way out).
 *
 * @example toStripeAmount(1000, 'ISK') // 100000
 * @example toStripeAmount(250000, 'MGA') // 2500
 */
export function toStripeAmount(amountMinor: number, currency: string): number {
  const s = shift(currency)
  if (s >= 0) return amountMinor * 10 ** s
  const unit = 10 ** -s
  if (amountMinor % unit !== 0) {
    throw new AmountNotInStripeUnits(`Stripe counts ${currency.toUpperCase()} in whole units: ${amountMinor} minor units (${amountMinor / unit}) cannot be sent`)
  }
  return amountMinor / unit
}
