import { describe, expect, it } from 'vitest'
import { commissionNotice, emailPreferences, isWorthNotice, NOTICE_KINDS, parseUnsubscribeToken, payoutNotice, unsubscribeText } from './notice-rules.ts'

const PRG = 'prg_01m6bfp5g09etw5q68km47te'
const PRT = 'prt_01m6bfp5g0bax269h1gw4kc3'
const SIG = 'bsTOpN5xZqn5S1JYSyBxJqf7QqK5KG5RzWVU8-Edvgs'

describe('notice rules', () => {
  it('has every email on until the partner turns it off', () => {
    const all = emailPreferences({ kinds: [], newsletter: false }).emails
    expect(Object.values(all).every(Boolean)).toBe(true)
    expect(Object.keys(all)).toEqual([...NOTICE_KINDS, 'newsletter'])
    expect(emailPreferences({ kinds: ['payout_sent'], newsletter: true }).emails).toMatchObject({ payout_sent: false, newsletter: false, message: true })
  })

  it('announces positive commissions that are pending or approved, not held, fraud or clawbacks', () => {
    expect(isWorthNotice({ amountMinor: 100, status: 'pending' })).toBe(true)
    expect(isWorthNotice({ amountMinor: 100, status: 'approved' })).toBe(true)
    expect(isWorthNotice({ amountMinor: 100, status: 'on_hold' })).toBe(false)
    expect(isWorthNotice({ amountMinor: 100, status: 'fraud' })).toBe(false)
    expect(isWorthNotice({ amountMinor: -100, status: 'approved' })).toBe(false)
    expect(isWorthNotice({ amountMinor: 0, status: 'pending' })).toBe(false)
  })

  it('says what was earned, why, and when it is paid; a payout by its amount', () => {
    const c = { amountMinor: 2469, currency: 'USD', reason: 'program default: 20% of sale', reasonData: null }
    const paid = { included: true, reason: null, approvedMinor: 2469, minimumMinor: 0 }
    expect(commissionNotice({ ...c, status: 'pending', approveAt: '2026-12-04T10:00:00.000Z' }, { ...paid, included: false, approvedMinor: 0, minimumMinor: 5000 })).toEqual({
      title: 'You earned USD 24.69',
      body: 'You earned USD 24.69 (program default: 20% of sale). It is pending until 2026-12-04, when the holding period ends. Payouts are made once your approved balance is at least USD 50.00.',
    })
    expect(commissionNotice({ ...c, status: 'approved', approveAt: null }, paid).body).toContain('It is approved and will be in your next payout.')
    // Never "in your next payout" when the next run would not pay it
    const below = commissionNotice({ ...c, status: 'approved', approveAt: null }, { included: false, reason: 'below_minimum', approvedMinor: 2469, minimumMinor: 5000 }).body
    expect(below).toContain("It is approved. Your approved balance, USD 24.69, is paid once it reaches the program's minimum payout of USD 50.00.")
    expect(commissionNotice({ ...c, status: 'approved', approveAt: null }, { ...paid, included: false, reason: 'missing_payout_details' }).body).toContain('once you add your payout details')
    // Refunds after a payout left more owed back than this commission: the balance makes that up first
    expect(commissionNotice({ ...c, status: 'approved', approveAt: null }, { included: false, reason: 'owed_back', approvedMinor: -531, minimumMinor: 0 }).body).toContain(
      'It is approved, and first makes up what you owe back from refunds: your approved balance is USD -5.31.',
    )
    // A late credit's commission that a refund before it took back part of: the amount owed
    expect(commissionNotice({ ...c, status: 'approved', approveAt: null }, paid, { owedMinor: 1852, takenMinor: 617 })).toEqual({
      title: 'You earned USD 18.52',
      body: 'You earned USD 18.52: USD 24.69 (program default: 20% of sale), less USD 6.17 for the part of the sale refunded. It is approved and will be in your next payout.',
    })
    for (const status of ['pending', 'on_hold'] as const) expect(commissionNotice({ ...c, status, approveAt: '2026-12-04T10:00:00.000Z' }, paid).body).not.toContain('next payout')
    expect(payoutNotice({ amountMinor: 150_000, currency: 'JPY' }).title).toBe('Payout sent: JPY 150,000')
  })

  it('reads back an unsubscribe token it wrote; anything else is not a notice link', () => {
    const claim = { programId: PRG, partnerId: PRT, kind: 'payout_sent' as const }
    const text = unsubscribeText(claim)
    expect(parseUnsubscribeToken(`${text}.${SIG}`)).toEqual({ claim, text, signature: SIG })
    for (const token of ['un_abc', `${text}`, `${text}.short`, `n1.${PRG}.${PRT}.sms.${SIG}`, `n2.${PRG}.${PRT}.payout_sent.${SIG}`, `${text}.${SIG}.x`]) {
      expect(parseUnsubscribeToken(token), token).toBeNull()
    }
  })
})
