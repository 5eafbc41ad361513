import { describe, expect, it } from 'vitest'
import { quoteCommission } from './commission-rules.ts'

describe('quoteCommission', () => {
  it('takes a percentage in the sale currency, rounded by the one rule', () => {
    expect(quoteCommission({ type: 'percent', rateBps: 2000 }, { amountMinor: 4999, currency: 'EUR' }, 'USD')).toEqual({
      amountMinor: 1000,
      currency: 'EUR',
      reason: 'program default: 20% of sale',
    })
  })

  it('pays a flat amount in the program currency, capped at a same-currency sale', () => {
    expect(quoteCommission({ type: 'flat', amountMinor: 5000 }, { amountMinor: 3000, currency: 'USD' }, 'USD').amountMinor).toBe(3000)
    expect(quoteCommission({ type: 'flat', amountMinor: 5000 }, { amountMinor: 3000, currency: 'JPY' }, 'USD')).toMatchObject({ amountMinor: 5000, currency: 'USD' })
  })
})
