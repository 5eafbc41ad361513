// Coupon codes end to end through the SDK on a real, migrated database: codes credit sales without a click;
// a click and a code of two partners follow the program's policy (click, code, split); split sums, refunds,
// replays and concurrent sales; the portal's policy; Stripe promotion codes against recorded answers.
import { readFileSync } from 'node:fs'
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { CouponPolicy } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { json, localServer, type Recorded } from '../testing-payouts.ts'

const recorded = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'))

describe.each(dialects)('coupon codes on %s', (dialect) => {
  let ctx: TestContext
  let stripe: Awaited<ReturnType<typeof localServer>>
  let ip = 0
  const fetchApp = async (input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)

  beforeAll(async () => {
    // Stripe's recorded answers: a promotion code, or the refusal of a code it has already.
    stripe = await localServer((req: Recorded, res) => {
      const form = new URLSearchParams(req.body)
      if (req.url === '/v1/promotion_codes' && form.get('code') === 'TAKEN10') return json(res, 400, recorded('promotion_code.exists'))
      const promo = recorded('promotion_code')
      if (req.url === '/v1/promotion_codes') return json(res, 200, { ...promo, id: `promo_${form.get('code')}`, code: form.get('code'), metadata: { afflio_code_id: form.get('metadata[afflio_code_id]'), afflio_partner_id: form.get('metadata[afflio_partner_id]') } })
      return json(res, 200, { ...promo, id: req.url.split('/').pop(), active: form.get('active') === 'true' })
    })
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true }, stripe: { baseUrl: stripe.url } })
  })
  afterAll(async () => {
    await ctx.close()
    await stripe.close()
  })

  /** A program paying 20% of each sale, with its policy, and two partners. */
  async function program(policy: Partial<CouponPolicy> = {}) {
    const keys = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    if (Object.keys(policy).length) await afflio.settings.update({ couponPolicy: policy })
    const n = ++ip
    const ann = await afflio.partners.create({ email: `ann${n}@partners.test`, name: 'Ann', linkCode: `ANN${n}` })
    const bo = await afflio.partners.create({ email: `bo${n}@partners.test`, name: 'Bo', linkCode: `BO${n}` })
    const click = async (code: string) => {
      const res = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.${(++ip >> 8) & 255}.${ip & 255}` },
        body: JSON.stringify({ key: keys.publishableKey, code }),
      })
      expect(res.status).toBe(201)
      return (await res.json()).clickId as string
    }
    const portalOf = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const commissionsOfSale = (saleId: string) => ctx.db.selectFrom('commissions').selectAll().where('sale_id', '=', saleId).orderBy('id').execute()
    return { keys, afflio, ann, bo, click, portalOf, commissionsOfSale, annLink: `ANN${n}` }
  }

  it('credits a sale reported with a code to the code’s partner, without a click, whatever the case', async () => {
    const p = await program()
    const code = await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'Bo-Spring' })
    expect(code).toMatchObject({ partnerId: p.bo.id, code: 'Bo-Spring', status: 'active', createdBy: 'program', stripePromotionCodeId: null })

    const sold = await p.afflio.track.sale({ invoiceId: 'in_code_1', amountMinor: 10_000, currency: 'USD', couponCode: 'BO-SPRING' })
    expect(sold.sale).toMatchObject({ partnerId: p.bo.id, clickId: null, couponCode: 'BO-SPRING', couponCodeId: code.id })
    expect(sold.commission).toMatchObject({ partnerId: p.bo.id, amountMinor: 2000, kind: 'sale' })
    expect(sold.splitCommission).toBeUndefined()
    // Its decision record says the code credited it, not a click.
    expect((await p.afflio.commissions.explain(sold.commission!.id)).decision?.attribution).toMatchObject({ by: 'code', clickId: null, couponCode: 'BO-SPRING' })

    // An unknown code is kept on the sale, and credits nobody.
    const unknown = await p.afflio.track.sale({ invoiceId: 'in_code_2', amountMinor: 10_000, currency: 'USD', couponCode: 'NOPE' })
    expect(unknown.sale).toMatchObject({ partnerId: null, couponCode: 'NOPE', couponCodeId: null })
    expect(unknown.commission).toBeNull()

    // A disabled code credits nothing more; enabled again, it does.
    await p.afflio.couponCodes.update(code.id, { status: 'disabled' })
    expect((await p.afflio.track.sale({ invoiceId: 'in_code_3', amountMinor: 5000, currency: 'USD', couponCode: 'bo-spring' })).commission).toBeNull()
    expect(await p.afflio.couponCodes.update(code.id, { status: 'active' })).toMatchObject({ status: 'active', disabledAt: null })
    // A repeat of an uncredited sale that brings the code credits it then, once.
    const late = await p.afflio.track.sale({ invoiceId: 'in_code_3', amountMinor: 5000, currency: 'USD', couponCode: 'bo-spring' })
    expect(late).toMatchObject({ duplicate: false, sale: { partnerId: p.bo.id, couponCodeId: code.id }, commission: { amountMinor: 1000 } })
    expect((await p.afflio.track.sale({ invoiceId: 'in_code_3', amountMinor: 5000, currency: 'USD', couponCode: 'bo-spring' })).duplicate).toBe(true)
  })

  it('a suspended partner’s code claims no new sale: as an unknown code, so a click wins it under any policy', async () => {
    for (const conflict of ['click', 'code', 'split'] as const) {
      const p = await program({ conflict })
      await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: `BOSUS${conflict}` })
      await p.afflio.partners.update(p.bo.id, { status: 'suspended' })
      const alone = await p.afflio.track.sale({ invoiceId: `in_sus_${conflict}`, amountMinor: 10_000, currency: 'USD', couponCode: `bosus${conflict}` })
      expect(alone).toMatchObject({ sale: { partnerId: null, couponCode: `bosus${conflict}`, couponCodeId: null }, commission: null })

      const clicked = await p.afflio.track.sale({ invoiceId: `in_sus_click_${conflict}`, amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: `bosus${conflict}` })
      expect(clicked.sale).toMatchObject({ partnerId: p.ann.id, couponCodeId: null, split: null })
      expect(clicked.commission).toMatchObject({ partnerId: p.ann.id, amountMinor: 2000 })
      expect(clicked.splitCommission).toBeUndefined()

      // Reinstated, its code credits an uncredited sale reported again, as a late code does.
      await p.afflio.partners.update(p.bo.id, { status: 'active' })
      const late = await p.afflio.track.sale({ invoiceId: `in_sus_${conflict}`, amountMinor: 10_000, currency: 'USD', couponCode: `bosus${conflict}` })
      expect(late).toMatchObject({ duplicate: false, sale: { partnerId: p.bo.id }, commission: { partnerId: p.bo.id, amountMinor: 2000 } })
    }
  })

  it('keeps codes unique per program whatever the case, and answers bad input with the field', async () => {
    const p = await program()
    await p.afflio.couponCodes.create({ partnerId: p.ann.id, code: 'SUMMER' })
    await expect(p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'summer' })).rejects.toMatchObject({ status: 409, code: 'conflict', field: 'code' })
    await expect(p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'a b' })).rejects.toMatchObject({ status: 400, field: 'code' })
    await expect(p.afflio.couponCodes.create({ partnerId: 'prt_00000000000000000000000000'.slice(0, 28), code: 'OTHER' })).rejects.toMatchObject({ status: 404 })
    // Another program may have the same code.
    const other = await program()
    await expect(other.afflio.couponCodes.create({ partnerId: other.ann.id, code: 'Summer' })).resolves.toMatchObject({ code: 'Summer' })
    expect((await p.afflio.couponCodes.list({ partnerId: p.ann.id })).data.map((c) => c.code)).toEqual(['SUMMER'])
    expect((await p.afflio.couponCodes.list({ partnerId: p.bo.id })).data).toEqual([])
    const entries = await ctx.db.selectFrom('audit_log').select(['action', 'subject_type']).where('program_id', '=', p.keys.program.id).where('action', 'like', 'coupon_code.%').execute()
    expect(entries).toEqual([{ action: 'coupon_code.created', subject_type: 'coupon_code' }])
  })

  it('a split sale is each partner’s sale: one notice each, and the code partner’s first-sale step is done', async () => {
    const p = await program({ conflict: 'split' })
    await p.afflio.onboarding.setChecklist({ steps: [{ kind: 'first_sale', title: 'Make a sale' }] })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BOSTEP' })
    const sold = await p.afflio.track.sale({ invoiceId: 'in_step', amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'bostep' })
    expect(sold.splitCommission).toMatchObject({ partnerId: p.bo.id })
    await ctx.drain()
    for (const partner of [p.ann, p.bo]) {
      expect((await p.afflio.onboarding.progress(partner.id)).steps[0]!.done).toBe(true)
      const notices = (await (await p.portalOf(partner.id)).notices.list()).data.filter((n) => n.kind === 'commission_earned')
      expect(notices).toHaveLength(1) // its own share, told once
    }
  })

  it('a click of one partner and a code of another: the click wins, the code wins, or they split', async () => {
    for (const [conflict, expected] of [
      ['click', 'ann'],
      ['code', 'bo'],
    ] as const) {
      const p = await program({ conflict })
      await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: `BO${conflict}` })
      const sold = await p.afflio.track.sale({ invoiceId: `in_${conflict}`, amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: `bo${conflict}` })
      expect(sold.sale.partnerId).toBe(p[expected].id)
      expect(sold.commission).toMatchObject({ partnerId: p[expected].id, amountMinor: 2000 })
      expect(await p.commissionsOfSale(sold.sale.id)).toHaveLength(1)
    }

    const p = await program({ conflict: 'split' })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BOSPLIT' })
    const sold = await p.afflio.track.sale({ invoiceId: 'in_split', amountMinor: 10_001, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'bosplit' })
    // 20% of 10 001 is 2000 (one rounding rule); the click side's half of it, the code side the rest.
    expect(sold.sale).toMatchObject({ partnerId: p.ann.id, clickId: expect.stringMatching(/^clk_/), split: { partnerId: p.bo.id, amountMinor: 5000, refundedMinor: 0 } })
    expect(sold.commission).toMatchObject({ partnerId: p.ann.id, amountMinor: 1000, reasonData: { split: { via: 'click', shareBps: 5000, poolMinor: 2000 } } })
    expect(sold.splitCommission).toMatchObject({ partnerId: p.bo.id, amountMinor: 1000, reasonData: { split: { via: 'code', shareBps: 5000, poolMinor: 2000 } } })
    expect(sold.splitCommission!.reason).toBe('program default: 20% of sale, split by code: 50% of 2000')
    // Each share's decision record: the click's partner by its click, the code's by the code, both with the share.
    const why = async (id: string) => (await p.afflio.commissions.explain(id)).decision?.attribution
    expect(await why(sold.commission!.id)).toMatchObject({ by: 'click', clickId: sold.sale.clickId, shareBps: 5000 })
    expect(await why(sold.splitCommission!.id)).toMatchObject({ by: 'code', clickId: null, couponCode: 'bosplit', shareBps: 5000 })

    // The same partner's click and code: one credit, all of it.
    await p.afflio.couponCodes.create({ partnerId: p.ann.id, code: 'ANNOWN' })
    const own = await p.afflio.track.sale({ invoiceId: 'in_own', amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'annown' })
    expect(own.commission).toMatchObject({ partnerId: p.ann.id, amountMinor: 2000 })
    expect(own.splitCommission).toBeUndefined()
    expect(own.sale.split).toBeNull()
  })

  it('each decision record lists the click and the code, each as the policy decided it', async () => {
    const outcomes = (a: { clicks: { partnerId: string; outcome: string }[]; codes?: { code: string; partnerId: string; outcome: string }[] } | undefined) => ({
      clicks: a?.clicks.map((c) => [c.partnerId, c.outcome]),
      codes: a?.codes?.map((c) => [c.code, c.partnerId, c.outcome]),
    })
    // Under 'click' Ann's record says Bo's code lost to her click; under 'code' Bo's says Ann's click lost to his code.
    for (const [conflict, winner, click, code] of [
      ['click', 'ann', 'credited', 'lost_to_click'],
      ['code', 'bo', 'lost_to_code', 'credited'],
    ] as const) {
      const p = await program({ conflict })
      await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: `BO10${conflict}` })
      const sold = await p.afflio.track.sale({ invoiceId: `in_rec_${conflict}`, amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: `bo10${conflict}` })
      const a = (await p.afflio.commissions.explain(sold.commission!.id)).decision?.attribution
      expect(a).toMatchObject({ by: conflict, conflict: { policy: conflict, clickShareBps: conflict === 'click' ? 10_000 : 0 } })
      expect(outcomes(a)).toEqual({ clicks: [[p.ann.id, click]], codes: [[`BO10${conflict}`, p.bo.id, code]] })
      // The winner's portal: its own claim with its outcome; the other partner's, counted, not named.
      const portal = (await (await p.portalOf(p[winner].id)).commissions.explain(sold.commission!.id)).decision?.attribution
      expect(portal).toMatchObject({ conflict: { policy: conflict }, ...(winner === 'ann' ? { codes: [], otherCodes: 1 } : { clicks: [], otherClicks: 1, codes: [{ partnerId: p.bo.id, outcome: 'credited' }] }) })
    }

    // A split: both records list both claims as shared, whichever side the record is.
    const p = await program({ conflict: 'split', splitClickBps: 6000 })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BoShare' })
    const sold = await p.afflio.track.sale({ invoiceId: 'in_rec_split', amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'boshare' })
    for (const c of [sold.commission!, sold.splitCommission!]) {
      const a = (await p.afflio.commissions.explain(c.id)).decision?.attribution
      expect(outcomes(a)).toEqual({ clicks: [[p.ann.id, 'shared']], codes: [['BoShare', p.bo.id, 'shared']] })
      expect(a).toMatchObject({ conflict: { policy: 'split', clickShareBps: 6000 }, shareBps: c.partnerId === p.ann.id ? 6000 : 4000 })
    }

    // The same partner's click and code: one credit by the click, the code its own.
    await p.afflio.couponCodes.create({ partnerId: p.ann.id, code: 'AnnOwn' })
    const own = await p.afflio.track.sale({ invoiceId: 'in_rec_own', amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'annown' })
    const a = (await p.afflio.commissions.explain(own.commission!.id)).decision?.attribution
    expect(outcomes(a)).toEqual({ clicks: [[p.ann.id, 'credited']], codes: [['AnnOwn', p.ann.id, 'same_partner']] })
    expect(a?.conflict).toBeUndefined()
  })

  it('a split never pays more than either partner alone: weights, the lower quote, the remainder to the code side', async () => {
    const p = await program({ conflict: 'split', splitClickBps: 7000 })
    // Bo earns 10% by a rule of its own: the pool is the lower of the two.
    await p.afflio.rules.create({ name: 'Bo special', event: 'sale', type: 'percent', value: 1000, partnerId: p.bo.id })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BO70' })
    const sold = await p.afflio.track.sale({ invoiceId: 'in_w', amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'BO70' })
    expect([sold.commission!.amountMinor, sold.splitCommission!.amountMinor]).toEqual([700, 300])
    // Each says what its own rule pays alone, so the pool reads as the lower of the two.
    expect(sold.commission).toMatchObject({ reasonData: { rateBps: 2000, split: { poolMinor: 1000, shareBps: 7000, ruleMinor: 2000 } } })
    expect(sold.splitCommission).toMatchObject({ reasonData: { rule: { name: 'Bo special' }, rateBps: 1000, split: { poolMinor: 1000, shareBps: 3000, ruleMinor: 1000 } } })

    // Odd pools, 50/50: 20% of 15 is 3, half of it 1.5 rounds (half away from zero) to 2 for the click side,
    // the code side has the remainder, 1. The sum is the pool, never more; a share of 0 writes no row.
    const q = await program({ conflict: 'split' })
    await q.afflio.couponCodes.create({ partnerId: q.bo.id, code: 'BO70' })
    for (const [amount, click, code] of [
      [15, 2, 1],
      [5, 1, 0],
      [25, 3, 2],
    ] as const) {
      const s = await q.afflio.track.sale({ invoiceId: `in_odd_${amount}`, amountMinor: amount, currency: 'USD', clickId: await q.click(q.annLink), couponCode: 'bo70' })
      expect([s.commission?.amountMinor ?? 0, s.splitCommission?.amountMinor ?? 0]).toEqual([click, code])
    }
  })

  it('partners paid in different currencies: each is told its own rule and what was shared, never the other’s rule or tier', async () => {
    const p = await program({ conflict: 'split', splitClickBps: 3333 })
    // Ann (the click) earns 20% at tier Gold from her first sale; Bo (the code) a flat USD 5.00, which a JPY sale cannot be compared with.
    await p.afflio.rules.create({ name: 'AnnTiered', event: 'sale', type: 'percent', value: 1000, partnerId: p.ann.id, tiers: [{ name: 'Gold', from: 1, value: 2000 }], tierMetric: 'sales' })
    await p.afflio.rules.create({ name: 'BoFlatUSD', event: 'sale', type: 'flat', value: 500, currency: 'USD', partnerId: p.bo.id })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BOYEN' })
    await p.afflio.track.sale({ invoiceId: 'in_yen_0', amountMinor: 1000, currency: 'JPY', clickId: await p.click(p.annLink) })
    const sold = await p.afflio.track.sale({ invoiceId: 'in_yen', amountMinor: 1000, currency: 'JPY', clickId: await p.click(p.annLink), couponCode: 'boyen' })
    // The pool is Ann's JPY 200 (the click partner's, the two not compared): 33.33% of it hers, the rest Bo's.
    expect(sold.commission).toMatchObject({ partnerId: p.ann.id, amountMinor: 67, currency: 'JPY', reasonData: { rule: { name: 'AnnTiered' }, tier: { name: 'Gold' }, split: { via: 'click', poolMinor: 200, ruleMinor: 200, poolCurrency: 'JPY' } } })
    expect(sold.splitCommission).toMatchObject({
      partnerId: p.bo.id,
      amountMinor: 133,
      currency: 'JPY',
      reasonData: { basis: 'flat', rule: { name: 'BoFlatUSD' }, amountMinor: 500, currency: 'USD', tier: null, split: { via: 'code', shareBps: 6667, poolMinor: 200, ruleMinor: 500, poolCurrency: 'JPY' } },
    })
    expect(sold.splitCommission!.reason).toBe("BoFlatUSD: flat 500 USD minor units, split by code: 66.67% of 200 JPY minor units, the click partner's commission (the two were in different currencies)")

    // Bo's portal, explanation and notice (its email's words): his own rule, nothing of Ann's.
    await ctx.drain()
    const bo = await p.portalOf(p.bo.id)
    const listed = (await bo.commissions.list()).data.find((c) => c.id === sold.splitCommission!.id)!
    const explained = await bo.commissions.explain(sold.splitCommission!.id)
    const notice = (await bo.notices.list()).data.find((n) => n.kind === 'commission_earned')!
    const shown = JSON.stringify([listed, explained, notice])
    for (const secret of ['AnnTiered', 'Gold', '20%']) expect(shown).not.toContain(secret)
    expect(explained.decision?.amount).toEqual(listed.reasonData)
    expect(notice.body).toContain(
      'JPY 133 (BoFlatUSD v1: USD 5.00 per sale = USD 5.00. Shared with another partner: 66.67% of JPY 200, the commission of the partner whose link brought the sale (yours is in another currency, so the two were not compared) = JPY 133)',
    )
    // Ann is told hers was the amount shared, not "the lower of the two".
    const ann = (await (await p.portalOf(p.ann.id)).notices.list()).data.filter((n) => n.kind === 'commission_earned').map((n) => n.body)
    expect(ann.some((b) => b.includes('Shared with another partner: 33.33% of JPY 200, your own commission (the other partner’s is in another currency, so the two were not compared) = JPY 67'))).toBe(true)
  })

  it('refunds take back both partners’ shares in proportion, and a full refund reverses both', async () => {
    const p = await program({ conflict: 'split' })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BOREF' })
    const sold = await p.afflio.track.sale({ invoiceId: 'in_ref', amountMinor: 10_000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'BOREF' })
    const partial = await p.afflio.track.refund({ invoiceId: 'in_ref', amountMinor: 2500, refundId: 're_1' })
    expect(partial.commissions.map((c) => [c.partnerId, c.kind, c.amountMinor]).sort()).toEqual(
      [
        [p.ann.id, 'clawback', -250],
        [p.bo.id, 'clawback', -250],
      ].sort(),
    )
    // A replayed refund changes nothing.
    expect((await p.afflio.track.refund({ invoiceId: 'in_ref', amountMinor: 2500, refundId: 're_1' })).duplicate).toBe(true)
    await p.afflio.track.refund({ invoiceId: 'in_ref', refundId: 're_2' })
    const rows = await p.commissionsOfSale(sold.sale.id)
    expect(rows.filter((r) => r.reverses_id === null).map((r) => r.status)).toEqual(['reversed', 'reversed'])
    expect(rows.every((r) => r.status === 'reversed')).toBe(true)
  })

  it('answers a replayed split sale with the same two commissions and writes nothing', async () => {
    const p = await program({ conflict: 'split' })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BOREPLAY' })
    const input = { invoiceId: 'in_replay', amountMinor: 8000, currency: 'USD', clickId: await p.click(p.annLink), couponCode: 'BOREPLAY' }
    const first = await p.afflio.track.sale(input)
    const again = await p.afflio.track.sale(input)
    expect(again).toEqual({ ...first, duplicate: true })
    expect(await p.commissionsOfSale(first.sale.id)).toHaveLength(2)
  })

  it('two sales with one code at once are both credited; one invoice raced is recorded once', async () => {
    const p = await program({ conflict: 'split' })
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BORACE' })
    const clickId = await p.click(p.annLink)
    const sales = await Promise.all(
      Array.from({ length: 6 }, (_, i) => p.afflio.track.sale({ invoiceId: `in_race_${i}`, amountMinor: 1000, currency: 'USD', couponCode: 'borace', ...(i % 2 ? { clickId } : {}) })),
    )
    expect(sales.map((s) => s.sale.partnerId)).toEqual([p.bo.id, p.ann.id, p.bo.id, p.ann.id, p.bo.id, p.ann.id])
    const earned = await ctx.db.selectFrom('commissions').select(['partner_id', 'amount_minor']).where('program_id', '=', p.keys.program.id).execute()
    const sum = (id: string) => earned.filter((c) => c.partner_id === id).reduce((s, c) => s + Number(c.amount_minor), 0)
    expect([sum(p.ann.id), sum(p.bo.id)]).toEqual([300, 600 + 300])

    const twins = await Promise.all(Array.from({ length: 5 }, () => p.afflio.track.sale({ invoiceId: 'in_twin', amountMinor: 1000, currency: 'USD', clickId, couponCode: 'borace' })))
    expect(twins.filter((t) => !t.duplicate)).toHaveLength(1)
    expect(new Set(twins.map((t) => t.splitCommission?.id)).size).toBe(1)
    const sale = await ctx.db.selectFrom('sales').select('id').where('invoice_id', '=', 'in_twin').execute()
    expect(sale).toHaveLength(1)
    expect(await p.commissionsOfSale(sale[0]!.id)).toHaveLength(2)
  })

  it('renewals stay with the code that brought the subscription, even after the code is disabled', async () => {
    const p = await program({ conflict: 'split' })
    const code = await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BOSUB' })
    await p.afflio.track.sale({ invoiceId: 'in_sub_1', amountMinor: 3000, currency: 'USD', subscriptionId: 'sub_1', couponCode: 'BOSUB' })
    await p.afflio.couponCodes.update(code.id, { status: 'disabled' })
    ctx.clock.advanceDays(30)
    const renewal = await p.afflio.track.sale({ invoiceId: 'in_sub_2', amountMinor: 3000, currency: 'USD', subscriptionId: 'sub_1' })
    expect(renewal.commission).toMatchObject({ partnerId: p.bo.id, kind: 'recurring', amountMinor: 600 })
    expect(renewal.sale.couponCodeId).toBe(code.id)
  })

  it('partners create codes in the portal within the policy: allowed, prefix, maximum', async () => {
    const p = await program()
    const portal = await p.portalOf(p.ann.id)
    expect(await portal.couponCodes.list()).toEqual({ data: [], policy: { allowed: false, maxCodes: 3, prefix: null, remaining: 0 } })
    await expect(portal.couponCodes.create({ code: 'ANN10' })).rejects.toMatchObject({ status: 403, code: 'forbidden' })

    await p.afflio.settings.update({ couponPolicy: { partnerCodesAllowed: true, maxCodesPerPartner: 2, partnerCodePrefix: 'ACME' } })
    expect((await p.afflio.settings.get()).couponPolicy).toMatchObject({ partnerCodesAllowed: true, maxCodesPerPartner: 2, partnerCodePrefix: 'ACME', conflict: 'click' })
    await expect(portal.couponCodes.create({ code: 'ANN10' })).rejects.toMatchObject({ status: 400, field: 'code' })
    const made = await portal.couponCodes.create({ code: 'acme-ann' })
    expect(made).toMatchObject({ partnerId: p.ann.id, code: 'acme-ann', createdBy: 'partner' })
    await expect(portal.couponCodes.create({ code: 'ACME-ANN' })).rejects.toMatchObject({ status: 409 })
    // The maximum holds when two creations arrive at once.
    const both = await Promise.allSettled([portal.couponCodes.create({ code: 'ACME-A2' }), portal.couponCodes.create({ code: 'ACME-A3' })])
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } })
    // A code the program gives does not count against the partner's own.
    await p.afflio.couponCodes.create({ partnerId: p.ann.id, code: 'GIVEN' })
    const listed = await portal.couponCodes.list()
    expect(listed.data.map((c) => c.code).sort()).toEqual([expect.stringMatching(/^ACME-A[23]$/), 'GIVEN', 'acme-ann'])
    expect(listed.policy.remaining).toBe(0)
    // Only the partner's own codes.
    expect((await (await p.portalOf(p.bo.id)).couponCodes.list()).data).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').select(['actor_kind', 'actor_id']).where('program_id', '=', p.keys.program.id).where('subject_id', '=', made.id).execute()
    expect(audit).toEqual([{ actor_kind: 'partner', actor_id: p.ann.id }])
  })

  it('with Stripe connected, creates the Stripe promotion code with the code, and deactivates it with the code', async () => {
    const p = await program({ stripeCouponId: 'Z4OV52SU' })
    await p.afflio.settings.update({ stripeApiKey: 'sk_test_coupons0001' })
    const before = stripe.requests.length
    const code = await p.afflio.couponCodes.create({ partnerId: p.ann.id, code: 'ALICE10' })
    const [call] = stripe.requests.slice(before)
    // Written for clover, whatever the account's default version: the coupon goes under `promotion`.
    expect(call).toMatchObject({ method: 'POST', url: '/v1/promotion_codes', headers: { authorization: 'Bearer sk_test_coupons0001', 'idempotency-key': `afflio_${code.id}`, 'stripe-version': '2025-09-30.clover' } })
    expect(Object.fromEntries(new URLSearchParams(call!.body))).toEqual({ 'promotion[type]': 'coupon', 'promotion[coupon]': 'Z4OV52SU', code: 'ALICE10', 'metadata[afflio_code_id]': code.id, 'metadata[afflio_partner_id]': p.ann.id })
    expect(code.stripePromotionCodeId).toBe('promo_ALICE10')

    // A code given its own coupon; Stripe's refusal is ours, and nothing is saved.
    await p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'BO15', stripeCouponId: 'BIGGER15' })
    expect(new URLSearchParams(stripe.requests.at(-1)!.body).get('promotion[coupon]')).toBe('BIGGER15')
    await expect(p.afflio.couponCodes.create({ partnerId: p.bo.id, code: 'TAKEN10' })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('already exists') })
    expect((await p.afflio.couponCodes.list({ partnerId: p.bo.id })).data.map((c) => c.code)).toEqual(['BO15'])

    const disabled = await p.afflio.couponCodes.update(code.id, { status: 'disabled' })
    expect(disabled.status).toBe('disabled')
    expect(stripe.requests.at(-1)).toMatchObject({ url: '/v1/promotion_codes/promo_ALICE10', body: 'active=false' })

    // Without a Stripe key, asking for a Stripe coupon is refused.
    const q = await program()
    await expect(q.afflio.couponCodes.create({ partnerId: q.ann.id, code: 'NOSTRIPE', stripeCouponId: 'X' })).rejects.toMatchObject({ status: 400, field: 'stripeCouponId' })
  })

  it('validates the policy in settings', async () => {
    const p = await program()
    await expect(p.afflio.settings.update({ couponPolicy: { conflict: 'both' as never } })).rejects.toMatchObject({ status: 400 })
    await expect(p.afflio.settings.update({ couponPolicy: { splitClickBps: 10_001 } })).rejects.toMatchObject({ status: 400 })
    const s = await p.afflio.settings.update({ couponPolicy: { conflict: 'split', splitClickBps: 6000 } })
    expect(s.couponPolicy).toEqual({ conflict: 'split', splitClickBps: 6000, partnerCodesAllowed: false, maxCodesPerPartner: 3, partnerCodePrefix: null, stripeCouponId: null })
    // Naming one setting keeps the others.
    expect((await p.afflio.settings.update({ couponPolicy: { partnerCodesAllowed: true } })).couponPolicy).toMatchObject({ conflict: 'split', splitClickBps: 6000, partnerCodesAllowed: true })
  })
})
