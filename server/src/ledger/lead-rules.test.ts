import { describe, expect, it } from 'vitest'
import { leadCredited, takenLeadStep } from './lead-rules.ts'

describe('a customer’s lead commission', () => {
  it('is paid once: any lead not reversed counts, a fraud mark included', () => {
    expect(leadCredited([])).toBe(false)
    expect(leadCredited([{ status: 'reversed' }])).toBe(false)
    expect(leadCredited([{ status: 'reversed' }, { status: 'pending' }])).toBe(true)
    expect(leadCredited([{ status: 'fraud' }])).toBe(true)
  })

  it('follows a taken-over customer to its new partner while unpaid', () => {
    const lead = (partner_id: string, status: 'pending' | 'approved' | 'on_hold' | 'paid' | 'fraud' = 'pending', inPayout = false) => ({ partner_id, status, inPayout })
    expect(takenLeadStep(lead('prt_a'), 'prt_b')).toBe('move')
    expect(takenLeadStep(lead('prt_a', 'on_hold'), 'prt_b')).toBe('move')
    expect(takenLeadStep(lead('prt_a', 'approved'), 'prt_b')).toBe('move')
    expect(takenLeadStep(lead('prt_a'), null)).toBe('reverse')
    expect(takenLeadStep(lead('prt_a'), 'prt_a')).toBe('keep')
    expect(takenLeadStep(lead('prt_a', 'paid', true), 'prt_b')).toBe('keep')
    expect(takenLeadStep(lead('prt_a', 'approved', true), 'prt_b')).toBe('keep') // in a payout not sent yet, or its override in one
    expect(takenLeadStep(lead('prt_a', 'fraud'), 'prt_b')).toBe('keep')
    expect(takenLeadStep(null, 'prt_b')).toBe('credit')
    expect(takenLeadStep(null, null)).toBe('keep')
  })
})
