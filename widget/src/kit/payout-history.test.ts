import type { PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { payouts } from '../portal/testing.ts'
import { keepHistory } from './payout-history.ts'

const payout = (n: number, status: PortalPayout['status'] = 'paid'): PortalPayout => ({ id: `po_${n}`, amountMinor: n, currency: 'USD', status, createdAt: '2026-09-01T12:00:00.000Z', paidAt: null })
const ids = (p: PortalPayouts) => [p.history.map((x) => `${x.id}:${x.status}`), p.historyNextCursor]

describe('keepHistory', () => {
  it('keeps the pages shown, puts new payouts on top and changed ones in place, and pages on from the last shown', () => {
    const shown = payouts({ history: [payout(9, 'pending'), payout(8), payout(7)], historyNextCursor: 'po_7' })
    const fresh = payouts({ history: [payout(10, 'pending'), payout(9), payout(8)], historyNextCursor: 'po_8' })
    expect(ids(keepHistory(shown, fresh))).toEqual([['po_10:pending', 'po_9:paid', 'po_8:paid', 'po_7:paid'], 'po_7'])
  })

  it('a history shown whole stays whole: no cursor that would repeat a payout', () => {
    const shown = payouts({ history: [payout(2), payout(1)], historyNextCursor: null })
    const fresh = payouts({ history: [payout(3), payout(2)], historyNextCursor: 'po_2' }) // a page of 2
    expect(ids(keepHistory(shown, fresh))).toEqual([['po_3:paid', 'po_2:paid', 'po_1:paid'], null])
  })

  it('a fresh page that does not reach the ones shown replaces them, so no payout between is skipped', () => {
    const shown = payouts({ history: [payout(2), payout(1)], historyNextCursor: null })
    const fresh = payouts({ history: [payout(5), payout(4)], historyNextCursor: 'po_4' }) // po_3 is on the next page
    expect(ids(keepHistory(shown, fresh))).toEqual([['po_5:paid', 'po_4:paid'], 'po_4'])
  })
})
