// Every surface that shows a partner's money says the same figures, in scenarios the ledger property test
// does not generate: 0- and 3-decimal programs, a payout skipped under the minimum then made the next month,
// a hold, release and two partial refunds, a flat amount in another currency than the sale's, a recruit's
// commission marked fraud before and after the recruiter's override was paid, a tier crossed then lost to
// a refund, a budget reached by a sale. After each step `agree` reads, through the API: GET /v1/balances,
// the console's partner payouts and overview, the portal's payouts, overview (and its series) and
// commissions, the partner list's earnings, the link's stats, and the commission list, and checks they are
// one set of figures, summed here from the commission list by status. What the scenario expects of them,
// and of the payout preview, run, export, notices (the emails' text), webhooks and audit log, it says.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { LedgerTotals } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

type Figures = Omit<LedgerTotals, 'currency'>
const ZERO: Figures = { pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 }
const KEY = { pending: 'pendingMinor', on_hold: 'onHoldMinor', approved: 'approvedMinor', in_payout: 'inPayoutMinor', paid: 'paidMinor' } as const

describe.each(dialects)('money on every surface on %s', (dialect) => {
  let ctx: TestContext
  let n = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  beforeAll(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterAll(() => ctx.close())

  async function program(currency: string, rateBps = 1000) {
    ctx.clock.set('2026-11-03T10:00:00.000Z')
    const keys = await ctx.createProgram({ currency, defaultCommission: { type: 'percent', rateBps } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.example.com/afflio', events: ['*'] })
    const portalOf = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    /** A partner with a link, paid by Wise unless `details` is false. */
    const partner = async (name: string, details = true) => {
      const code = `${name.toUpperCase()}${++n}`
      const p = await afflio.partners.create({ email: `${code.toLowerCase()}@partners.test`, name, linkCode: code })
      if (details) await (await portalOf(p.id)).payoutDetails.update({ method: 'wise', email: `${code.toLowerCase()}@wise.test` })
      return { id: p.id, code }
    }
    // A minute between writes: rows, notices and events list in the order they happened
    const tick = () => ctx.clock.advanceDays(1 / 1440)
    const sell = async (who: { code: string }, invoiceId: string, amountMinor: number, saleCurrency = currency) => {
      tick()
      const res = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.${(++n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ key: keys.publishableKey, code: who.code }),
      })
      const sold = await afflio.track.sale({ invoiceId, amountMinor, currency: saleCurrency, clickId: (await res.json()).clickId })
      await ctx.drain()
      return sold
    }

    /** Every surface's figures for the partner, checked to be one set; answers it, per currency. */
    const agree = async (who: { id: string }): Promise<Record<string, Figures>> => {
      await ctx.drain()
      const rows = (await afflio.commissions.list({ partnerId: who.id, limit: 100 })).data
      const summed: Record<string, Figures> = {}
      for (const c of rows) {
        const t = (summed[c.currency] ??= { ...ZERO })
        if (c.status in KEY) t[KEY[c.status as keyof typeof KEY]] += c.amountMinor
      }
      const byCurrency = (list: LedgerTotals[]) => Object.fromEntries(list.map(({ currency: c, pendingMinor, onHoldMinor, approvedMinor, inPayoutMinor, paidMinor }) => [c, { pendingMinor, onHoldMinor, approvedMinor, inPayoutMinor, paidMinor }]))
      // The program's currency is always listed on the partner's screens, at zero without a commission in it
      const shown = { [currency]: { ...ZERO }, ...summed }
      const portal = await portalOf(who.id)
      const all = { from: '2026-11-01', to: ctx.clock.now().toISOString().slice(0, 10) }
      expect(byCurrency(await afflio.payouts.balances({ partnerId: who.id })), 'GET /v1/balances').toEqual(summed)
      expect(byCurrency((await afflio.partners.payouts(who.id)).balances), "console: the partner's payouts").toEqual(shown)
      expect(byCurrency((await portal.payouts.get()).balances), 'portal: payouts').toEqual(shown)
      const overview = await portal.overview({ ...all, interval: 'month' })
      expect(byCurrency(overview.earnings), 'portal: overview').toEqual(shown)
      expect(byCurrency((await afflio.partners.overview(who.id, all)).earnings), "console: the partner's overview").toEqual(shown)
      const counted = (f: Figures = ZERO) => f.pendingMinor + f.onHoldMinor + f.approvedMinor + f.inPayoutMinor + f.paidMinor
      expect(overview.series.reduce((sum, p) => sum + p.earningsMinor, 0), "portal: the overview's series").toBe(counted(summed[currency]))
      const listed = (await afflio.partners.list()).data.find((p) => p.id === who.id)!
      expect(listed.performance.earnings, "console: the partner list's earnings").toEqual({ amountMinor: counted(summed[currency]), currency })
      const mine = (await portal.commissions.list({ limit: 100 })).data
      expect(mine.map((c) => [c.id, c.status, c.amountMinor, c.currency]), 'portal: commissions').toEqual(rows.map((c) => [c.id, c.status, c.amountMinor, c.currency]))
      return summed
    }
    const refund = async (invoiceId: string, amountMinor?: number) => {
      tick()
      await afflio.track.refund({ invoiceId, ...(amountMinor !== undefined && { amountMinor }) })
      await ctx.drain()
    }
    const markFraud = async (id: string) => {
      tick()
      await afflio.commissions.markFraud(id, 'stolen card')
    }
    const notices = async (partnerId: string) => (await ctx.db.selectFrom('notices').select(['title', 'body']).where('partner_id', '=', partnerId).orderBy('created_at').orderBy('id').execute()).map((x) => `${x.title} | ${x.body}`)
    const hooks = async (type: string) =>
      (await ctx.db.selectFrom('webhook_deliveries').select('payload').where('program_id', '=', keys.program.id).where('event_type', '=', type).orderBy('id').execute()).map((w) => JSON.parse(w.payload).data as { amountMinor: number; currency: string; partnerId: string })
    return { keys, afflio, partner, sell, refund, markFraud, agree, notices, hooks }
  }

  it('JPY: a balance under the minimum is skipped by the preview and the run, and paid whole the next month', async () => {
    const p = await program('JPY')
    await p.afflio.settings.update({ holdingDays: 0, payoutMinimums: { JPY: 1000 } })
    const ann = await p.partner('ann')
    await p.sell(ann, 'in_1', 5005) // 10%: ¥500.5, rounded away from zero
    expect(await p.agree(ann)).toEqual({ JPY: { ...ZERO, approvedMinor: 501 } })
    const skipped = [{ partnerId: ann.id, currency: 'JPY', approvedMinor: 501, reason: 'below_minimum' }]
    expect(await p.afflio.payouts.runs.preview()).toMatchObject({ payees: [], skipped })
    await expect(p.afflio.payouts.runs.create()).rejects.toMatchObject({ status: 422, code: 'nothing_to_pay' })
    expect((await p.afflio.partners.payouts(ann.id)).balances[0]).toMatchObject({ minimumMinor: 1000 })

    ctx.clock.set('2026-12-03T10:00:00.000Z')
    await p.sell(ann, 'in_2', 5005)
    expect(await p.afflio.payouts.runs.preview()).toMatchObject({ payees: [{ partnerId: ann.id, currency: 'JPY', amountMinor: 1002 }], skipped: [] })
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts.map((x) => [x.partnerId, x.amountMinor, x.currency])).toEqual([[ann.id, 1002, 'JPY']])
    expect(await p.agree(ann)).toEqual({ JPY: { ...ZERO, inPayoutMinor: 1002 } })
    expect((await p.afflio.payouts.runs.export(run.id, { format: 'wise' })).split('\r\n')[1]).toContain(',target,1002,JPY,JPY,')
    expect((await p.afflio.payouts.runs.export(run.id, { format: 'paypal' })).trim()).toBe('') // paid by Wise: no PayPal line
    ctx.clock.advanceDays(1)
    await p.afflio.payouts.runs.markPaid(run.id)
    expect(await p.agree(ann)).toEqual({ JPY: { ...ZERO, paidMinor: 1002 } })
    expect(await p.notices(ann.id)).toEqual([
      "You earned JPY 501 | You earned JPY 501 (Program default: 10% of a JPY 5,005 sale). It is approved. Your approved balance, JPY 501, is paid once it reaches the program's minimum payout of JPY 1,000.",
      'You earned JPY 501 | You earned JPY 501 (Program default: 10% of a JPY 5,005 sale). It is approved and will be in your next payout.',
      'Payout sent: JPY 1,002 | We sent you a payout of JPY 1,002. Depending on your payout method, it can take a few days to arrive.',
    ])
    expect((await p.hooks('payout.paid')).map((x) => [x.amountMinor, x.currency])).toEqual([[1002, 'JPY']])
    const created = (await p.afflio.auditLog.list({ action: 'payout_run.created' })).data
    expect(created.map((e) => e.after)).toEqual([{ payouts: 1, totalsMinor: { JPY: 1002 }, skipped: 0 }])
  })

  it('KWD: held, released, refunded in part twice, paid, then refunded again: the clawback is owed back', async () => {
    const p = await program('KWD', 1234)
    await p.afflio.settings.update({ holdingDays: 0 })
    const ann = await p.partner('ann')
    const sold = await p.sell(ann, 'in_k', 10_001) // 12.34% of 10.001 KWD: 1.234
    await p.afflio.commissions.hold(sold.commission!.id, 'checking')
    expect(await p.agree(ann)).toEqual({ KWD: { ...ZERO, onHoldMinor: 1234 } })
    await p.afflio.commissions.release(sold.commission!.id, 'fine')
    await p.refund('in_k', 3333)
    await p.refund('in_k', 3333)
    // The two thirds' clawbacks, on the cumulative refund so the rounding never drifts: 411 then 412
    expect(await p.agree(ann)).toEqual({ KWD: { ...ZERO, approvedMinor: 1234 - 411 - 412 } })
    expect((await p.hooks('commission.reversed')).map((x) => x.amountMinor)).toEqual([-411, -412])
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts.map((x) => x.amountMinor)).toEqual([411])
    expect((await p.afflio.payouts.runs.export(run.id, { format: 'wise' })).split('\r\n')[1]).toContain(',target,0.411,KWD,KWD,')
    await p.afflio.payouts.runs.markPaid(run.id)
    await p.refund('in_k', 3335) // the rest: what was paid is clawed back
    expect(await p.agree(ann)).toEqual({ KWD: { ...ZERO, approvedMinor: -411, paidMinor: 411 } })
    expect(await p.afflio.payouts.runs.preview()).toMatchObject({ payees: [], skipped: [{ partnerId: ann.id, approvedMinor: -411, reason: 'owed_back' }] })
    expect((await p.notices(ann.id)).map((x) => x.split(' | ')[0])).toEqual(['You earned KWD 1.234', 'Payout sent: KWD 0.411'])
  })

  it('a flat amount in another currency than the sale’s: paid in the rule’s, clawed back in proportion, nothing for a sale of 0', async () => {
    const p = await program('JPY')
    await p.afflio.settings.update({ holdingDays: 0, payoutMinimums: { USD: 500 } })
    await p.afflio.rules.create({ name: 'Flat', event: 'sale', type: 'flat', value: 300, currency: 'USD' })
    const ann = await p.partner('ann')
    // A trial's or fully discounted invoice: Stripe's is no sale (stripe/events.ts), and one reported here earns nothing either
    expect((await p.sell(ann, 'in_trial', 0)).commission).toBeNull()
    expect((await p.sell(ann, 'in_f', 100)).commission).toMatchObject({ amountMinor: 300, currency: 'USD' })
    await p.refund('in_f', 50)
    expect(await p.agree(ann)).toEqual({ USD: { ...ZERO, approvedMinor: 150 } })
    expect(await p.afflio.payouts.runs.preview()).toMatchObject({ payees: [], skipped: [{ partnerId: ann.id, currency: 'USD', approvedMinor: 150, reason: 'below_minimum' }] })
    expect(await p.notices(ann.id)).toEqual([
      "You earned USD 3.00 | You earned USD 3.00 (Flat v1: USD 3.00 per sale). It is approved. Your approved balance, USD 3.00, is paid once it reaches the program's minimum payout of USD 5.00.",
    ])
  })

  it('BHD: a recruit’s commission marked fraud takes the unpaid override with it, and claws back a paid one', async () => {
    const p = await program('BHD')
    await p.afflio.settings.update({ holdingDays: 0, secondTierRateBps: 1500 })
    const rec = await p.partner('rec')
    const kid = await p.partner('kid', false) // no payout details: its own commissions wait
    await p.afflio.partners.update(kid.id, { referredById: rec.id })
    const first = await p.sell(kid, 'in_a', 12_345) // 1.235 BHD; the override 15%: 0.185
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts.map((x) => [x.partnerId, x.amountMinor])).toEqual([[rec.id, 185]])
    expect(run.skipped).toEqual([{ partnerId: kid.id, currency: 'BHD', approvedMinor: 1235, reason: 'missing_payout_details' }])
    await p.afflio.payouts.runs.markPaid(run.id)
    const second = await p.sell(kid, 'in_b', 7777) // 0.778; the override 0.117
    expect(await p.agree(rec)).toEqual({ BHD: { ...ZERO, approvedMinor: 117, paidMinor: 185 } })
    await p.markFraud(second.commission!.id)
    await p.markFraud(first.commission!.id)
    expect(await p.agree(kid)).toEqual({ BHD: { ...ZERO } })
    expect(await p.agree(rec)).toEqual({ BHD: { ...ZERO, approvedMinor: -185, paidMinor: 185 } })
    // One event per commission that moved (the events of one mark share its instant: sorted here)
    expect((await p.hooks('commission.marked_fraud')).map((x) => `${x.partnerId === rec.id ? 'rec' : 'kid'} ${x.amountMinor}`).sort()).toEqual(['kid 1235', 'kid 778', 'rec 117'])
    expect((await p.hooks('commission.reversed')).map((x) => [x.partnerId === rec.id ? 'rec' : 'kid', x.amountMinor])).toEqual([['rec', -185]])
  })

  it('a tier crossed mid-month then lost to refunds: each sale keeps the rate it was priced at, and the standing says where the partner is', async () => {
    const p = await program('USD')
    await p.afflio.rules.create({ name: 'Tiered', event: 'sale', type: 'percent', value: 1000, tierMetric: 'revenue', tierPeriod: 'month', tiers: [{ name: 'Gold', from: 20_000, value: 2000 }] })
    const ann = await p.partner('ann')
    await p.sell(ann, 'in_1', 15_000)
    ctx.clock.set('2026-11-10T10:00:00.000Z')
    await p.sell(ann, 'in_2', 10_000)
    ctx.clock.set('2026-11-15T10:00:00.000Z')
    expect((await p.sell(ann, 'in_3', 10_000)).commission).toMatchObject({ amountMinor: 2000, tier: 'Gold' }) // $250 before it
    await p.refund('in_1', 10_000)
    await p.refund('in_2', 6000) // $190 before the next sale: under Gold
    ctx.clock.set('2026-11-20T10:00:00.000Z')
    expect((await p.sell(ann, 'in_4', 10_000)).commission).toMatchObject({ amountMinor: 1000, tier: null })
    expect(await p.agree(ann)).toEqual({ USD: { ...ZERO, pendingMinor: 1500 - 1000 + 1000 - 600 + 2000 + 1000 } })
    const standing = { current: 29_000, tier: { name: 'Gold' } }
    expect(await p.afflio.partners.tier(ann.id)).toMatchObject(standing)
    expect((await (await new AfflioPortal({ token: (await p.afflio.embedTokens.create({ partnerId: ann.id })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })).overview()).tier).toMatchObject({ name: 'Gold', progress: { current: 29_000 } })
    expect((await p.notices(ann.id)).map((x) => x.split(' | ')[0])).toEqual(['You earned USD 15.00', 'You earned USD 10.00', 'You earned USD 20.00', 'You earned USD 10.00'])
  })

  it('a budget reached by a sale: stepped down, its notice and the balances say the same amount', async () => {
    const p = await program('USD')
    await p.afflio.settings.update({ holdingDays: 0 })
    await p.afflio.budgets.create({ name: 'November', scope: 'program', period: 'month', amountMinor: 1500, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
    const ann = await p.partner('ann')
    await p.sell(ann, 'in_1', 10_000)
    expect((await p.sell(ann, 'in_2', 10_000)).commission).toMatchObject({ amountMinor: 500 }) // $10 would pass $15: half
    await p.refund('in_2', 5000)
    expect(await p.agree(ann)).toEqual({ USD: { ...ZERO, approvedMinor: 1000 + 500 - 250 } })
    expect((await p.afflio.payouts.runs.preview()).payees).toEqual([{ partnerId: ann.id, currency: 'USD', amountMinor: 1250 }])
    expect((await p.notices(ann.id))[1]).toContain('You earned USD 5.00 (Program default: 10% of a USD 100.00 sale = USD 10.00. The program’s commission budget for this period is reached: 50% of USD 10.00 = USD 5.00)')
  })
})
