// Amounts as PayPal takes them: decimal strings in major units, with ISO 4217's digits for every currency but
// three, which PayPal takes in whole units only (developer.paypal.com/docs/api/reference/currency-codes/: "This
// currency does not support decimals. If you pass a decimal amount, an error occurs."): HUF, JPY and TWD. JPY
// has no minor unit in ISO 4217 either; HUF and TWD have two, so 1,234.50 Ft is an amount Afflio owes and
// PayPal cannot carry. The PayPal export (export.ts) writes every amount through here. Pure.
import { formatMinor, minorDigits } from '../kernel/money.ts'

/** PayPal's currencies without decimals */
const PAYPAL_WHOLE_UNITS: ReadonlySet<string> = new Set(['HUF', 'JPY', 'TWD'])

/**
 * Minor units as PayPal's amount, or null when PayPal has no such amount (a fraction of a forint: money owed
 * is never rounded on its way out).
 *
 * @example paypalAmount(123456, 'USD') // '1234.56'
 * @example paypalAmount(150000, 'HUF') // '1500'
 * @example paypalAmount(150050, 'HUF') // null
 * @example paypalAmount(5000, 'JPY') // '5000'
 */
export function paypalAmount(amountMinor: number, currency: string): string | null {
  const code = currency.toUpperCase()
  if (!PAYPAL_WHOLE_UNITS.has(code)) return formatMinor(amountMinor, code)
  const unit = 10 ** minorDigits(code)
  return amountMinor % unit === 0 ? String(amountMinor / unit) : null
}
