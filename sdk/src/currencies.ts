// ISO 4217: the currencies Afflio accepts and the digits of each one's minor unit. The one table that
// validation, arithmetic, formatting (server and widgets) and every payout export read.
// Kept as three strings so the widgets carry it in a few hundred bytes.

/** Active ISO 4217 payment currencies with 2 minor digits (the default). */
const TWO =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG'
/** Active ISO 4217 currencies whose minor unit is the major unit. */
const ZERO = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF'
/** Active ISO 4217 currencies with 3 minor digits (a fils, a baisa, a millime). */
const THREE = 'BHD IQD JOD KWD LYD OMR TND'

const DIGITS = new Map<string, 0 | 2 | 3>()
for (const [list, digits] of [[TWO, 2], [ZERO, 0], [THREE, 3]] as const) for (const code of list.split(' ')) DIGITS.set(code, digits)

/**
 * Whether a code is an active ISO 4217 payment currency. Withdrawn codes (HRK, BGN, SLL, ZWL, ANG, …),
 * fund and metal codes (XAU, XDR, CLF, …) and the test codes XTS and XXX are not: nothing can be paid in them.
 *
 * @example isCurrency('KWD') // true
 * @example isCurrency('XXX') // false
 */
export function isCurrency(code: string): boolean {
  return DIGITS.has(code)
}

/**
 * Digits of a currency's minor unit (ISO 4217): 2 for USD, 0 for JPY, 3 for KWD.
 * Throws on a code that is not an active currency, so no amount is ever scaled by a guess.
 *
 * @example currencyDigits('KWD') // 3: 2469 minor units are 2.469 KWD
 */
export function currencyDigits(code: string): 0 | 2 | 3 {
  const digits = DIGITS.get(code.toUpperCase())
  if (digits === undefined) throw new RangeError(`${code} is not an active ISO 4217 currency`)
  return digits
}
