// The program's note when it marks a recruit's commission fraud is about the recruit: the recruiter's rows
// (its override, and the clawback of an override already paid) carry none of it, stored or shown (docs/fraud.md).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { recruiterProgram } from '../testing-recruits.ts'
import { commissionForPartner } from './partner-view.ts'

describe.each(dialects)("the recruiter's rows when its recruit's paid commission is marked fraud, on %s", (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect })))
  afterEach(() => ctx.close())

  it('carry no note: not the portal, not the rows stored', async () => {
    const p = await recruiterProgram(ctx, { method: 'paypal', email: 'rita@pay.test' })
    const { rita, bee } = p
    const { commission } = await p.sell(bee, 10_000)
    await p.afflio.payouts.runs.create()
    await p.afflio.commissions.markFraud(commission.id, 'card stolen from bee2@victim.test')
    const body = await (await p.recruiterPortal()).text()
    expect(body).toContain('"cause":"fraud"') // the clawback is there, and says why
    expect(body).not.toMatch(/bee2@victim/)
    const stored = await ctx.db.selectFrom('commissions').select(['reason', 'reason_data', 'hold_reason', 'hold_reason_data']).where('partner_id', '=', rita.id).execute()
    expect(stored).toHaveLength(2)
    expect(JSON.stringify(stored)).not.toMatch(/bee2@victim/)
    // The program still reads its note on the recruit's commission
    expect((await p.afflio.commissions.list({ partnerId: bee.id })).data.find((c) => c.id === commission.id)?.holdReasonData).toMatchObject({ kind: 'action', action: 'mark_fraud', note: 'card stolen from bee2@victim.test' })
  })
})

describe('a fraud clawback written with the note (before it was left out), as its recruiter sees it', () => {
  it('has neither the note nor the action that carried it', () => {
    const stored = {
      kind: 'clawback' as const,
      reason: 'clawback after payout: commission com_1 marked fraud',
      reasonData: { kind: 'clawback' as const, cause: 'fraud' as const, fraudCommissionId: 'com_1', fraudAmountMinor: 2000, currency: 'USD', note: 'stolen from x@y.test', afterPayout: true as const },
      holdReason: 'mark fraud: stolen from x@y.test',
      holdReasonData: { kind: 'action' as const, action: 'mark_fraud' as const, note: 'stolen from x@y.test' },
    }
    const seen = commissionForPartner(stored)
    expect(JSON.stringify(seen)).not.toMatch(/x@y\.test/)
    expect(seen.reasonData).toEqual({ kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 2000, currency: 'USD', afterPayout: true })
    expect(seen.holdReasonData).toEqual({ kind: 'recruited', action: 'mark_fraud' })
  })
})
