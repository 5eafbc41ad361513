import { describe, expect, it } from 'vitest'
import { customerStatus, netRevenue } from './customer-rules.ts'

describe('customer rules', () => {
  it('nets refunds per currency, largest first, and leaves out what nets to nothing', () => {
    const t = {
      sales: 3,
      byCurrency: [
        { currency: 'USD', paidMinor: 5000, refundedMinor: 1000 },
        { currency: 'KWD', paidMinor: 9000, refundedMinor: 0 },
        { currency: 'EUR', paidMinor: 700, refundedMinor: 700 },
      ],
    }
    expect(netRevenue(t)).toEqual([
      { currency: 'KWD', amountMinor: 9000 },
      { currency: 'USD', amountMinor: 4000 },
    ])
  })

  it('says lead before a sale, customer while something is paid, refunded when all was refunded', () => {
    expect(customerStatus({ sales: 0, byCurrency: [] })).toBe('lead')
    expect(customerStatus({ sales: 2, byCurrency: [{ currency: 'USD', paidMinor: 100, refundedMinor: 50 }] })).toBe('customer')
    expect(customerStatus({ sales: 1, byCurrency: [{ currency: 'USD', paidMinor: 100, refundedMinor: 100 }] })).toBe('refunded')
  })
})
