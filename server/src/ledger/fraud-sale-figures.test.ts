// A sale whose partner's commission is marked fraud counts nowhere as performance: not in the tier that
// prices the partner's later sales, not in challenges or segments, not in the partner list, the partner's
// overview (console and portal), its links' figures or the program's totals (the daily rollups, corrected
// by the mark). A split sale marked through either partner's commission counts for neither. Refunds before
// or after the mark leave the rollups as if the sale had never been counted, a refund in progress too (the
// mark waits for the sale's lock). What was priced before the mark stays as it was.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext, WAITING_ON_ME } from '../testing.ts'

describe.each(dialects)('a sale marked fraud counts nowhere on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const window = { startsAt: '2026-11-10T00:00:00.000Z', endsAt: '2026-11-20T00:00:00.000Z' }
  const range = { from: '2026-11-12', to: '2026-11-12' }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-11-12T10:00:00.000Z')
  })
  afterAll(() => ctx.close())

  /** A program paying 10% at once, split coupon policy, Ann (links) and Bo (a coupon code). */
  async function program() {
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.settings.update({ holdingDays: 0, couponPolicy: { conflict: 'split', splitClickBps: 5000 } })
    const n = ++ip
    const ann = await afflio.partners.create({ email: `ann${n}@partners.test`, name: 'Ann', linkCode: `ANN${n}` })
    const bo = await afflio.partners.create({ email: `bo${n}@partners.test`, name: 'Bo', linkCode: `BO${n}` })
    await afflio.couponCodes.create({ partnerId: bo.id, code: `BOCODE${n}` })
    /** A sale through Ann's link; `split`: with Bo's code too. */
    const sell = async (invoiceId: string, amountMinor: number, split = false) => {
      const res = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.${(++ip >> 8) & 255}.${ip & 255}` },
        body: JSON.stringify({ key: keys.publishableKey, code: `ANN${n}` }),
      })
      const sold = await afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId: (await res.json()).clickId, ...(split && { couponCode: `BOCODE${n}` }) })
      await ctx.drain()
      return sold
    }
    const markFraud = async (commissionId: string) => {
      await afflio.commissions.markFraud(commissionId, 'stolen card')
      await ctx.drain()
    }
    const listed = async () => {
      const rows = (await afflio.partners.list()).data
      return Object.fromEntries(rows.map((p) => [p.id === ann.id ? 'ann' : 'bo', { sales: p.performance.sales, revenue: p.performance.revenue.amountMinor }]))
    }
    const commission = async (id: string) => (await afflio.commissions.list({ limit: 100 })).data.find((c) => c.id === id)!
    const portal = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    /** Every rollup row of the program: what the overviews read. */
    const rollups = async () => ({
      days: (await ctx.db.selectFrom('link_days').select(['partner_id', 'link_id', 'sales']).where('program_id', '=', keys.program.id).execute()).map((r) => ({ ...r, sales: Number(r.sales) })),
      money: (await ctx.db.selectFrom('link_day_sales').select(['partner_id', 'link_id', 'sales', 'amount_minor', 'refunded_minor', 'refunded_sales']).where('program_id', '=', keys.program.id).execute()).map((r) => ({
        ...r,
        sales: Number(r.sales),
        amount_minor: Number(r.amount_minor),
        refunded_minor: Number(r.refunded_minor),
        refunded_sales: Number(r.refunded_sales),
      })),
    })
    return { keys, afflio, ann, bo, sell, markFraud, listed, commission, portal, rollups }
  }

  it('no longer lifts the partner’s tier: the next sale is priced at the base rate', async () => {
    const p = await program()
    await p.afflio.rules.create({ name: 'tiered', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Silver', from: 1, value: 2000 }], tierMetric: 'sales' })
    const first = await p.sell('in_1', 10_000)
    expect(first.commission).toMatchObject({ amountMinor: 1000, tier: null })
    expect(await p.afflio.partners.tier(p.ann.id)).toMatchObject({ current: 1, tier: { name: 'Silver' } })

    await p.markFraud(first.commission!.id)
    expect(await p.afflio.partners.tier(p.ann.id)).toMatchObject({ current: 0, tier: null, next: { name: 'Silver' } })
    const second = await p.sell('in_2', 10_000)
    expect(second.commission).toMatchObject({ amountMinor: 1000, tier: null }) // the fraud sale does not count: base rate
    // Counted as a sale, the second lifts the third.
    expect((await p.sell('in_3', 10_000)).commission).toMatchObject({ amountMinor: 2000, tier: 'Silver' })
    // What was priced before the mark is not repriced.
    expect((await p.commission(second.commission!.id)).amountMinor).toBe(1000)
  })

  it('no longer moves a challenge: its progress drops and a later sale does not meet the target', async () => {
    const p = await program()
    const sales = await p.afflio.challenges.create({ name: 'Two sales', metric: 'sales', target: 2, ...window, reward: { amountMinor: 100, currency: 'USD' } })
    const revenue = await p.afflio.challenges.create({ name: 'Revenue 15000', metric: 'revenue', target: 15_000, currency: 'USD', ...window, reward: { amountMinor: 100, currency: 'USD' } })
    const first = await p.sell('in_1', 10_000)
    const progress = async (id: string) => (await p.afflio.challenges.get(id)).leaderboard.find((s) => s.partnerId === p.ann.id)?.progress ?? 0
    expect([await progress(sales.id), await progress(revenue.id)]).toEqual([1, 10_000])

    await p.markFraud(first.commission!.id)
    expect([await progress(sales.id), await progress(revenue.id)]).toEqual([0, 0])
    await p.sell('in_2', 10_000)
    expect([await progress(sales.id), await progress(revenue.id)]).toEqual([1, 10_000])
    expect((await p.afflio.commissions.list({ partnerId: p.ann.id })).data.filter((c) => c.kind === 'bonus')).toEqual([])
    expect((await (await p.portal(p.ann.id)).challenges.list()).map((c) => c.progress).sort((a, b) => a - b)).toEqual([1, 10_000])
  })

  it('no longer qualifies the partner for a segment', async () => {
    const p = await program()
    const ids = async (conditions: Parameters<typeof p.afflio.segments.preview>[0]['conditions']) => (await p.afflio.segments.preview({ conditions })).sample.map((s) => s.id)
    const first = await p.sell('in_1', 10_000)
    const bySales = [{ type: 'salesAtLeast' as const, count: 1, period: 'lifetime' as const }]
    const byRevenue = [{ type: 'revenueAtLeast' as const, amountMinor: 1, currency: 'USD', period: 'lifetime' as const }]
    const byTop = [{ type: 'revenueTopPercent' as const, percent: 50, period: 'lifetime' as const }]
    expect([await ids(bySales), await ids(byRevenue), await ids(byTop)]).toEqual([[p.ann.id], [p.ann.id], [p.ann.id]])

    await p.markFraud(first.commission!.id)
    expect([await ids(bySales), await ids(byRevenue), await ids(byTop)]).toEqual([[], [], []])
  })

  it('drops out of the partner list, the partner’s overview in the console and the portal, its link and the program’s totals', async () => {
    const p = await program()
    await p.sell('in_keep', 3_000)
    const fraud = await p.sell('in_fraud', 10_000)
    const portal = await p.portal(p.ann.id)
    expect(await p.listed()).toMatchObject({ ann: { sales: 2, revenue: 13_000 } })
    expect(await portal.overview(range)).toMatchObject({ sales: 2, revenueMinor: 13_000 })

    await p.markFraud(fraud.commission!.id)
    expect(await p.listed()).toMatchObject({ ann: { sales: 1, revenue: 3_000 } })
    expect(await p.afflio.partners.overview(p.ann.id, range)).toMatchObject({ sales: 1, revenueMinor: 3_000 })
    expect(await portal.overview(range)).toMatchObject({ sales: 1, revenueMinor: 3_000 })
    expect((await portal.links.list()).data.map((l) => l.sales)).toEqual([1])
    expect(await p.afflio.program.overview()).toMatchObject({ sales: 1, revenue: [{ currency: 'USD', amountMinor: 3_000 }] })
  })

  it('a split sale marked through either partner’s commission counts for neither, and is taken out once', async () => {
    const p = await program()
    const sold = await p.sell('in_split', 10_001, true)
    expect(await p.listed()).toEqual({ ann: { sales: 1, revenue: 5001 }, bo: { sales: 1, revenue: 5000 } })

    await p.markFraud(sold.splitCommission!.id) // Bo's
    const audit = async () => (await p.afflio.auditLog.list({ action: 'commission.marked_fraud' })).data.map((e) => (e.after as { saleMarkedFraud?: string }).saleMarkedFraud ?? null)
    expect(await audit()).toEqual([sold.sale.id])
    expect(await p.listed()).toEqual({ ann: { sales: 0, revenue: 0 }, bo: { sales: 0, revenue: 0 } })
    expect(await p.afflio.partners.overview(p.bo.id, range)).toMatchObject({ sales: 0, revenueMinor: 0 })
    expect(await p.afflio.program.overview()).toMatchObject({ sales: 0, revenue: [] }) // no sale of the currency left to count
    // Ann's commission stands until it is marked too; marking it takes nothing more out.
    expect((await p.commission(sold.commission!.id)).status).toBe('approved')
    await p.markFraud(sold.commission!.id)
    expect(await audit()).toEqual([null, sold.sale.id]) // newest first: the second mark marked nothing more
    const { days, money } = await p.rollups()
    expect(days.filter((d) => d.sales !== 0)).toEqual([])
    expect(money.filter((m) => m.sales !== 0 || m.amount_minor !== 0 || m.refunded_minor !== 0 || m.refunded_sales !== 0)).toEqual([])
  })

  it('refunds before and after the mark leave the rollups as if the sale was never counted', async () => {
    const p = await program()
    const partly = await p.sell('in_partly', 10_001, true)
    const whole = await p.sell('in_whole', 4_000)
    await p.afflio.track.refund({ invoiceId: 'in_partly', amountMinor: 2_500 })
    await p.afflio.track.refund({ invoiceId: 'in_whole' }) // refunded in full: already no sale, its money netted out
    await p.markFraud(partly.commission!.id)
    await p.afflio.track.refund({ invoiceId: 'in_partly', amountMinor: 1_000 }) // after the mark: nothing to take from
    expect((await p.commission(whole.commission!.id)).status).toBe('reversed')
    const { days, money } = await p.rollups()
    expect(days.filter((d) => d.sales !== 0)).toEqual([])
    // The refunded sale keeps its money and refund in the rollups (net 0); the fraud sale has none.
    expect(money.filter((m) => m.sales !== 0 || m.amount_minor !== 0 || m.refunded_minor !== 0)).toEqual([
      expect.objectContaining({ partner_id: p.ann.id, sales: 1, amount_minor: 4_000, refunded_minor: 4_000, refunded_sales: 1 }),
    ])
    expect(await p.afflio.program.overview()).toMatchObject({ sales: 0, revenue: [{ currency: 'USD', amountMinor: 0 }] })
  })

  it('a mark racing a refund of its sale waits for it: the rollups end as if the sale was never counted', async () => {
    const p = await program()
    const sold = await p.sell('in_race', 10_001, true)
    const mark = () => p.afflio.commissions.markFraud(sold.commission!.id, 'stolen card')
    const refund = () => p.afflio.track.refund({ invoiceId: 'in_race', amountMinor: 1_000 })
    if (dialect === 'postgres') {
      // Forced into the interleaving that matters: a connection holds the program's row, so the refund,
      // having locked the sale and counted its refund in the rollups, waits for the ledger; the mark then
      // starts and must wait for the sale (reading it before the refund commits would take the wrong
      // refunded total out of the rollups).
      const schema = (await ctx.db.selectNoFrom((e) => e.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s
      const holder = new pg.Client({ connectionString: process.env.AFFLIO_TEST_POSTGRES_URL })
      await holder.connect()
      try {
        await holder.query(`set search_path to "${schema}"`)
        await holder.query('begin')
        await holder.query('select id from programs where id = $1 for no key update', [p.keys.program.id])
        const waiting = async (n: number) => {
          for (let i = 0; i < 200; i++) {
            const { rows } = await holder.query(WAITING_ON_ME)
            if (rows[0].n >= n) return
            await new Promise((r) => setTimeout(r, 25))
          }
          throw new Error(`expected ${n} statements waiting`)
        }
        const refunded = refund()
        await waiting(1)
        const marked = mark()
        await waiting(2) // the mark waits for the sale (or, had it read the sale unlocked, for the ledger)
        await holder.query('commit')
        await Promise.all([refunded, marked])
      } finally {
        await holder.end()
      }
    } else await Promise.all([refund(), mark()])
    await ctx.drain()
    const { days, money } = await p.rollups()
    expect(days.filter((d) => d.sales !== 0)).toEqual([])
    expect(money.filter((m) => m.sales !== 0 || m.amount_minor !== 0 || m.refunded_minor !== 0 || m.refunded_sales !== 0)).toEqual([])
  })

  it('an override or a bonus marked fraud marks no sale', async () => {
    const p = await program()
    await p.afflio.settings.update({ secondTierRateBps: 1000 })
    await p.afflio.partners.update(p.ann.id, { referredById: p.bo.id })
    await p.sell('in_1', 10_000)
    const override = (await p.afflio.commissions.list({ partnerId: p.bo.id })).data.find((c) => c.kind === 'override')!
    await p.markFraud(override.id)
    expect(await p.listed()).toMatchObject({ ann: { sales: 1, revenue: 10_000 } })
    expect(await p.afflio.program.overview()).toMatchObject({ sales: 1 })
  })
})
