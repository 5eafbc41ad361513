// Migration 0050 on sales whose commission was marked fraud before it: taken back (down: the sale counted
// in the rollups as 0049 kept it, no fraud_at) and run again (up), each such sale gets the mark and the
// rollups the live mark gives it: split sales (marked through either commission), one refunded in part
// before the mark and one in full after it. An override marked fraud marks no sale.
import { Afflio } from '@afflio/sdk'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { down, up } from '../kernel/db/migrations/2026-12-06-0050-fraud-sales.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0050 (fraud sales) on %s', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  it('marks the sales of commissions marked fraud, and takes them out of the rollups as the live mark does', async () => {
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    await afflio.settings.update({ couponPolicy: { conflict: 'split', splitClickBps: 7000 }, secondTierRateBps: 1000 })
    const ann = await afflio.partners.create({ email: 'ann@partners.test', linkCode: 'ANN' })
    const bo = await afflio.partners.create({ email: 'bo@partners.test', linkCode: 'BO' })
    await afflio.partners.update(ann.id, { referredById: bo.id })
    await afflio.couponCodes.create({ partnerId: bo.id, code: 'BOCODE' })
    let ip = 0
    const click = async () => {
      const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.100.${++ip}` }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN' }) })
      return (await res.json()).clickId as string
    }
    const sale = async (invoiceId: string, amountMinor: number, couponCode?: string) => afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId: await click(), ...(couponCode && { couponCode }) })
    const split = await sale('in_split', 9999, 'BOCODE')
    const splitToo = await sale('in_split_2', 5000, 'BOCODE')
    const partly = await sale('in_partly', 3000)
    const whole = await sale('in_whole', 2000)
    const overridden = await sale('in_override', 1000)
    await sale('in_kept', 700)
    await afflio.track.refund({ invoiceId: 'in_split', amountMinor: 1001 })
    await afflio.track.refund({ invoiceId: 'in_partly', amountMinor: 500 })
    const firstMark = ctx.clock.now().toISOString()
    await afflio.commissions.markFraud(split.splitCommission!.id, 'fraud') // Bo's side
    ctx.clock.advanceDays(1)
    await afflio.commissions.markFraud(split.commission!.id, 'fraud') // Ann's too, a day later: the sale keeps the first mark
    await afflio.commissions.markFraud(splitToo.commission!.id, 'fraud')
    await afflio.commissions.markFraud(partly.commission!.id, 'fraud')
    await afflio.commissions.markFraud(whole.commission!.id, 'fraud')
    await afflio.track.refund({ invoiceId: 'in_whole' }) // refunded in full after the mark
    const override = (await afflio.commissions.list({ partnerId: bo.id })).data.find((c) => c.kind === 'override' && c.sourceId === overridden.commission!.id)!
    await afflio.commissions.markFraud(override.id, 'fraud')
    await ctx.drain()

    const db = ctx.db as unknown as Kysely<any>
    const state = async () => ({
      sales: await db.selectFrom('sales').select(['invoice_id', 'fraud_at']).where('program_id', '=', keys.program.id).orderBy('invoice_id').execute(),
      days: await db.selectFrom('link_days').select(['partner_id', 'link_id', 'sub_id', 'ref_domain', 'sales']).where('program_id', '=', keys.program.id).orderBy('partner_id').orderBy('link_id').execute(),
      money: await db.selectFrom('link_day_sales').select(['partner_id', 'link_id', 'sales', 'amount_minor', 'refunded_minor', 'refunded_sales']).where('program_id', '=', keys.program.id).orderBy('partner_id').orderBy('link_id').execute(),
    })
    const live = await state()
    expect(live.sales.filter((s) => s.fraud_at !== null).map((s) => s.invoice_id)).toEqual(['in_partly', 'in_split', 'in_split_2', 'in_whole'])
    expect(live.sales.find((s) => s.invoice_id === 'in_split')!.fraud_at).toBe(firstMark)

    await down(db)
    const counted = await db.selectFrom('link_day_sales').select(['partner_id', 'link_id', 'sales', 'amount_minor']).where('program_id', '=', keys.program.id).execute()
    const sum = (id: string, col: 'sales' | 'amount_minor') => counted.filter((r) => r.partner_id === id).reduce((s, r) => s + Number(r[col]), 0)
    // As 0049 counted them: every credited sale, Ann's click side of each split and Bo's code side.
    expect([sum(ann.id, 'sales'), sum(bo.id, 'sales')]).toEqual([6, 2])
    expect(sum(ann.id, 'amount_minor') + sum(bo.id, 'amount_minor')).toBe(9999 + 5000 + 3000 + 2000 + 1000 + 700)
    await up(db)
    const norm = (s: typeof live) => JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)))
    expect(norm(await state())).toEqual(norm(live))
  })
})
