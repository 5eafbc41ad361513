// A dispute the program wins gives back what its chargeback took, append-only and once: a positive clawback
// row per commission (owed now after payout), the sale's refunded total back, the partner told, the program's
// webhook told; nothing for a commission marked fraud since, and a recruiter's override follows its recruit's.
import type { Commission, WebhookEvent } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'
import { recordChargebackWon } from './reinstate-chargeback.ts'

describe.each(dialects)('a chargeback won on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  const setUp = async (settings: { holdingDays?: number; secondTierRateBps?: number } = {}) => {
    const p = await payoutProgram(ctx, { holdingDays: 0, ...settings })
    const programId = (await p.afflio.program.get()).id
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/ledger', events: ['commission.created', 'commission.reversed'] })
    /** Its balance as every screen reads it: [pending, approved, in payout, paid] */
    const balance = async (partnerId: string) => (await p.afflio.payouts.balances({ partnerId })).map((b) => [b.pendingMinor, b.approvedMinor, b.inPayoutMinor, b.paidMinor])
    const won = (invoiceId: string, disputeId: string) => recordChargebackWon(ctx.db, programId, { invoiceId, disputeId }, ctx.clock.now())
    // Sorted: rows written at one instant of the test clock have ids in no set order
    const rows = async (partnerId: string) => (await p.afflio.commissions.list({ partnerId, limit: 100 })).data.map((c) => [c.kind, c.amountMinor, c.status]).sort()
    const created = async () =>
      (await ctx.db.selectFrom('webhook_deliveries').select('payload').where('program_id', '=', programId).where('event_type', '=', 'commission.created').orderBy('id').execute())
        .map((d) => (JSON.parse(d.payload) as WebhookEvent<Commission>).data)
        .filter((c) => c.kind === 'clawback')
    const notices = async (partnerId: string) => {
      await ctx.drain()
      const { token } = await p.afflio.embedTokens.create({ partnerId })
      const res = await ctx.app.request('/v1/portal/notices', { headers: { authorization: `Bearer ${token}` } })
      return ((await res.json()) as { data: Array<{ title: string; body: string }> }).data
    }
    return { ...p, programId, balance, won, rows, created, notices }
  }

  it('unpaid and charged back in full: the reversed commission is owed again, once; a later refund takes from what was given back', async () => {
    const p = await setUp({ holdingDays: 30 })
    const ann = await p.partner('Ann')
    const { invoiceId } = await p.sell(ann, 10_000)
    await p.afflio.track.refund({ invoiceId, refundId: 'dp_full', amountMinor: 10_000 })
    expect(await p.rows(ann.id)).toEqual([['sale', 10_000, 'reversed']])
    expect(await p.balance(ann.id)).toEqual([[0, 0, 0, 0]])

    const first = await p.won(invoiceId, 'dp_full')
    expect(first).toMatchObject({ givenBackMinor: 10_000, duplicate: false, sale: { refundedMinor: 0 } })
    // Appended, never edited: the reversal stays, a row gives back what it took, in the holding period still
    expect(await p.rows(ann.id)).toEqual([['clawback', 10_000, 'pending'], ['sale', 10_000, 'reversed']])
    expect(first.commissions[0]!.reasonData).toEqual({ kind: 'clawback', cause: 'dispute_won', disputedMinor: 10_000, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false })
    expect(await p.balance(ann.id)).toEqual([[10_000, 0, 0, 0]])
    // The other of Stripe's two events, or a retry: nothing more
    expect(await p.won(invoiceId, 'dp_full')).toMatchObject({ givenBackMinor: 10_000, duplicate: true, commissions: [] })
    expect(await p.balance(ann.id)).toEqual([[10_000, 0, 0, 0]])
    expect((await p.created()).map((c) => [c.amountMinor, c.reasonData?.kind === 'clawback' && c.reasonData.cause])).toEqual([[10_000, 'dispute_won']])
    expect((await p.notices(ann.id)).map((n) => n.title)).toContain('You earned USD 100.00 back')

    // The customer is refunded 40% later: taken from what was given back, as from the commission
    await p.afflio.track.refund({ invoiceId, refundId: 're_later', amountMinor: 4000 })
    expect(await p.balance(ann.id)).toEqual([[6000, 0, 0, 0]])
    await p.afflio.track.refund({ invoiceId, refundId: 're_rest' })
    expect(await p.balance(ann.id)).toEqual([[0, 0, 0, 0]])
  })

  it('won after the commission was paid: the clawback is undone by an amount owed now', async () => {
    const p = await setUp()
    const bea = await p.partner('Bea', { method: 'paypal', email: 'bea@pay.test' })
    const { invoiceId } = await p.sell(bea, 10_000)
    const run = await p.afflio.payouts.runs.create()
    await p.afflio.payouts.runs.markPaid(run.id)
    await p.afflio.track.refund({ invoiceId, refundId: 'dp_paid', amountMinor: 10_000 })
    expect(await p.balance(bea.id)).toEqual([[0, -10_000, 0, 10_000]])

    const { commissions } = await p.won(invoiceId, 'dp_paid')
    expect(commissions).toMatchObject([{ kind: 'clawback', amountMinor: 10_000, status: 'approved', reasonData: { cause: 'dispute_won', afterPayout: true } }])
    expect(await p.balance(bea.id)).toEqual([[0, 0, 0, 10_000]])
    expect(await p.rows(bea.id)).toEqual([['clawback', -10_000, 'approved'], ['clawback', 10_000, 'approved'], ['sale', 10_000, 'paid']])
    expect((await p.notices(bea.id)).find((n) => n.title === 'You earned USD 100.00 back')?.body).toContain('added to your next payout')
  })

  it('a partly refunded sale disputed in full: the chargeback took the rest of it, and that is what comes back', async () => {
    const p = await setUp({ holdingDays: 30 })
    const cal = await p.partner('Cal')
    const { invoiceId } = await p.sell(cal, 10_001)
    await p.afflio.track.refund({ invoiceId, refundId: 're_part', amountMinor: 3000 })
    // Stripe disputes the charge's full amount: 7001 was left of the sale, and that is what it took
    expect((await p.afflio.track.refund({ invoiceId, refundId: 'dp_rest', amountMinor: 10_001 })).appliedMinor).toBe(7001)
    expect(await p.balance(cal.id)).toEqual([[0, 0, 0, 0]])
    const { sale, givenBackMinor } = await p.won(invoiceId, 'dp_rest')
    expect([sale.refundedMinor, givenBackMinor]).toEqual([3000, 7001])
    expect(await p.balance(cal.id)).toEqual([[7001, 0, 0, 0]])
  })

  it('won before its chargeback is recorded: nothing is taken, then nothing given', async () => {
    const p = await setUp({ holdingDays: 30 })
    const dan = await p.partner('Dan')
    const { invoiceId } = await p.sell(dan, 5000)
    expect(await p.won(invoiceId, 'dp_early')).toMatchObject({ givenBackMinor: 0, duplicate: false, commissions: [] })
    expect(await p.afflio.track.refund({ invoiceId, refundId: 'dp_early', amountMinor: 5000 })).toMatchObject({ appliedMinor: 0, duplicate: true, commissions: [] })
    expect(await p.rows(dan.id)).toEqual([['sale', 5000, 'pending']])
    expect(await p.balance(dan.id)).toEqual([[5000, 0, 0, 0]])
    expect(await p.won(invoiceId, 'dp_early')).toMatchObject({ duplicate: true })
  })

  it('a commission marked fraud meanwhile stays fraud, its override with it; an override follows its recruit back', async () => {
    const p = await setUp({ holdingDays: 30, secondTierRateBps: 1000 })
    const rita = await p.partner('Rita')
    const eve = await p.partner('Eve')
    const fay = await p.partner('Fay')
    await p.afflio.partners.update(eve.id, { referredById: rita.id })
    await p.afflio.partners.update(fay.id, { referredById: rita.id })
    const bad = await p.sell(eve, 10_000)
    const good = await p.sell(fay, 20_000)
    await p.afflio.track.refund({ invoiceId: bad.invoiceId, refundId: 'dp_bad', amountMinor: 5000 })
    await p.afflio.track.refund({ invoiceId: good.invoiceId, refundId: 'dp_good', amountMinor: 20_000 })
    await p.afflio.commissions.markFraud(bad.commission.id, 'stolen card')

    const before = [await p.balance(eve.id), await p.balance(rita.id)]
    expect(await p.won(bad.invoiceId, 'dp_bad')).toMatchObject({ givenBackMinor: 5000, commissions: [] })
    expect((await p.rows(eve.id)).map((r) => r[0] === 'sale' && r[2])).toEqual([false, 'fraud'])
    expect([await p.balance(eve.id), await p.balance(rita.id)]).toEqual(before)
    const given = await p.won(good.invoiceId, 'dp_good')
    expect(given.commissions.map((c) => [c.partnerId, c.amountMinor]).sort()).toEqual([[fay.id, 20_000], [rita.id, 2000]].sort())
    expect(await p.balance(fay.id)).toEqual([[20_000, 0, 0, 0]])
    // Rita's override on Eve's sale was voided with it; on Fay's, it is hers again
    expect(await p.balance(rita.id)).toEqual([[2000, 0, 0, 0]])
  })
})
