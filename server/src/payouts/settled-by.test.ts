import { describe, expect, it } from 'vitest'
import { leftToProviderMessage, markPaidPlan, paidByHand, waitingForProvider } from './settled-by.ts'

describe('who settles a payout', () => {
  it('leaves Stripe Connect payouts, pending or processing, to sending; marks only pending manual ones', () => {
    expect(paidByHand({ provider: 'manual', status: 'pending' })).toBe(true)
    for (const status of ['pending', 'processing'] as const) {
      expect(paidByHand({ provider: 'stripe_connect', status })).toBe(false)
      expect(waitingForProvider({ provider: 'stripe_connect', status })).toBe(true)
    }
    for (const status of ['paid', 'failed'] as const) {
      expect(paidByHand({ provider: 'manual', status })).toBe(false)
      expect(waitingForProvider({ provider: 'stripe_connect', status })).toBe(false)
    }
    expect(waitingForProvider({ provider: 'manual', status: 'pending' })).toBe(false)
  })

  it('marks what was paid by hand, says what it left, and refuses when only the provider has anything to settle', () => {
    const carol = { id: 'po_carol', provider: 'manual', status: 'pending' } as const
    const dave = { id: 'po_dave', provider: 'stripe_connect', status: 'pending' } as const
    const ola = { id: 'po_ola', provider: 'stripe_connect', status: 'processing' } as const
    expect(markPaidPlan([carol, dave, ola])).toEqual({ refuse: false, mark: ['po_carol'], left: ['po_dave', 'po_ola'] })
    expect(markPaidPlan([dave, ola])).toEqual({ refuse: true, mark: [], left: ['po_dave', 'po_ola'] })
    expect(markPaidPlan([carol])).toEqual({ refuse: false, mark: ['po_carol'], left: [] })
    // A paid run: nothing to do, nothing refused
    expect(markPaidPlan([])).toEqual({ refuse: false, mark: [], left: [] })
  })

  it('names the payouts left, the first ten of them', () => {
    expect(leftToProviderMessage('prun_1', ['po_a'])).toBe(
      'Payout run prun_1 has no payout left to pay by hand; its 1 Stripe Connect payout (po_a) is paid only by sending: POST /v1/payout-runs/prun_1/send, or fail one that cannot be sent (POST /v1/payouts/:id/fail)',
    )
    const many = Array.from({ length: 12 }, (_, i) => `po_${i}`)
    expect(leftToProviderMessage('prun_1', many)).toContain('its 12 Stripe Connect payouts (po_0, po_1, po_2, po_3, po_4, po_5, po_6, po_7, po_8, po_9 and 2 more) are paid only by sending')
  })
})
