// Migration 0036 on sales split before it: taken back (down: the sale as 0035 kept it, its whole amount in
// the click partner's rollups) and run again (up), a split sale gets the same second partner, parts and
// rollups as the live writes give it, found from its code partner's commission.
import { Afflio } from '@afflio/sdk'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { down, up } from '../kernel/db/migrations/2026-12-05-0036-sale-splits.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0036 (sale splits) on %s', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  it('finds earlier split sales by their code partner’s commission, with the parts and rollups live writes give', async () => {
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    await afflio.settings.update({ couponPolicy: { conflict: 'split', splitClickBps: 7000 } })
    const ann = await afflio.partners.create({ email: 'ann@partners.test', linkCode: 'ANN' })
    const bo = await afflio.partners.create({ email: 'bo@partners.test', linkCode: 'BO' })
    await afflio.couponCodes.create({ partnerId: bo.id, code: 'BOCODE' })
    const click = async () => {
      const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.7' }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN' }) })
      return (await res.json()).clickId as string
    }
    await afflio.track.sale({ invoiceId: 'in_split', amountMinor: 9999, currency: 'USD', clickId: await click(), couponCode: 'BOCODE' })
    await afflio.track.refund({ invoiceId: 'in_split', amountMinor: 1001 })
    await afflio.track.sale({ invoiceId: 'in_code', amountMinor: 500, currency: 'USD', couponCode: 'BOCODE' }) // Bo's alone: no split
    await afflio.track.sale({ invoiceId: 'in_click', amountMinor: 700, currency: 'USD', clickId: await click() })

    const db = ctx.db as unknown as Kysely<any>
    const state = async () => ({
      sales: await db.selectFrom('sales').select(['invoice_id', 'split_partner_id', 'split_amount_minor', 'split_refunded_minor']).where('program_id', '=', keys.program.id).orderBy('invoice_id').execute(),
      days: await db.selectFrom('link_days').select(['partner_id', 'link_id', 'sales']).where('program_id', '=', keys.program.id).orderBy('partner_id').orderBy('link_id').execute(),
      money: await db.selectFrom('link_day_sales').select(['partner_id', 'link_id', 'sales', 'amount_minor', 'refunded_minor']).where('program_id', '=', keys.program.id).orderBy('partner_id').orderBy('link_id').execute(),
    })
    const live = await state()
    // 9999 at 70/30: the click side 6999, the code side 3000; of the 1001 refunded, 300 is the code side's.
    expect(live.sales.find((s) => s.invoice_id === 'in_split')).toMatchObject({ split_partner_id: bo.id })
    expect(live.sales.map((s) => [s.invoice_id, Number(s.split_amount_minor), Number(s.split_refunded_minor)])).toEqual([
      ['in_click', 0, 0],
      ['in_code', 0, 0],
      ['in_split', 3000, 300],
    ])

    await down(db)
    const before = await db.selectFrom('link_day_sales').select(['partner_id', 'amount_minor']).where('program_id', '=', keys.program.id).execute()
    const sum = (id: string) => before.filter((r) => r.partner_id === id).reduce((s, r) => s + Number(r.amount_minor), 0)
    expect([sum(ann.id), sum(bo.id)]).toEqual([9999 + 700, 500]) // as 0035 counted it: the click partner's whole sale
    await up(db)
    const migrated = await state()
    const norm = (s: typeof live) => JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)))
    expect(norm(migrated)).toEqual(norm(live))
  })
})
