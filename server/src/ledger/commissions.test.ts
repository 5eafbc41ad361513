// The commission ledger through the SDK: rules and their narrowing, tiers, recurring limits,
// leads, holding period, two-tier overrides, fraud holds, and hold/release/fraud actions.
import { Afflio } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { approveDue } from './approve-commissions.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('commissions on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  let ip = 0

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  const partner = async (email: string, code: string) => (await afflio.partners.create({ email, linkCode: code })).id
  const click = async (code: string): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.0.${Math.floor(++ip / 250)}.${ip % 250}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    return (await res.json()).clickId
  }
  let n = 0
  const sell = async (code: string, amountMinor: number, extra: Record<string, unknown> = {}) =>
    afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor, currency: 'USD', clickId: await click(code), ...extra })

  it('pays the most specific rule: partner over group over program, product over any', async () => {
    const alice = await partner('alice@a.test', 'ALICE')
    const bob = await partner('bob@b.test', 'BOB')
    const carol = await partner('carol@c.test', 'CAROL')
    const vip = await afflio.groups.create({ name: 'VIP' })
    await afflio.partners.update(bob, { groupId: vip.id })
    await afflio.partners.update(carol, { groupId: vip.id })
    await afflio.rules.create({ name: 'base', event: 'sale', type: 'percent', value: 1000 })
    await afflio.rules.create({ name: 'vip', event: 'sale', type: 'percent', value: 3000, groupId: vip.id })
    await afflio.rules.create({ name: 'carol deal', event: 'sale', type: 'flat', value: 1500, partnerId: carol })
    await afflio.rules.create({ name: 'enterprise', event: 'sale', type: 'percent', value: 500, productId: 'enterprise' })

    expect((await sell('ALICE', 10_000)).commission).toMatchObject({ amountMinor: 1000, reason: 'base: 10% of sale' })
    expect((await sell('ALICE', 10_000, { productId: 'enterprise' })).commission!.amountMinor).toBe(500)
    expect((await sell('BOB', 10_000)).commission!.amountMinor).toBe(3000)
    expect((await sell('CAROL', 10_000)).commission).toMatchObject({ amountMinor: 1500, currency: 'USD' })
    const ruleId = (await afflio.rules.list()).data.find((r) => r.name === 'base')!.id
    await afflio.rules.archive(ruleId)
    expect((await sell('ALICE', 10_000)).commission).toMatchObject({ amountMinor: 2000, reason: 'program default: 20% of sale' })
    expect(alice).toBeTruthy()
  })

  it('moves a partner up a tier as soon as the threshold is reached, and resets by period', async () => {
    const alice = await partner('alice@a.test', 'ALICE')
    await afflio.rules.create({
      name: 'tiered',
      event: 'sale',
      type: 'percent',
      value: 2000,
      tiers: [
        { name: 'Silver', from: 2, value: 2500 },
        { name: 'Gold', from: 4, value: 3000 },
      ],
      tierMetric: 'paid_customers',
      tierPeriod: 'month',
    })
    ctx.clock.set('2026-05-03T10:00:00.000Z')
    const amounts = []
    for (let i = 0; i < 5; i++) {
      ctx.clock.advanceDays(1)
      amounts.push((await sell('ALICE', 10_000, { customerExternalId: `c${i}` })).commission!.amountMinor)
    }
    expect(amounts).toEqual([2000, 2000, 2500, 2500, 3000])
    // A second payment by an existing customer adds no paid customer.
    const standing = await afflio.partners.tier(alice)
    expect(standing).toMatchObject({ current: 5, tier: { name: 'Gold' }, next: null, metric: 'paid_customers', period: 'month' })
    ctx.clock.set('2026-06-02T10:00:00.000Z') // a new month: counting starts again
    expect((await sell('ALICE', 10_000, { customerExternalId: 'c9' })).commission).toMatchObject({ amountMinor: 2000, tier: null })
    expect(await afflio.partners.tier(alice)).toMatchObject({ current: 1, tier: null, next: { name: 'Silver', from: 2 } })
  })

  it('pays recurring commissions on renewals within the rule limit, to the partner who brought the subscription', async () => {
    await partner('alice@a.test', 'ALICE')
    await afflio.rules.create({ name: '3 payments', event: 'sale', type: 'percent', value: 3000, recurring: 'payments', recurringLimit: 3 })
    ctx.clock.set('2026-01-10T00:00:00.000Z')
    const first = await sell('ALICE', 5000, { subscriptionId: 'sub_1', customerExternalId: 'cus_1' })
    expect(first.sale.paymentNumber).toBe(1)
    expect(first.commission).toMatchObject({ kind: 'sale', amountMinor: 1500 })
    const kinds = []
    for (let month = 2; month <= 5; month++) {
      ctx.clock.advanceDays(31) // long past the 30-day click window
      const renewal = await afflio.track.sale({ invoiceId: `in_sub_${month}`, amountMinor: 5000, currency: 'USD', subscriptionId: 'sub_1', customerExternalId: 'cus_1' })
      expect(renewal.sale.paymentNumber).toBe(month)
      kinds.push(renewal.commission?.kind ?? null)
    }
    expect(kinds).toEqual(['recurring', 'recurring', null, null])
  })

  it('takes no payment number for a payment of 0: a free month uses up none of the paid renewals, as through Stripe', async () => {
    await partner('alice@a.test', 'ALICE')
    await afflio.rules.create({ name: '3 payments', event: 'sale', type: 'percent', value: 3000, recurring: 'payments', recurringLimit: 3 })
    ctx.clock.set('2026-01-10T00:00:00.000Z')
    // A trial reported through the API (Stripe records no sale for a zero invoice): the partner brought the
    // subscription, and the first paid month is its payment 1.
    const trial = await sell('ALICE', 0, { subscriptionId: 'sub_t', customerExternalId: 'cus_t' })
    expect(trial.sale.paymentNumber).toBe(1)
    const paid = []
    for (const [month, amountMinor] of [[2, 5000], [3, 0], [4, 5000], [5, 5000], [6, 5000]] as const) {
      ctx.clock.advanceDays(31)
      const r = await afflio.track.sale({ invoiceId: `in_t_${month}`, amountMinor, currency: 'USD', subscriptionId: 'sub_t', customerExternalId: 'cus_t' })
      paid.push([r.sale.paymentNumber, r.commission?.amountMinor ?? null])
    }
    // The free month in the middle shares the next paid payment's number and takes none from it.
    expect(paid).toEqual([[1, 1500], [2, null], [2, 1500], [3, 1500], [4, null]])
    // An earlier payment of 0 arriving late moves no later payment up.
    await afflio.track.sale({ invoiceId: 'in_t_late', amountMinor: 0, currency: 'USD', subscriptionId: 'sub_t', customerExternalId: 'cus_t', occurredAt: '2026-02-01T00:00:00.000Z' })
    const numbers = Object.fromEntries((await afflio.sales.list({ limit: 10 })).data.map((s) => [s.invoiceId, s.paymentNumber]))
    expect(numbers).toMatchObject({ in_t_2: 1, in_t_4: 2, in_t_5: 3, in_t_6: 4 })
  })

  it('numbers subscription payments by when they occurred, not by when they arrive', async () => {
    await partner('alice@a.test', 'ALICE')
    await afflio.rules.create({ name: 'two payments', event: 'sale', type: 'percent', value: 3000, recurring: 'payments', recurringLimit: 2 })
    const pay = async (invoiceId: string, occurredAt: string) => {
      ctx.clock.set(new Date(Date.parse(occurredAt) - 3_600_000).toISOString()) // a click an hour before
      const clickId = await click('ALICE')
      ctx.clock.set('2027-01-05T00:00:00.000Z') // every webhook arrives later, in the order called
      return afflio.track.sale({ invoiceId, amountMinor: 1000, currency: 'USD', subscriptionId: 'sub_o', customerExternalId: 'cus_o', clickId, occurredAt })
    }
    const dec = await pay('in_dec', '2026-12-01T12:00:00.000Z') // the December renewal's webhook comes first
    expect(dec.sale.paymentNumber).toBe(1)
    const nov = await pay('in_nov', '2026-11-01T12:00:00.000Z')
    expect(nov.sale.paymentNumber).toBe(1)
    expect(nov.commission).toMatchObject({ kind: 'sale', amountMinor: 300 })
    // Two payments at one instant: the one with the smaller id is the earlier (ids made in one millisecond
    // may come in either order), the later one's number moving up if it was recorded first.
    const [a, b] = [await pay('in_jan_a', '2027-01-01T12:00:00.000Z'), await pay('in_jan_b', '2027-01-01T12:00:00.000Z')]
    expect([a.commission, b.commission]).toEqual([null, null]) // past the 2-payment limit
    // The December payment moved up to 2; its commission stays as written when it arrived (kind sale).
    const sales = (await afflio.sales.list({ limit: 10 })).data
    const [jan1, jan2] = [a.sale.id, b.sale.id].sort().map((id) => sales.find((s) => s.id === id)!.invoiceId)
    expect(Object.fromEntries(sales.map((s) => [s.invoiceId, s.paymentNumber]))).toEqual({ in_nov: 1, in_dec: 2, [jan1!]: 3, [jan2!]: 4 })
    expect((await afflio.commissions.list()).data.find((c) => c.saleId === dec.sale.id)).toMatchObject({ kind: 'sale', amountMinor: 300 })
  })

  it('numbers renewals of one subscription reported at the same moment one after another', async () => {
    // A backfill, or Stripe redelivering a backlog: the renewals of one subscription arrive together.
    await partner('alice@a.test', 'ALICE')
    await afflio.rules.create({ name: 'two payments', event: 'sale', type: 'percent', value: 3000, recurring: 'payments', recurringLimit: 2 })
    ctx.clock.set('2026-11-01T11:00:00.000Z')
    const clickId = await click('ALICE')
    ctx.clock.set('2027-04-01T00:00:00.000Z')
    const first = { invoiceId: 'in_first', amountMinor: 1000, currency: 'USD', subscriptionId: 'sub_burst', customerExternalId: 'cus_burst', occurredAt: '2026-11-01T12:00:00.000Z' }
    expect((await afflio.track.sale({ ...first, clickId })).commission).toMatchObject({ kind: 'sale' })
    const renewals = await Promise.all([2, 3, 4, 5].map((day) => afflio.track.sale({ ...first, invoiceId: `in_r${day}`, occurredAt: `2026-12-0${day}T12:00:00.000Z` })))
    // Each counted the ones before it: no two are the same payment, so no renewal past the limit is priced as the
    // second (unless it was written before an earlier one arrived: then it stays as written, as above).
    const sales = (await afflio.sales.list({ limit: 10 })).data
    expect(Object.fromEntries(sales.map((s) => [s.invoiceId, s.paymentNumber]))).toEqual({ in_first: 1, in_r2: 2, in_r3: 3, in_r4: 4, in_r5: 5 })
    const paid = renewals.filter((r) => r.commission !== null)
    expect(paid.map((r) => r.sale.paymentNumber)).toEqual(paid.map(() => 2))
    expect(paid.length).toBe(renewals.filter((r) => r.sale.paymentNumber === 2).length)
  })

  it('limits recurring by months, and pays nothing on renewals when the rule is not recurring', async () => {
    const bob = await partner('bob@b.test', 'BOB')
    await afflio.rules.create({ name: 'two months', event: 'sale', type: 'flat', value: 700, recurring: 'months', recurringLimit: 2, partnerId: bob })
    await partner('carol@c.test', 'CAROL')
    await afflio.rules.create({ name: 'first only', event: 'sale', type: 'percent', value: 1000, recurring: 'none' })
    ctx.clock.set('2026-01-31T00:00:00.000Z')
    await sell('BOB', 5000, { subscriptionId: 'sub_b', customerExternalId: 'cus_b' })
    await sell('CAROL', 5000, { subscriptionId: 'sub_c', customerExternalId: 'cus_c' })
    const renew = (sub: string, inv: string, at: string) => {
      ctx.clock.set(at)
      return afflio.track.sale({ invoiceId: inv, amountMinor: 5000, currency: 'USD', subscriptionId: sub, customerExternalId: `cus_${sub.slice(-1)}` })
    }
    expect((await renew('sub_b', 'b2', '2026-02-28T00:00:00.000Z')).commission?.amountMinor).toBe(700)
    expect((await renew('sub_b', 'b3', '2026-03-30T23:00:00.000Z')).commission?.amountMinor).toBe(700)
    expect((await renew('sub_b', 'b4', '2026-03-31T00:00:00.000Z')).commission).toBeNull()
    expect((await renew('sub_c', 'c2', '2026-02-28T00:00:00.000Z')).commission).toBeNull()
  })

  it('pays a flat lead commission once per customer', async () => {
    const alice = await partner('alice@a.test', 'ALICE')
    await afflio.rules.create({ name: 'signup bonus', event: 'lead', type: 'flat', value: 300 })
    const clickId = await click('ALICE')
    await afflio.track.lead({ clickId, customerExternalId: 'u1' })
    await afflio.track.lead({ clickId, customerExternalId: 'u1' })
    const leads = (await afflio.commissions.list({ partnerId: alice })).data
    expect(leads).toMatchObject([{ kind: 'lead', amountMinor: 300, saleId: null, status: 'pending' }])
    await expect(afflio.rules.create({ name: 'bad', event: 'lead', type: 'percent', value: 100 })).rejects.toMatchObject({ status: 400, field: 'type' })
  })

  it('approves commissions after the holding period, and not before', async () => {
    await partner('alice@a.test', 'ALICE')
    await afflio.settings.update({ holdingDays: 14 })
    const { commission } = await sell('ALICE', 10_000)
    expect(commission).toMatchObject({ status: 'pending', approveAt: new Date(ctx.clock.now().getTime() + 14 * 86_400_000).toISOString() })
    ctx.clock.advanceDays(13)
    expect(await approveDue(ctx.db, keys.program.id, ctx.clock.now())).toBe(0)
    ctx.clock.advanceDays(1)
    expect(await approveDue(ctx.db, keys.program.id, ctx.clock.now())).toBe(1)
    expect((await afflio.commissions.list({ status: 'approved' })).data.map((c) => c.id)).toEqual([commission!.id])
    await afflio.settings.update({ holdingDays: 0 })
    expect((await sell('ALICE', 1000)).commission!.status).toBe('approved')
  })

  it('pays the recruiter a second-tier override, reversed with the sale', async () => {
    const recruiter = await partner('rita@r.test', 'RITA')
    const recruit = await partner('rob@r2.test', 'ROB')
    await afflio.partners.update(recruit, { referredById: recruiter })
    await afflio.settings.update({ secondTierRateBps: 500 })
    const { commission, sale } = await sell('ROB', 10_000) // 20% = 2000; override 5% of that = 100
    const override = (await afflio.commissions.list({ partnerId: recruiter })).data
    expect(override).toMatchObject([{ kind: 'override', amountMinor: 100, sourceId: commission!.id, saleId: sale.id }])
    await afflio.track.refund({ invoiceId: sale.invoiceId })
    expect((await afflio.commissions.list({ partnerId: recruiter })).data[0]!.status).toBe('reversed')
    await expect(afflio.partners.update(recruiter, { referredById: recruit })).rejects.toMatchObject({ status: 400, field: 'referredById' })
  })

  it('pays a suspended recruiter no override, and pays it again once reinstated', async () => {
    const recruiter = await partner('rita@r.test', 'RITA')
    const recruit = await partner('rob@r2.test', 'ROB')
    await afflio.partners.update(recruit, { referredById: recruiter })
    await afflio.settings.update({ secondTierRateBps: 500 })
    await afflio.partners.update(recruiter, { status: 'suspended' })
    const { commission } = await sell('ROB', 10_000)
    expect(commission).toMatchObject({ kind: 'sale', amountMinor: 2000 }) // the recruit still earns
    expect((await afflio.commissions.list({ partnerId: recruiter })).data).toEqual([])
    await afflio.partners.update(recruiter, { status: 'active' })
    await sell('ROB', 10_000)
    expect((await afflio.commissions.list({ partnerId: recruiter })).data).toMatchObject([{ kind: 'override', amountMinor: 100 }])
  })

  it('holds a self-referral for review, and lets the program release it or mark it fraud', async () => {
    await partner('jane.doe@gmail.com', 'JANE')
    const self = await sell('JANE', 10_000, { customerExternalId: 'u-self', customerEmail: 'janedoe+shop@gmail.com' })
    expect(self.commission).toMatchObject({ status: 'on_hold', holdReason: expect.stringContaining('self-referral') })
    const released = await afflio.commissions.release(self.commission!.id, 'verified: her employer bought it')
    expect(released).toMatchObject({ status: 'pending', holdReason: 'release: verified: her employer bought it' })
    const held = await afflio.commissions.hold(released.id, 'chargeback risk')
    expect(held.status).toBe('on_hold')
    const fraud = await afflio.commissions.markFraud(held.id, 'stolen card')
    expect(fraud).toMatchObject({ status: 'fraud', holdReason: 'mark fraud: stolen card' })
    await expect(afflio.commissions.release(fraud.id, 'oops')).rejects.toMatchObject({ status: 409 })
    // A held commission never matures into a payout.
    ctx.clock.advanceDays(60)
    expect(await approveDue(ctx.db, keys.program.id, ctx.clock.now())).toBe(0)
  })

  it('validates rules and settings', async () => {
    const bad = [
      { name: 'x', event: 'sale', type: 'percent', value: 10_001 },
      { name: 'x', event: 'sale', type: 'percent', value: 100, recurring: 'months' },
      { name: 'x', event: 'sale', type: 'percent', value: 100, tiers: [{ name: 'a', from: 1, value: 1 }] },
      { name: 'x', event: 'sale', type: 'percent', value: 100, partnerId: 'prt_0000000000000000000000zz' },
      { name: 'x', event: 'sale', type: 'flat', value: 1.5 },
    ]
    const statuses = []
    for (const input of bad) statuses.push(await afflio.rules.create(input as never).then(() => 200, (e) => e.status))
    expect(statuses).toEqual([400, 400, 400, 404, 400])
    await expect(afflio.settings.update({ payoutMinimums: { usd: 100 } })).rejects.toMatchObject({ status: 400 })
    await expect(afflio.settings.update({ payoutProvider: 'stripe_connect' })).rejects.toMatchObject({ status: 400, field: 'stripeApiKey' })
    expect(await afflio.settings.get()).toMatchObject({ payoutProvider: 'manual', holdingDays: 30, stripeApiKeySet: false })
    expect((await afflio.rules.list()).data).toEqual([])
  })
})
