// A `revenue` tier counts the partner's sales in the program's currency only (its thresholds are in that
// currency): a sale in another currency counts as a sale and a customer, but its amount is not added to
// dollars. Every reader of the standing agrees: pricing, the partner's tier (console and portal), segments
// by tier, and the backtest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { salesProgram } from '../testing-sales.ts'

describe.each(dialects)('revenue tiers in the program currency on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  /** USD program, 10% rule with Gold (30%) from $5,000 of revenue; P0 sells ¥1,000,000, then (40 days later) $100. */
  async function yenThenDollars(tierMetric: 'revenue' | 'sales' = 'revenue') {
    const p = await salesProgram(ctx, 1)
    const from = tierMetric === 'revenue' ? 500_000 : 1
    const rule = await p.afflio.rules.create({ name: 'Volume', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Gold', from, value: 3000 }], tierMetric, tierPeriod: 'lifetime' })
    ctx.clock.set('2026-03-01T10:00:00.000Z')
    const yen = await p.afflio.track.sale({ invoiceId: 'in_yen', amountMinor: 1_000_000, currency: 'JPY', clickId: (await p.clicks('P0', 1))[0]!, customerExternalId: 'cus_jp' })
    ctx.clock.advanceDays(40)
    const dollars = await p.afflio.track.sale({ invoiceId: 'in_usd', amountMinor: 10_000, currency: 'USD', clickId: (await p.clicks('P0', 1))[0]!, customerExternalId: 'cus_us' })
    return { ...p, rule, partnerId: p.partnerIds[0]!, yen, dollars }
  }

  it('prices a sale with revenue counted in the program currency: ¥1,000,000 earlier is not $10,000', async () => {
    const { yen, dollars } = await yenThenDollars()
    expect(yen.commission).toMatchObject({ amountMinor: 100_000, currency: 'JPY', tier: null })
    expect(dollars.commission).toMatchObject({ amountMinor: 1000, currency: 'USD', tier: null, reason: 'Volume: 10% of sale' })
  })

  it('shows the same standing to the console, the portal and segments', async () => {
    const { afflio, partnerId, portalOf } = await yenThenDollars()
    expect(await afflio.partners.tier(partnerId)).toMatchObject({ metric: 'revenue', current: 10_000, tier: null, next: { name: 'Gold', from: 500_000 } })
    const portal = await portalOf(partnerId)
    expect((await portal.overview()).tier).toMatchObject({ name: null, metric: 'revenue', progress: { current: 10_000, nextThreshold: 500_000, nextName: 'Gold' } })
    expect((await afflio.segments.preview({ conditions: [{ type: 'tier', in: ['Gold'] }] })).count).toBe(0)
    expect((await afflio.segments.preview({ conditions: [{ type: 'tier', none: true }] })).count).toBe(1)
  })

  it('the backtest counts revenue as the ledger does, from the database and sale by sale', async () => {
    const { afflio, rule } = await yenThenDollars()
    const usd = async (days: number) => (await afflio.rules.backtest({ days, ruleId: rule.id, edit: {} })).totals.find((t) => t.currency === 'USD')
    // 30 days: the yen sale is before the window, counted by the query; 60: counted as the backtest goes
    expect(await usd(30)).toMatchObject({ currentMinor: 1000, proposedMinor: 1000 })
    expect(await usd(60)).toMatchObject({ currentMinor: 1000, proposedMinor: 1000 })
  })

  it('a sale in another currency still counts as a sale', async () => {
    const { afflio, partnerId, dollars } = await yenThenDollars('sales')
    expect(dollars.commission).toMatchObject({ amountMinor: 3000, tier: 'Gold' })
    expect(await afflio.partners.tier(partnerId)).toMatchObject({ metric: 'sales', current: 2, tier: { name: 'Gold' } })
  })
})
