import { describe, expect, it } from 'vitest'
import { ACTIONS, actionRefusal, afterAction, clawbackHolding, type FamilyMember, holdColumns, holdingPeriod, isDue, MATURES, planAction } from './holds.ts'

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

describe('an action on a commission’s family', () => {
  const due = '2026-12-01T12:00:00.000Z'
  const c = (id: string, status: FamilyMember['status'], amount: number, x: Partial<FamilyMember> = {}): FamilyMember => ({
    id,
    status,
    approve_at: due,
    payout_id: status === 'paid' || status === 'in_payout' ? 'po_1' : null,
    amount_minor: amount,
    source_id: null,
    reverses_id: null,
    ...x,
  })
  // A sale's 100 (with a refund's -25), the recruiter's override of 10 (with its -3)
  const own = c('own', 'approved', 100)
  const family = (override: FamilyMember['status'], overrideClawback: FamilyMember['status']) => [
    own,
    c('own-cb', 'approved', -25, { reverses_id: 'own' }),
    c('ovr', override, 10, { source_id: 'own' }),
    c('ovr-cb', overrideClawback, -3, { reverses_id: 'ovr' }),
  ]

  it('voids an unpaid override with its clawbacks', () => {
    expect(planAction('mark_fraud', own, family('approved', 'approved'), now)).toEqual({
      moves: ['own', 'own-cb', 'ovr', 'ovr-cb'].map((id) => ({ id, to: 'fraud' })),
      takeBacks: [],
    })
  })

  it('claws back what is left of an override in a payout, and never edits it', () => {
    expect(planAction('mark_fraud', own, family('paid', 'approved'), now)).toEqual({ moves: [{ id: 'own', to: 'fraud' }, { id: 'own-cb', to: 'fraud' }], takeBacks: [{ id: 'ovr', amountMinor: 7 }] })
    expect(planAction('mark_fraud', own, family('in_payout', 'in_payout'), now).takeBacks).toEqual([{ id: 'ovr', amountMinor: 7 }])
    // Its money left with a clawback in a payout while the override waits (a failed payout): taken back too.
    expect(planAction('mark_fraud', own, family('approved', 'paid'), now).takeBacks).toEqual([{ id: 'ovr', amountMinor: 7 }])
    // Nothing left: nothing to take back.
    const all = [own, c('ovr', 'paid', 10, { source_id: 'own' }), c('ovr-cb', 'approved', -10, { reverses_id: 'ovr' })]
    expect(planAction('mark_fraud', own, all, now).takeBacks).toEqual([])
  })

  it('holds and releases an override with its clawbacks, and leaves one in a payout as it is', () => {
    expect(planAction('hold', own, family('approved', 'approved'), now).moves.map((m) => m.id)).toEqual(['own', 'own-cb', 'ovr', 'ovr-cb'])
    expect(planAction('hold', own, family('paid', 'approved'), now)).toEqual({ moves: [{ id: 'own', to: 'on_hold' }, { id: 'own-cb', to: 'on_hold' }], takeBacks: [] })
    const held = [c('own', 'on_hold', 100), c('ovr', 'on_hold', 10, { source_id: 'own' }), c('ovr-cb', 'on_hold', -3, { reverses_id: 'ovr' })]
    expect(planAction('release', held[0]!, held, now).moves).toEqual(['own', 'ovr', 'ovr-cb'].map((id) => ({ id, to: 'pending' })))
  })

  it('moves a clawback only with its commission, never alone', () => {
    const clawback = family('approved', 'approved')[1]!
    for (const action of ['hold', 'mark_fraud'] as const) {
      expect(actionRefusal(action, clawback, now)).toBe('A clawback moves only with its commission: act on commission own')
      expect(planAction(action, clawback, family('approved', 'approved'), now)).toEqual({ moves: [], takeBacks: [] })
    }
    expect(actionRefusal('release', { ...clawback, status: 'on_hold' }, now)).not.toBeNull()
    expect(actionRefusal('hold', own, now)).toBeNull()
    expect(actionRefusal('release', own, now)).toBe('Cannot release a commission that is approved')
  })

  it('does nothing to the family of a commission that cannot take the action', () => {
    const claimed = c('own', 'in_payout', 100)
    expect(planAction('mark_fraud', claimed, [claimed, ...family('paid', 'approved').slice(1)], now)).toEqual({ moves: [], takeBacks: [] })
  })
})
