// A sale's commission marked fraud takes its recruiter's override with it: unpaid, the override and its
// clawbacks are voided together; already in a payout, what is left of it is clawed back. Holds and
// releases move an override's clawbacks with the override. (The property test found the first case.)
// A clawback alone takes no action: it moves only with its commission.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('an override follows its sale’s commission on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  let recruiter: { id: string; code: string }
  let recruit: { id: string; code: string }

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    // 100% commission, 10% second tier, no holding period: a 100 sale earns the recruit 100 and the recruiter 10.
    p = await payoutProgram(ctx, { holdingDays: 0, secondTierRateBps: 1000 })
    recruiter = await p.partner('Rita', { method: 'wise', email: 'rita@wise.test' })
    recruit = await p.partner('Rob')
    await p.afflio.partners.update(recruit.id, { referredById: recruiter.id })
  })
  afterEach(() => ctx.close())

  const balance = async (partnerId: string) => {
    const [b] = await p.afflio.payouts.balances({ partnerId })
    return b && { approved: b.approvedMinor, onHold: b.onHoldMinor, paid: b.paidMinor + b.inPayoutMinor }
  }
  const commissions = async (partnerId: string) => (await p.afflio.commissions.list({ partnerId })).data.map((c) => [c.kind, c.amountMinor, c.status]).sort()

  it('voids an unpaid override with its clawbacks when the sale’s commission is marked fraud', async () => {
    const { invoiceId, commission } = await p.sell(recruit, 100)
    await p.afflio.track.refund({ invoiceId, amountMinor: 25 }) // clawbacks -25 and -3 (2.5, half away from zero)
    expect(await balance(recruiter.id)).toEqual({ approved: 7, onHold: 0, paid: 0 })

    await p.afflio.commissions.markFraud(commission.id, 'stolen card')
    expect(await commissions(recruiter.id)).toEqual([
      ['clawback', -3, 'fraud'],
      ['override', 10, 'fraud'],
    ])
    // Nothing counts any more: the currency stays listed, at zero (as every surface lists it)
    expect(await balance(recruiter.id)).toEqual({ approved: 0, onHold: 0, paid: 0 })
    expect(await balance(recruit.id)).toEqual({ approved: 0, onHold: 0, paid: 0 })
  })

  it('holds and releases an override’s clawbacks with the override', async () => {
    const { invoiceId, commission } = await p.sell(recruit, 100)
    await p.afflio.track.refund({ invoiceId, amountMinor: 25 })

    await p.afflio.commissions.hold(commission.id, 'checking')
    expect(await balance(recruiter.id)).toEqual({ approved: 0, onHold: 7, paid: 0 })
    expect(await balance(recruit.id)).toEqual({ approved: 0, onHold: 75, paid: 0 })

    await p.afflio.commissions.release(commission.id, 'checked')
    expect(await balance(recruiter.id)).toEqual({ approved: 7, onHold: 0, paid: 0 })
  })

  it('claws back what is left of an override already paid, once, and a later refund takes nothing more from it', async () => {
    const { invoiceId, commission } = await p.sell(recruit, 100)
    await p.afflio.partners.bulk({ partnerIds: [recruiter.id], action: 'pay' }) // the recruiter's 10 leaves; the recruit has no payout details
    await p.afflio.track.refund({ invoiceId, amountMinor: 25 }) // after payout: -3 owed now
    expect(await balance(recruiter.id)).toEqual({ approved: -3, onHold: 0, paid: 10 })

    const fraud = await p.afflio.commissions.markFraud(commission.id, 'stolen card')
    expect(fraud.status).toBe('fraud')
    expect(await commissions(recruiter.id)).toEqual([
      ['clawback', -3, 'approved'],
      ['clawback', -7, 'approved'],
      ['override', 10, 'in_payout'],
    ])
    const takeBack = (await p.afflio.commissions.list({ partnerId: recruiter.id })).data.find((c) => c.amountMinor === -7)!
    expect(takeBack).toMatchObject({
      reversesId: expect.any(String),
      holdReasonData: { kind: 'recruited', action: 'mark_fraud' }, // the program's note stays with the recruit's commission
      reason: `clawback after payout: commission ${commission.id} marked fraud`,
    })
    // Why, as data, for the portal, the console and emails to say in the reader's words
    expect(takeBack.reasonData).toEqual({ kind: 'clawback', cause: 'fraud', fraudCommissionId: commission.id, fraudAmountMinor: 100, currency: commission.currency, afterPayout: true })
    expect(JSON.stringify(takeBack)).not.toContain('stolen card')
    expect(await balance(recruiter.id)).toEqual({ approved: -10, onHold: 0, paid: 10 })

    await p.afflio.track.refund({ invoiceId }) // the rest of the sale
    expect(await balance(recruiter.id)).toEqual({ approved: -10, onHold: 0, paid: 10 })
    expect(await balance(recruit.id)).toEqual({ approved: 0, onHold: 0, paid: 0 })
  })

  it('refuses to hold, release or void a clawback alone: what the partner owes back stays owed', async () => {
    const { invoiceId } = await p.sell(recruit, 100)
    await p.afflio.partners.bulk({ partnerIds: [recruiter.id], action: 'pay' })
    await p.afflio.track.refund({ invoiceId }) // after payout: the recruiter owes her 10 back
    const clawback = (await p.afflio.commissions.list({ partnerId: recruiter.id })).data.find((c) => c.kind === 'clawback')!
    expect(await balance(recruiter.id)).toEqual({ approved: -10, onHold: 0, paid: 10 })

    for (const act of [() => p.afflio.commissions.markFraud(clawback.id, 'x'), () => p.afflio.commissions.hold(clawback.id, 'x')]) {
      await expect(act()).rejects.toMatchObject({ status: 409, code: 'conflict', message: expect.stringContaining('moves only with its commission') })
    }
    expect(await balance(recruiter.id)).toEqual({ approved: -10, onHold: 0, paid: 10 })

    // Held with its commission, a clawback is released with it too, never alone.
    const { invoiceId: second, commission } = await p.sell(recruit, 100)
    await p.afflio.track.refund({ invoiceId: second, amountMinor: 50 })
    await p.afflio.commissions.hold(commission.id, 'checking')
    const held = (await p.afflio.commissions.list({ partnerId: recruit.id })).data.find((c) => c.kind === 'clawback' && c.reversesId === commission.id)!
    expect(held.status).toBe('on_hold')
    await expect(p.afflio.commissions.release(held.id, 'x')).rejects.toMatchObject({ status: 409 })
    expect(await balance(recruit.id)).toEqual({ approved: 0, onHold: 50, paid: 0 })
  })
})
