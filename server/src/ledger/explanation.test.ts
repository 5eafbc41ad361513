// Commissions that explain themselves, end to end on each database: the decision record kept with a sale's
// commission (the clicks weighed, the rules, the lead used), what the program and the partner read back,
// and the history derived since (a hold and release, a refund's clawback), never written into the record.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('commission explanations on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const click = async (code: string): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': `10.2.0.${++ip}` }, body: JSON.stringify({ key: keys.publishableKey, code }) })
    return (await res.json()).clickId
  }
  const portalOf = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  it('keeps the clicks weighed, the rules and the lead used; the partner sees its own part; the history is derived', async () => {
    const ann = (await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })).id
    const bob = (await afflio.partners.create({ email: 'bob@b.test', linkCode: 'BOB' })).id
    const bobOnly = await afflio.rules.create({ name: 'Bob special', event: 'sale', type: 'percent', value: 5000, partnerId: bob })
    const base = await afflio.rules.create({ name: 'Partners', event: 'sale', type: 'percent', value: 3000 })
    await afflio.rules.update(base.id, { value: 2500 }) // version 2 prices the sale

    const bobClick = await click('BOB')
    await afflio.track.lead({ clickId: bobClick, customerExternalId: 'u1', email: 'ana@c.test' })
    ctx.clock.advanceDays(1)
    const annClick = await click('ANN')
    await afflio.track.lead({ clickId: annClick, customerExternalId: 'u1' })
    ctx.clock.advanceDays(1)
    const { sale, commission } = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', customerExternalId: 'u1' })
    expect(commission).toMatchObject({ partnerId: ann, amountMinor: 2500 })

    const e = await afflio.commissions.explain(commission!.id)
    expect(e).toMatchObject({ commissionId: commission!.id, kind: 'sale', amountMinor: 2500, currency: 'USD', status: 'pending', decisionOf: commission!.id, reason: commission!.reasonData })
    expect(e.decision).toMatchObject({
      version: 1,
      event: 'sale',
      sale: { id: sale.id, amountMinor: 10_000, currency: 'USD', paymentNumber: 1 },
      attribution: { by: 'click', model: 'last_click', windowDays: 30, clickId: annClick, customer: { externalId: 'u1' } },
      rules: { applied: { id: base.id, name: 'Partners', version: 2 } },
      tier: null,
      fraud: { hold: null },
      holding: { status: 'pending', holdingDays: 30 },
      amount: { kind: 'rule', basis: 'percent', rateBps: 2500 },
    })
    expect(e.decision!.attribution.clicks.map((c) => [c.id, c.partnerId, c.outcome])).toEqual([
      [bobClick, bob, 'not_chosen'],
      [annClick, ann, 'credited'],
    ])
    expect(Object.fromEntries(e.decision!.rules!.considered.map((r) => [r.id, r.outcome]))).toEqual({ [bobOnly.id]: 'other_partner', [base.id]: 'applied' })
    expect(e.history).toEqual([{ kind: 'created', at: commission!.createdAt, status: 'pending' }])

    // The partner's view: its own click, a count of the others', the rule that applied, no fraud flags.
    const annPortal = await portalOf(ann)
    const mine = await annPortal.commissions.explain(commission!.id)
    expect(mine.decision!.attribution.clicks.map((c) => c.id)).toEqual([annClick])
    expect(mine.decision!.attribution.otherClicks).toBe(1)
    expect(mine.decision!.rules!.considered.map((r) => r.id)).toEqual([base.id])
    // Another partner's token, or an unknown id: not found.
    const bobPortal = await portalOf(bob)
    const err = await bobPortal.commissions.explain(commission!.id).catch((x: unknown) => x)
    expect(err).toBeInstanceOf(AfflioApiError)
    expect(err).toMatchObject({ status: 404 })
    expect(await afflio.commissions.explain('com_00000000000000000000000000').catch((x: AfflioApiError) => x.status)).toBe(404)

    // Later changes come from the ledger at read time: a hold, a release, a refund's clawback.
    ctx.clock.advanceDays(1)
    await afflio.commissions.hold(commission!.id, 'checking the order')
    ctx.clock.advanceDays(1)
    await afflio.commissions.release(commission!.id, 'order is fine')
    ctx.clock.advanceDays(1)
    await afflio.track.refund({ invoiceId: 'in_1', amountMinor: 4000 })
    const later = await afflio.commissions.explain(commission!.id)
    expect(later.history.map((h) => h.kind)).toEqual(['created', 'held', 'released', 'clawback'])
    expect(later.history[1]).toMatchObject({ kind: 'held', note: 'checking the order' })
    expect(later.history[3]).toMatchObject({ kind: 'clawback', amountMinor: -1000, currency: 'USD' })
    expect(later.decision).toEqual(e.decision) // the record is never rewritten

    // The clawback is explained through the commission it takes back from.
    const clawbackId = (later.history[3] as { commissionId: string }).commissionId
    expect(await afflio.commissions.explain(clawbackId)).toMatchObject({ kind: 'clawback', decisionOf: commission!.id, decision: { sale: { id: sale.id } } })
  })

  it("shows the partner its customer's id masked when the host's id is an email, as its customer list does", async () => {
    const ann = (await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })).id
    await afflio.track.lead({ clickId: await click('ANN'), customerExternalId: 'dana@example.com' })
    const { commission } = await afflio.track.sale({ invoiceId: 'in_mail', amountMinor: 1000, currency: 'USD', customerExternalId: 'dana@example.com' })
    const mine = await (await portalOf(ann)).commissions.explain(commission!.id)
    expect(mine.decision!.attribution.customer).toMatchObject({ externalId: 'd•••@example.com' })
    expect(JSON.stringify(mine)).not.toContain('dana@')
    expect((await afflio.commissions.explain(commission!.id)).decision!.attribution.customer).toMatchObject({ externalId: 'dana@example.com' })
  })

  it('a lead commission records its customer and click; a commission from before records has none', async () => {
    const ann = (await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })).id
    await afflio.rules.create({ name: 'Lead bounty', event: 'lead', type: 'flat', value: 500, currency: 'USD' })
    const c = await click('ANN')
    const customer = await afflio.track.lead({ clickId: c, customerExternalId: 'u9' })
    const [lead] = (await afflio.commissions.list({ partnerId: ann })).data
    const e = await afflio.commissions.explain(lead!.id)
    expect(e.decision).toMatchObject({ event: 'lead', sale: null, attribution: { by: 'lead', clickId: c, customer: { id: customer.id } } })
    await ctx.db.deleteFrom('commission_decisions').execute()
    expect(await afflio.commissions.explain(lead!.id)).toMatchObject({ decision: null, decisionOf: null, reason: lead!.reasonData })
  })
})
