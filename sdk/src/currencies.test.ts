import { describe, expect, it } from 'vitest'
import { currencyDigits, isCurrency } from './currencies.ts'

describe('ISO 4217 table', () => {
  it('knows the minor digits of 0-, 2- and 3-digit currencies', () => {
    expect(['JPY', 'KRW', 'CLP', 'ISK', 'VND'].map(currencyDigits)).toEqual([0, 0, 0, 0, 0])
    expect(['USD', 'EUR', 'GBP', 'MGA', 'HUF'].map(currencyDigits)).toEqual([2, 2, 2, 2, 2])
    expect(['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'IQD', 'LYD'].map(currencyDigits)).toEqual([3, 3, 3, 3, 3, 3, 3])
    expect(currencyDigits('kwd')).toBe(3)
  })

  it('refuses made-up, withdrawn, fund, metal and test codes', () => {
    for (const code of ['ABC', 'XXX', 'XTS', 'XAU', 'XDR', 'CLF', 'HRK', 'BGN', 'SLL', 'ZWL', 'ANG', 'usd', 'US', '']) expect(isCurrency(code), code).toBe(false)
    expect(() => currencyDigits('ABC')).toThrow(RangeError)
  })

  it('agrees with the platform where the platform follows ISO 4217', () => {
    // Intl (ICU) is a second, independent source for the common codes; where it differs (MGA, HUF, IDR,
    // TWD use cash or Stripe-style digits in some ICU builds) the ISO table wins.
    for (const code of ['USD', 'EUR', 'JPY', 'KWD', 'BHD', 'GBP', 'CHF', 'KRW']) {
      expect(currencyDigits(code), code).toBe(new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits)
    }
  })
})
