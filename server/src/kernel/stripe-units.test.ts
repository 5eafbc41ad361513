import { describe, expect, it } from 'vitest'
import { AmountNotInStripeUnits, fromStripeAmount, toStripeAmount } from './stripe-units.ts'

describe('amounts as Stripe counts them', () => {
  it('passes through the currencies Stripe counts as ISO 4217 does, whatever the case of the code', () => {
    for (const [amount, currency] of [[1999, 'usd'], [500, 'JPY'], [2469, 'kwd'], [12, 'HUF']] as const) {
      expect(fromStripeAmount(amount, currency)).toBe(amount)
      expect(toStripeAmount(amount, currency)).toBe(amount)
    }
  })

  it('reads ISK as two-decimal (100 a króna) and sends whole krónur back that way', () => {
    expect(fromStripeAmount(500_000, 'isk')).toBe(5000)
    expect(toStripeAmount(5000, 'ISK')).toBe(500_000)
    // A fractional króna (charged before 2023): the one rounding rule, half away from zero.
    expect(fromStripeAmount(4050, 'isk')).toBe(41)
    expect(fromStripeAmount(4049, 'isk')).toBe(40)
  })

  it('reads MGA as zero-decimal and refuses to send part of an ariary', () => {
    expect(fromStripeAmount(10_000, 'mga')).toBe(1_000_000)
    expect(toStripeAmount(250_000, 'MGA')).toBe(2500)
    expect(() => toStripeAmount(250_050, 'MGA')).toThrow(AmountNotInStripeUnits)
  })
})
