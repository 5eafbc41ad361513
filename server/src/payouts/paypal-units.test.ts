import { describe, expect, it } from 'vitest'
import { paypalAmount } from './paypal-units.ts'

describe('paypalAmount', () => {
  it('writes ISO digits where PayPal takes decimals', () => {
    expect(paypalAmount(123456, 'USD')).toBe('1234.56')
    expect(paypalAmount(5, 'eur')).toBe('0.05')
    expect(paypalAmount(2469, 'KWD')).toBe('2.469')
  })

  it('writes whole units in the currencies PayPal takes without decimals, and nothing for a fraction of one', () => {
    expect(paypalAmount(150_000, 'HUF')).toBe('1500')
    expect(paypalAmount(30_000, 'twd')).toBe('300')
    expect(paypalAmount(5000, 'JPY')).toBe('5000')
    expect(paypalAmount(150_050, 'HUF')).toBeNull()
    expect(paypalAmount(30_001, 'TWD')).toBeNull()
    expect(paypalAmount(0, 'HUF')).toBe('0')
  })
})
