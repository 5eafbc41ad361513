import { describe, expect, it } from 'vitest'
import { COUNTED, foldTotals, TOTAL_OF } from './totals.ts'

describe('ledger totals', () => {
  it('counts each status towards exactly one figure, and reversed and fraud towards none', () => {
    expect(TOTAL_OF).toEqual({ pending: 'pendingMinor', on_hold: 'onHoldMinor', approved: 'approvedMinor', in_payout: 'inPayoutMinor', paid: 'paidMinor', reversed: null, fraud: null })
    expect(COUNTED.sort()).toEqual(['approved', 'in_payout', 'on_hold', 'paid', 'pending'])
  })

  it('folds sums by key and currency, clawbacks subtracting, currencies in code order, one counting nowhere at zero', () => {
    const totals = foldTotals([
      { key: 'a', currency: 'USD', status: 'approved', amountMinor: 500 },
      { key: 'a', currency: 'USD', status: 'approved', amountMinor: -700 },
      { key: 'a', currency: 'EUR', status: 'in_payout', amountMinor: 90 },
      { key: 'a', currency: 'USD', status: 'fraud', amountMinor: 1000 },
      { key: 'b', currency: 'KWD', status: 'paid', amountMinor: 2469 },
      // A currency whose every row counts nowhere is still listed, at zero
      { key: 'b', currency: 'JPY', status: 'reversed', amountMinor: 500 },
      { key: 'b', currency: 'JPY', status: 'fraud', amountMinor: 300 },
    ])
    expect(totals.get('a')).toEqual([
      { currency: 'EUR', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 90, paidMinor: 0 },
      { currency: 'USD', pendingMinor: 0, onHoldMinor: 0, approvedMinor: -200, inPayoutMinor: 0, paidMinor: 0 },
    ])
    expect(totals.get('b')).toEqual([
      { currency: 'JPY', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 },
      { currency: 'KWD', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 2469 },
    ])
  })
})
