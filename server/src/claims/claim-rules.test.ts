import { describe, expect, it } from 'vitest'
import { approvalPlan, claimNotice, claimTransition, saleCredited } from './claim-rules.ts'

describe('claim rules', () => {
  it('a pending claim is decided once', () => {
    expect(claimTransition('pending', 'approve')).toEqual({ to: 'approved' })
    expect(claimTransition('pending', 'reject')).toEqual({ to: 'rejected' })
    expect(claimTransition('approved', 'reject')).toEqual({ error: 'This claim was already approved' })
  })

  it('credits a sale no one got (by the rules, or at the amount given); otherwise pays the amount the program gives', () => {
    expect(approvalPlan({ partnerId: null, splitPartnerId: null }, 'prt_a', {}, 'USD')).toEqual({ by: 'credit_sale', amount: null })
    expect(approvalPlan({ partnerId: null, splitPartnerId: null }, 'prt_a', { amountMinor: 500 }, 'USD')).toEqual({ by: 'credit_sale', amount: { amountMinor: 500, currency: 'USD' } })
    expect(approvalPlan({ partnerId: 'prt_b', splitPartnerId: null }, 'prt_a', { amountMinor: 500, currency: 'EUR' }, 'USD')).toEqual({ by: 'amount', amountMinor: 500, currency: 'EUR' })
    expect(approvalPlan(null, 'prt_a', {}, 'USD')).toMatchObject({ status: 400, field: 'amountMinor' })
    expect(approvalPlan({ partnerId: 'prt_b', splitPartnerId: null }, 'prt_a', {}, 'USD')).toMatchObject({ status: 400, field: 'amountMinor' })
    expect(approvalPlan({ partnerId: 'prt_a', splitPartnerId: null }, 'prt_a', { amountMinor: 1 }, 'USD')).toMatchObject({ status: 409, field: 'invoiceId' })
  })

  it('a split sale is its code partner’s too: the evidence says so, and the approval refuses to pay that partner again', () => {
    const split = { partnerId: 'prt_b', splitPartnerId: 'prt_a' }
    expect(saleCredited(split, 'prt_a')).toBe('claimant')
    expect(saleCredited(split, 'prt_b')).toBe('claimant')
    expect(saleCredited(split, 'prt_c')).toBe('other_partner')
    expect(saleCredited({ partnerId: null, splitPartnerId: null }, 'prt_a')).toBe('nobody')
    expect(approvalPlan(split, 'prt_a', {}, 'USD')).toEqual({ error: 'The sale is already credited to this partner', field: 'invoiceId', status: 409 })
    expect(approvalPlan(split, 'prt_a', { amountMinor: 1000 }, 'USD')).toMatchObject({ status: 409, field: 'invoiceId' })
    expect(approvalPlan(split, 'prt_c', { amountMinor: 1000 }, 'USD')).toEqual({ by: 'amount', amountMinor: 1000, currency: 'USD' })
  })

  it('tells the partner what was decided', () => {
    // What the commission earns and when it is paid, messaging adds (one notice of it)
    expect(claimNotice({ invoiceId: 'in_1', status: 'approved', reason: null }).body).toBe('Your claim for order in_1 was approved.')
    expect(claimNotice({ invoiceId: 'in_1', status: 'rejected', reason: 'cancelled' })).toEqual({ subject: 'Claim not approved: order in_1', body: 'Your claim for order in_1 was not approved: cancelled' })
  })
})
