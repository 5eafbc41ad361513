// A split sale (one partner's click, another's coupon code, coupon policy `split`) is both partners' sale
// wherever a partner's performance is counted: challenges (sales and revenue), tiers, segments, the
// partner list, the partner's overview and the portal's; each counts it once and its revenue by its part,
// and refunds take from both parts. A program's own totals count it once. A click-wins sale is the
// click's partner's alone.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { CouponPolicy } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('a split sale counts for both partners on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const window = { startsAt: '2026-11-10T00:00:00.000Z', endsAt: '2026-11-20T00:00:00.000Z' }
  const reward = { amountMinor: 100, currency: 'USD' }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-11-12T10:00:00.000Z')
  })
  afterAll(() => ctx.close())

  /** A program paying 10%, with its coupon policy, Ann (who has the click) and Bo (who has the code). */
  async function program(policy: Partial<CouponPolicy>) {
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.settings.update({ holdingDays: 0, couponPolicy: policy })
    const n = ++ip
    const ann = await afflio.partners.create({ email: `ann${n}@partners.test`, name: 'Ann', linkCode: `ANN${n}` })
    const bo = await afflio.partners.create({ email: `bo${n}@partners.test`, name: 'Bo', linkCode: `BO${n}` })
    await afflio.couponCodes.create({ partnerId: bo.id, code: `BOCODE${n}` })
    const sell = async (invoiceId: string, amountMinor: number) => {
      const res = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.${(++ip >> 8) & 255}.${ip & 255}` },
        body: JSON.stringify({ key: keys.publishableKey, code: `ANN${n}` }),
      })
      const sold = await afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId: (await res.json()).clickId, couponCode: `bocode${n}` })
      await ctx.drain()
      return sold
    }
    const bonuses = async (partnerId: string) => (await afflio.commissions.list({ partnerId })).data.filter((c) => c.kind === 'bonus').map((c) => c.reason)
    const listed = async () => {
      const rows = (await afflio.partners.list()).data
      return Object.fromEntries(rows.map((p) => [p.id === ann.id ? 'ann' : 'bo', { sales: p.performance.sales, revenue: p.performance.revenue.amountMinor }]))
    }
    const portal = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    return { afflio, ann, bo, sell, bonuses, listed, portal }
  }

  it('moves both partners’ challenges, tiers, segments and figures, each by its part; refunds take from both', async () => {
    const p = await program({ conflict: 'split', splitClickBps: 5000 })
    const { afflio } = p
    await afflio.challenges.create({ name: 'One sale', metric: 'sales', target: 1, ...window, reward })
    await afflio.challenges.create({ name: 'Revenue 5000', metric: 'revenue', target: 5000, currency: 'USD', ...window, reward })
    await afflio.rules.create({ name: 'tiered', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Silver', from: 1, value: 2000 }], tierMetric: 'sales' })

    const sold = await p.sell('in_split', 10_001)
    expect(sold.splitCommission).toMatchObject({ partnerId: p.bo.id })
    // The click side's half rounded (5000.5 → 5001), the code side the rest: the two sum to the sale.
    expect(await p.listed()).toEqual({ ann: { sales: 1, revenue: 5001 }, bo: { sales: 1, revenue: 5000 } })
    expect(await p.bonuses(p.ann.id)).toEqual(expect.arrayContaining(['challenge One sale met', 'challenge Revenue 5000 met']))
    expect(await p.bonuses(p.bo.id)).toEqual(expect.arrayContaining(['challenge One sale met', 'challenge Revenue 5000 met']))
    for (const partner of [p.ann, p.bo]) expect((await afflio.partners.tier(partner.id))?.tier?.name).toBe('Silver')

    const ids = async (conditions: Parameters<typeof afflio.segments.preview>[0]['conditions']) => (await afflio.segments.preview({ conditions })).sample.map((s) => s.id).sort()
    expect(await ids([{ type: 'salesAtLeast', count: 1, period: 'lifetime' }])).toEqual([p.ann.id, p.bo.id].sort())
    expect(await ids([{ type: 'revenueAtLeast', amountMinor: 5001, currency: 'USD', period: 'lifetime' }])).toEqual([p.ann.id])
    expect(await ids([{ type: 'revenueAtLeast', amountMinor: 5000, currency: 'USD', period: 'lifetime' }])).toEqual([p.ann.id, p.bo.id].sort())

    // The partner's overview (the console's and the portal's, from the daily rollups): one sale each, its part.
    const range = { from: '2026-11-12', to: '2026-11-12' }
    expect(await afflio.partners.overview(p.bo.id, range)).toMatchObject({ sales: 1, revenueMinor: 5000 })
    expect(await (await p.portal(p.ann.id)).overview(range)).toMatchObject({ sales: 1, revenueMinor: 5001 })
    // The program's totals count the sale once, at its whole amount.
    expect(await afflio.program.overview()).toMatchObject({ sales: 1, revenue: [{ currency: 'USD', amountMinor: 10_001 }] })

    // A quarter refunded: each part loses its share of it (1250 each here), the sale still counts.
    await afflio.track.refund({ invoiceId: 'in_split', amountMinor: 2500, refundId: 're_1' })
    expect(await p.listed()).toEqual({ ann: { sales: 1, revenue: 3751 }, bo: { sales: 1, revenue: 3750 } })
    expect(await afflio.program.overview()).toMatchObject({ sales: 1, revenue: [{ currency: 'USD', amountMinor: 7501 }] })
    // Refunded in full: no sale, no revenue, for either, nor for the program.
    await afflio.track.refund({ invoiceId: 'in_split', refundId: 're_2' })
    expect(await p.listed()).toEqual({ ann: { sales: 0, revenue: 0 }, bo: { sales: 0, revenue: 0 } })
    for (const partner of [p.ann, p.bo]) expect((await afflio.partners.tier(partner.id))?.tier).toBeNull()
    expect(await ids([{ type: 'salesAtLeast', count: 1, period: 'lifetime' }])).toEqual([])
    expect(await afflio.program.overview()).toMatchObject({ sales: 0, revenue: [{ currency: 'USD', amountMinor: 0 }] })
  })

  it('a click-wins sale moves the click partner’s challenges only', async () => {
    for (const policy of [{ conflict: 'click' }, { conflict: 'split', splitClickBps: 10_000 }] as const) {
      const p = await program(policy)
      await p.afflio.challenges.create({ name: 'One sale', metric: 'sales', target: 1, ...window, reward })
      const sold = await p.sell(`in_click_${policy.conflict}`, 10_000)
      expect(sold.splitCommission).toBeUndefined()
      expect(await p.bonuses(p.ann.id)).toEqual(['challenge One sale met'])
      expect(await p.bonuses(p.bo.id)).toEqual([])
      expect(await p.listed()).toEqual({ ann: { sales: 1, revenue: 10_000 }, bo: { sales: 0, revenue: 0 } })
    }
  })
})
