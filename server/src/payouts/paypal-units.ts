// What PayPal Payouts accepts, and amounts as it takes them. One owner: the PayPal export (export.ts) writes
// every amount through `paypalAmount`, and leaves out a payout it answers null for. Pure.
//
// Currencies: PayPal pays in its own list only (developer.paypal.com/docs/api/reference/currency-codes/; RUB
// was removed from it), not every ISO 4217 code Afflio records: a payout in KWD, INR or ZAR cannot go in a
// PayPal file at all.
// Amounts: decimal strings in major units, with ISO 4217's digits for every currency but three, which PayPal
// takes in whole units only ("This currency does not support decimals. If you pass a decimal amount, an
// error occurs."): HUF, JPY and TWD. JPY has no minor unit in ISO 4217 either; HUF and TWD have two, so
// 1,234.50 Ft is an amount Afflio owes and PayPal cannot carry.
import { formatMinor, minorDigits } from '../kernel/money.ts'

/** The currencies PayPal Payouts pays in */
const PAYPAL_CURRENCIES: ReadonlySet<string> = new Set([
  'AUD', 'BRL', 'CAD', 'CNY', 'CZK', 'DKK', 'EUR', 'HKD', 'HUF', 'ILS', 'JPY', 'MYR',
  'MXN', 'TWD', 'NZD', 'NOK', 'PHP', 'PLN', 'GBP', 'SGD', 'SEK', 'CHF', 'THB', 'USD',
])

/** PayPal's currencies without decimals */
const PAYPAL_WHOLE_UNITS: ReadonlySet<string> = new Set(['HUF', 'JPY', 'TWD'])

/**
 * Minor units as PayPal's amount, or null when PayPal has no such amount: a currency PayPal does not pay
 * in (KWD), or a fraction of a forint (money owed is never rounded on its way out).
 *
 * @example paypalAmount(123456, 'USD') // '1234.56'
 * @example paypalAmount(150000, 'HUF') // '1500'
 * @example paypalAmount(150050, 'HUF') // null
 * @example paypalAmount(5000, 'JPY') // '5000'
 * @example paypalAmount(2469, 'KWD') // null
 */
export function paypalAmount(amountMinor: number, currency: string): string | null {
  const code = currency.toUpperCase()
  if (!PAYPAL_CURRENCIES.has(code)) return null
  if (!PAYPAL_WHOLE_UNITS.has(code)) return formatMinor(amountMinor, code)
  const unit = 10 ** minorDigits(code)
  return amountMinor % unit === 0 ? String(amountMinor / unit) : null
}
