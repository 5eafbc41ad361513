import { describe, expect, it } from 'vitest'
import { isCurrency } from '@afflio/sdk'
import { paypalAmount } from './paypal-units.ts'

describe('paypalAmount', () => {
  it('writes ISO digits where PayPal takes decimals', () => {
    expect(paypalAmount(123456, 'USD')).toBe('1234.56')
    expect(paypalAmount(5, 'eur')).toBe('0.05')
    expect(paypalAmount(99, 'GBP')).toBe('0.99')
  })

  it('writes whole units in the currencies PayPal takes without decimals, and nothing for a fraction of one', () => {
    expect(paypalAmount(150_000, 'HUF')).toBe('1500')
    expect(paypalAmount(30_000, 'twd')).toBe('300')
    expect(paypalAmount(5000, 'JPY')).toBe('5000')
    expect(paypalAmount(150_050, 'HUF')).toBeNull()
    expect(paypalAmount(30_001, 'TWD')).toBeNull()
    expect(paypalAmount(0, 'HUF')).toBe('0')
  })

  it('writes nothing in a currency PayPal does not pay in, whatever the amount', () => {
    // ISO 4217 currencies Afflio records (KWD has 3 digits), none of them in PayPal's list; RUB was dropped from it
    for (const code of ['KWD', 'kwd', 'INR', 'ZAR', 'RUB', 'BHD', 'KRW', 'AED']) {
      expect(isCurrency(code.toUpperCase()), code).toBe(true)
      expect(paypalAmount(2000, code), code).toBeNull()
    }
  })

  it('pays in each of PayPal’s 24 currencies', () => {
    const paypal = ['AUD', 'BRL', 'CAD', 'CNY', 'CZK', 'DKK', 'EUR', 'HKD', 'HUF', 'ILS', 'JPY', 'MYR', 'MXN', 'TWD', 'NZD', 'NOK', 'PHP', 'PLN', 'GBP', 'SGD', 'SEK', 'CHF', 'THB', 'USD']
    for (const code of paypal) expect(paypalAmount(100_000, code), code).not.toBeNull()
  })
})
