import { describe, expect, it } from 'vitest'
import { ACTIONS, afterAction, clawbackHolding, holdColumns, holdingPeriod, isDue, MATURES } from './holds.ts'

const now = new Date('2026-11-01T12:00:00.000Z')

describe('the holding period', () => {
  it('is pending until now + holdingDays, approved at once without one', () => {
    expect(holdingPeriod(now, 30)).toEqual({ status: 'pending', approve_at: '2026-12-01T12:00:00.000Z', hold_reason: null, hold_reason_data: null })
    expect(holdingPeriod(now, 0)).toEqual({ status: 'approved', approve_at: now.toISOString(), hold_reason: null, hold_reason_data: null })
  })

  it('holds a suspected self-referral, keeping approve_at for its release, with the reason as text and data', () => {
    const hold = { kind: 'self_referral', match: 'own_address', customerEmail: 'jane+x@gmail.com', domain: null } as const
    const h = holdingPeriod(now, 30, hold)
    expect(h).toMatchObject({ status: 'on_hold', approve_at: '2026-12-01T12:00:00.000Z', hold_reason: "self-referral suspected: customer email jane+x@gmail.com is the partner's own address" })
    expect(JSON.parse(h.hold_reason_data!)).toEqual(hold)
    expect(holdingPeriod(now, 0, hold).status).toBe('on_hold')
  })

  it('matures a pending commission once approve_at is reached', () => {
    expect(MATURES).toEqual({ from: 'pending', to: 'approved' })
    expect(isDue('2026-11-01T12:00:00.000Z', now)).toBe(true)
    expect(isDue('2026-11-01T12:00:00.001Z', now)).toBe(false)
    expect(isDue(null, now)).toBe(false)
  })
})

describe('a clawback’s standing', () => {
  it('is owed now after payout, and follows an unpaid commission', () => {
    const approveAt = '2026-12-01T00:00:00.000Z'
    expect(clawbackHolding({ status: 'paid', approve_at: approveAt, payout_id: 'po_1' })).toEqual({ status: 'approved', approve_at: approveAt })
    expect(clawbackHolding({ status: 'in_payout', approve_at: approveAt, payout_id: 'po_1' })).toEqual({ status: 'approved', approve_at: approveAt })
    expect(clawbackHolding({ status: 'pending', approve_at: approveAt, payout_id: null })).toEqual({ status: 'pending', approve_at: approveAt })
    expect(clawbackHolding({ status: 'on_hold', approve_at: approveAt, payout_id: null })).toEqual({ status: 'on_hold', approve_at: approveAt })
  })
})

describe('the program’s actions', () => {
  const at = (status: Parameters<typeof afterAction>[1]['status'], approve_at: string | null = '2026-12-01T12:00:00.000Z') => ({ status, approve_at })

  it('holds pending or approved, voids anything unpaid, and refuses the rest', () => {
    expect(afterAction('hold', at('pending'), now)).toBe('on_hold')
    expect(afterAction('hold', at('approved'), now)).toBe('on_hold')
    expect(afterAction('mark_fraud', at('on_hold'), now)).toBe('fraud')
    for (const status of ['paid', 'in_payout', 'reversed', 'fraud'] as const) {
      expect(afterAction('hold', at(status), now)).toBeNull()
      expect(afterAction('mark_fraud', at(status), now)).toBeNull()
      expect(afterAction('release', at(status), now)).toBeNull()
    }
    expect(afterAction('release', at('pending'), now)).toBeNull()
    expect(ACTIONS.release).toEqual(['on_hold'])
  })

  it('releases back into the holding period: pending, or approved once approve_at has passed', () => {
    expect(afterAction('release', at('on_hold'), now)).toBe('pending')
    expect(afterAction('release', at('on_hold', '2026-11-01T12:00:00.000Z'), now)).toBe('approved')
    expect(afterAction('release', at('on_hold', null), now)).toBe('pending')
  })

  it('keeps the note as text and data', () => {
    const note = { kind: 'action', action: 'mark_fraud', note: 'stolen card' } as const
    expect(holdColumns(note)).toEqual({ hold_reason: 'mark fraud: stolen card', hold_reason_data: JSON.stringify(note) })
    expect(holdColumns(null)).toEqual({ hold_reason: null, hold_reason_data: null })
  })
})
