// Missing-commission claims through the SDK on each database: a partner files one in the portal, the program
// reads it with the evidence, approves (the recorded sale credited through the ledger, or an amount it sets)
// or rejects; the partner is told and sees the status. Approving twice, even at once, makes one commission.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { statementsOf } from '../testing-statements.ts'

describe.each(dialects)('claims on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  const ids = { ann: '', bob: '' }
  let ann: AfflioPortal
  let bob: AfflioPortal
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const click = async (code: string): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': `10.3.0.${++ip}` }, body: JSON.stringify({ key: keys.publishableKey, code }) })
    return (await res.json()).clickId
  }
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err)
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-11-20T12:00:00.000Z')
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    ids.ann = (await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })).id
    ids.bob = (await afflio.partners.create({ email: 'bob@b.test', linkCode: 'BOB' })).id
    const portal = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    ann = await portal(ids.ann)
    bob = await portal(ids.bob)
  })
  afterEach(() => ctx.close())

  it('a split sale is its code partner’s too: a claim of that partner reads as the claimant’s sale and is not paid again', async () => {
    await afflio.settings.update({ couponPolicy: { conflict: 'split' } })
    await afflio.couponCodes.create({ partnerId: ids.bob, code: 'BOBSPLIT' })
    const { sale } = await afflio.track.sale({ invoiceId: 'in_split', amountMinor: 10_000, currency: 'USD', clickId: await click('ANN'), couponCode: 'bobsplit' })
    expect(sale).toMatchObject({ partnerId: ids.ann, split: { partnerId: ids.bob, amountMinor: 5000, refundedMinor: 0 } })
    const ids3 = (await afflio.partners.create({ email: 'cy@c.test', linkCode: 'CY' })).id
    const cy = new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId: ids3 })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const byBob = await bob.claims.file({ invoiceId: 'in_split', occurredAt: '2026-11-20' })
    const byCy = await cy.claims.file({ invoiceId: 'in_split', occurredAt: '2026-11-20' })
    expect((await afflio.claims.get(byBob.id)).evidence.sale).toMatchObject({ credited: 'claimant', sale: { split: { partnerId: ids.bob } } })
    expect((await afflio.claims.get(byCy.id)).evidence.sale).toMatchObject({ credited: 'other_partner' })
    // Bob earned his share already: his claim is refused as the evidence says, with or without an amount
    for (const input of [undefined, { amountMinor: 1000 }]) {
      expect(await errorOf(afflio.claims.approve(byBob.id, input))).toMatchObject({ status: 409, field: 'invoiceId', message: 'The sale is already credited to this partner' })
    }
    expect((await afflio.commissions.list({ partnerId: ids.bob })).data.map((c) => c.amountMinor)).toEqual([1000])
  })

  it('a sale no partner got: filed, read with evidence, approved through the rules once, and the partner is told', async () => {
    const annClick = await click('ANN')
    await afflio.track.lead({ customerExternalId: 'u1', email: 'Ana@Example.com' })
    // The checkout lost the click: the sale is recorded without a partner.
    const { sale } = await afflio.track.sale({ invoiceId: 'in_1042', amountMinor: 4900, currency: 'USD' })
    expect(sale.partnerId).toBeNull()

    const filed = await ann.claims.file({ invoiceId: 'in_1042', occurredAt: '2026-11-20', amountMinor: 4900, customerEmail: ' ana@example.com ', note: 'Ana bought after my webinar' })
    expect(filed).toMatchObject({ invoiceId: 'in_1042', occurredAt: '2026-11-20T00:00:00.000Z', amountMinor: 4900, currency: 'USD', customerEmail: 'ana@example.com', status: 'pending', commissionId: null })
    expect(filed).not.toHaveProperty('partnerId')
    expect(await errorOf(ann.claims.file({ invoiceId: 'in_1042', occurredAt: '2026-11-19' }))).toMatchObject({ status: 409, field: 'invoiceId' })
    expect(await errorOf(ann.claims.file({ invoiceId: 'in_x', occurredAt: '2027-01-01' }))).toMatchObject({ status: 400, field: 'occurredAt' })
    // The same bounds as a sale's time (tracking/attribution.ts), with a day of leeway ahead
    expect(await errorOf(ann.claims.file({ invoiceId: 'in_x', occurredAt: '1999-12-31' }))).toMatchObject({ status: 400, field: 'occurredAt', message: 'occurredAt: must not be before 2000-01-01' })
    // A day that does not exist is refused, not stored as March 2
    expect(await errorOf(ann.claims.file({ invoiceId: 'in_x', occurredAt: '2026-02-30' }))).toMatchObject({ status: 400, field: 'occurredAt', message: 'occurredAt: is not a real date' })
    expect(await errorOf(ann.claims.file({ invoiceId: 'in_x', occurredAt: '2026-02-30T10:00:00Z' }))).toMatchObject({ status: 400, field: 'occurredAt' })
    expect(await errorOf(ann.claims.file({ invoiceId: '', occurredAt: '2026-11-22' }))).toMatchObject({ status: 400, field: 'invoiceId' })
    expect(await errorOf(bob.claims.get(filed.id))).toMatchObject({ status: 404 })
    expect((await bob.claims.list()).data).toEqual([])

    const detail = await afflio.claims.get(filed.id)
    expect(detail).toMatchObject({ partnerId: ids.ann, status: 'pending' })
    expect(detail.evidence.windowDays).toBe(30)
    expect(detail.evidence.clicks.map((c) => c.id)).toEqual([annClick])
    expect(detail.evidence.customers).toMatchObject([{ externalId: 'u1', email: 'ana@example.com', partnerId: null }])
    expect(detail.evidence.sale).toMatchObject({ sale: { id: sale.id, partnerId: null }, credited: 'nobody', commissionId: null, attribution: null })
    expect((await afflio.claims.list({ status: 'pending' })).data.map((c) => c.id)).toEqual([filed.id])

    const approved = await afflio.claims.approve(filed.id)
    expect(approved.claim).toMatchObject({ status: 'approved', commissionId: approved.commission.id, decidedAt: ctx.clock.now().toISOString() })
    expect(approved.commission).toMatchObject({ partnerId: ids.ann, saleId: sale.id, amountMinor: 980, kind: 'sale', reasonData: { kind: 'rule', basis: 'percent', rateBps: 2000 } })
    // Again: the same commission. The sale is now ann's.
    expect((await afflio.claims.approve(filed.id)).commission.id).toBe(approved.commission.id)
    expect((await afflio.commissions.list({ partnerId: ids.ann })).data).toHaveLength(1)
    expect((await afflio.claims.get(filed.id)).evidence.sale).toMatchObject({ credited: 'claimant', commissionId: approved.commission.id, attribution: { by: 'program' } })
    expect(await errorOf(afflio.claims.reject(filed.id, { reason: 'late' }))).toMatchObject({ status: 409, field: 'status' })

    await ctx.drain()
    expect((await ann.claims.get(filed.id)).status).toBe('approved')
    // One notice of the commission: the claim's, which says what it earns (the credited sale's tells it not again)
    const told = (await ann.notices.list()).data
    expect(told).toMatchObject([{ kind: 'claim_decided', title: 'Claim approved: order in_1042', body: expect.stringContaining('was approved. You earned USD 9.80') }])
    const audit = (await afflio.auditLog.list({ subjectType: 'claim', subjectId: filed.id })).data
    expect(audit.map((a) => [a.action, a.actor.kind])).toEqual([['claim.approved', 'secret_key'], ['claim.filed', 'partner']])
    expect(audit[0]!.after).toMatchObject({ status: 'approved', commissionId: approved.commission.id, amountMinor: 980 })
  })

  it('an amount given for a sale no partner got credits the sale too: a late click or another claim cannot pay it again', async () => {
    const { sale } = await afflio.track.sale({ invoiceId: 'in_lost', amountMinor: 10_000, currency: 'USD' })
    const byAnn = await ann.claims.file({ invoiceId: 'in_lost', occurredAt: '2026-11-20' })
    const byBob = await bob.claims.file({ invoiceId: 'in_lost', occurredAt: '2026-11-20' })
    const { commission } = await afflio.claims.approve(byAnn.id, { amountMinor: 5000 })
    expect(commission).toMatchObject({ partnerId: ids.ann, saleId: sale.id, amountMinor: 5000, kind: 'sale', reasonData: { kind: 'claim', claimId: byAnn.id } })
    expect((await afflio.claims.get(byAnn.id)).evidence.sale).toMatchObject({ credited: 'claimant', sale: { partnerId: ids.ann }, commissionId: commission.id, attribution: { by: 'program', claimId: byAnn.id } })

    // The checkout's webhook, repeated with Bob's click: the sale is Ann's already
    const late = await afflio.track.sale({ invoiceId: 'in_lost', amountMinor: 10_000, currency: 'USD', clickId: await click('BOB') })
    expect(late).toMatchObject({ duplicate: true, sale: { partnerId: ids.ann }, commission: { id: commission.id } })
    expect((await afflio.claims.get(byBob.id)).evidence.sale).toMatchObject({ credited: 'other_partner' })
    expect(await errorOf(afflio.claims.approve(byBob.id))).toMatchObject({ status: 400, field: 'amountMinor' })
    const paid = (await afflio.commissions.list()).data.filter((c) => c.saleId === sale.id)
    expect(paid.map((c) => [c.partnerId, c.amountMinor])).toEqual([[ids.ann, 5000]])
    expect((await afflio.partners.list({ q: 'ann' })).data[0]!.performance).toMatchObject({ sales: 1, earnings: { amountMinor: 5000 } })
  })

  it("an amount given is a commission like any other: within the budgets, with the recruiter's share; a suspended partner earns none", async () => {
    await afflio.settings.update({ secondTierRateBps: 1000 })
    await afflio.partners.update(ids.ann, { referredById: ids.bob })
    const budget = await afflio.budgets.create({ name: 'Monthly', scope: 'program', period: 'month', amountMinor: 100, currency: 'USD' })
    const phone = await ann.claims.file({ invoiceId: 'in_phone', occurredAt: '2026-11-20' })
    const held = (await afflio.claims.approve(phone.id, { amountMinor: 5000 })).commission
    expect(held).toMatchObject({ amountMinor: 5000, status: 'on_hold', holdReasonData: { kind: 'budget', budgetId: budget.id }, reasonData: { kind: 'claim', claimId: phone.id } })
    expect((await afflio.commissions.list({ partnerId: ids.bob })).data).toMatchObject([{ kind: 'override', sourceId: held.id, amountMinor: 500, status: 'on_hold' }])

    await afflio.budgets.update(budget.id, { overCap: 'step_down', stepDownBps: 5000 })
    const mail = await ann.claims.file({ invoiceId: 'in_mail', occurredAt: '2026-11-20' })
    const stepped = (await afflio.claims.approve(mail.id, { amountMinor: 3000 })).commission
    expect(stepped).toMatchObject({ amountMinor: 1500, status: 'pending', reasonData: { kind: 'claim', amountMinor: 3000, stepDown: { budgetId: budget.id, stepDownBps: 5000, fullAmountMinor: 3000 } } })
    expect(stepped.reason).toBe(`claim ${mail.id}: flat 3000 USD minor units for invoice in_mail (budget Monthly reached: 50% of 3000)`)

    // A suspended recruiter earns no share of it, as of any commission
    await afflio.partners.update(ids.bob, { status: 'suspended' })
    const fax = await ann.claims.file({ invoiceId: 'in_fax', occurredAt: '2026-11-20' })
    const alone = (await afflio.claims.approve(fax.id, { amountMinor: 1000 })).commission
    expect((await afflio.commissions.list({ partnerId: ids.bob })).data.filter((c) => c.sourceId === alone.id)).toEqual([])
    await afflio.partners.update(ids.bob, { status: 'active' })

    // Suspended: neither an amount nor the rules pay, and the sale no partner got stays so
    const { sale } = await afflio.track.sale({ invoiceId: 'in_lost', amountMinor: 10_000, currency: 'USD' })
    const lost = await ann.claims.file({ invoiceId: 'in_lost', occurredAt: '2026-11-20' })
    const none = await ann.claims.file({ invoiceId: 'in_none', occurredAt: '2026-11-20' })
    await afflio.partners.update(ids.ann, { status: 'suspended' })
    for (const [id, input] of [[lost.id, undefined], [lost.id, { amountMinor: 5000 }], [none.id, { amountMinor: 5000 }]] as const) {
      expect(await errorOf(afflio.claims.approve(id, input))).toMatchObject({ status: 409, code: 'conflict', message: expect.stringContaining('The partner is suspended') })
    }
    expect(await afflio.claims.get(lost.id)).toMatchObject({ status: 'pending', evidence: { sale: { credited: 'nobody', sale: { id: sale.id, partnerId: null } } } })
    expect((await afflio.commissions.list({ partnerId: ids.ann })).data).toHaveLength(3)
  })

  it.runIf(dialect === 'sqlite')('a claim reads its partner once, under its lock, to price it or to refuse a suspended one', async () => {
    await afflio.track.sale({ invoiceId: 'in_lost', amountMinor: 10_000, currency: 'USD' })
    const lost = await ann.claims.file({ invoiceId: 'in_lost', occurredAt: '2026-11-20' })
    // ledger/partner-queries.ts's lockPartnerForPricing, the one statement that selects it
    const partnerReads = async (work: () => Promise<unknown>) => (await statementsOf(work)).filter((s) => s.includes('"recruiter_status"')).length
    await afflio.partners.update(ids.ann, { status: 'suspended' })
    for (const input of [undefined, { amountMinor: 5000 }]) expect(await partnerReads(() => errorOf(afflio.claims.approve(lost.id, input)))).toBe(1)
    await afflio.partners.update(ids.ann, { status: 'active' })
    expect(await partnerReads(() => afflio.claims.approve(lost.id))).toBe(1)
    expect((await afflio.claims.get(lost.id)).status).toBe('approved')
  })

  it("no sale recorded, or another partner's: the program gives the amount; a rejection says why", async () => {
    await click('BOB')
    const { sale } = await afflio.track.sale({ invoiceId: 'in_bob', amountMinor: 10_000, currency: 'USD', clickId: await click('BOB') })
    expect(sale.partnerId).toBe(ids.bob)
    const theirs = await ann.claims.file({ invoiceId: 'in_bob', occurredAt: '2026-11-20T11:00:00Z' })
    const nothing = await ann.claims.file({ invoiceId: 'in_none', occurredAt: '2026-11-19' })
    const rejectMe = await ann.claims.file({ invoiceId: 'in_r', occurredAt: '2026-11-19' })

    const ev = (await afflio.claims.get(theirs.id)).evidence
    expect(ev.clicks).toEqual([])
    expect(ev.sale).toMatchObject({ credited: 'other_partner', attribution: { by: 'click', clicks: [{ partnerId: ids.bob, outcome: 'credited' }] } })
    expect(await errorOf(afflio.claims.approve(theirs.id))).toMatchObject({ status: 400, field: 'amountMinor' })
    expect(await errorOf(afflio.claims.approve(nothing.id))).toMatchObject({ status: 400, field: 'amountMinor' })
    expect(await errorOf(afflio.claims.approve(nothing.id, { amountMinor: 0 }))).toMatchObject({ status: 400, field: 'amountMinor' })

    const paid = await afflio.claims.approve(theirs.id, { amountMinor: 700 })
    expect(paid.commission).toMatchObject({ partnerId: ids.ann, saleId: sale.id, amountMinor: 700, currency: 'USD', reasonData: { kind: 'claim', claimId: theirs.id, invoiceId: 'in_bob' } })
    const set = await afflio.claims.approve(nothing.id, { amountMinor: 300, currency: 'eur' })
    expect(set.commission).toMatchObject({ saleId: null, amountMinor: 300, currency: 'EUR', status: 'pending' })
    const why = await ann.commissions.explain(set.commission.id)
    expect(why.decision).toMatchObject({ attribution: { by: 'program', claimId: nothing.id }, rules: null, amount: { kind: 'claim' } })

    expect(await errorOf(afflio.claims.reject(rejectMe.id, { reason: '' }))).toMatchObject({ status: 400, field: 'reason' })
    ctx.clock.set('2026-11-20T12:05:00.000Z') // the rejection's notice is the newest
    const rejected = await afflio.claims.reject(rejectMe.id, { reason: 'The order was cancelled' })
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'The order was cancelled', commissionId: null })
    expect((await afflio.claims.reject(rejectMe.id, { reason: 'again' })).reason).toBe('The order was cancelled') // a retry
    expect(await errorOf(afflio.claims.approve(rejectMe.id, { amountMinor: 5 }))).toMatchObject({ status: 409, field: 'status' })
    await ctx.drain()
    expect((await ann.notices.list()).data[0]).toMatchObject({ kind: 'claim_decided', title: 'Claim not approved: order in_r', body: expect.stringContaining('The order was cancelled') })
    expect((await ann.claims.list({ status: 'rejected' })).data).toMatchObject([{ id: rejectMe.id, reason: 'The order was cancelled' }])

    // A claim for a sale the partner already has is refused.
    const own = await bob.claims.file({ invoiceId: 'in_bob', occurredAt: '2026-11-20' })
    expect(await errorOf(afflio.claims.approve(own.id, { amountMinor: 1 }))).toMatchObject({ status: 409, field: 'invoiceId' })
  })

  it('a sale refunded before its claim was approved: the refunds take their share of the commission at once', async () => {
    await afflio.partners.update(ids.ann, { referredById: ids.bob })
    await afflio.settings.update({ secondTierRateBps: 1000 })
    await afflio.track.sale({ invoiceId: 'in_part', amountMinor: 10_000, currency: 'USD' })
    await afflio.track.sale({ invoiceId: 'in_all', amountMinor: 10_000, currency: 'USD' })
    await afflio.track.refund({ invoiceId: 'in_part', amountMinor: 4000 })
    await afflio.track.refund({ invoiceId: 'in_all' })
    const approve = async (invoiceId: string) => afflio.claims.approve((await ann.claims.file({ invoiceId, occurredAt: '2026-11-20' })).id)

    // 20% of the sale, less its refunded 40% (and the recruiter's 10% of it likewise): what is left of it is 20% of what was kept
    const part = await approve('in_part')
    expect(part.commission).toMatchObject({ partnerId: ids.ann, amountMinor: 2000, status: 'pending' })
    // The console is told what is owed, as the partner's notice tells it
    expect(part.owedMinor).toBe(1200)
    const all = await approve('in_all')
    expect(all.commission).toMatchObject({ partnerId: ids.ann, amountMinor: 2000, status: 'reversed' })
    expect(all.owedMinor).toBe(0)
    const net = async (partnerId: string) => (await afflio.payouts.balances({ partnerId })).map((b) => b.pendingMinor + b.approvedMinor)
    expect(await net(ids.ann)).toEqual([1200])
    expect(await net(ids.bob)).toEqual([120])
    // The rest of the sale refunded later: nothing left, as for a sale credited before its refunds
    await afflio.track.refund({ invoiceId: 'in_part' })
    expect(await net(ids.ann)).toEqual([0])
    expect(await net(ids.bob)).toEqual([0])

    // An amount the program gives on another partner's sale refunded by half: half of it stays
    await afflio.track.sale({ invoiceId: 'in_bobs', amountMinor: 10_000, currency: 'USD', clickId: await click('BOB') })
    await afflio.track.refund({ invoiceId: 'in_bobs', amountMinor: 5000 })
    const given = await afflio.claims.approve((await ann.claims.file({ invoiceId: 'in_bobs', occurredAt: '2026-11-20' })).id, { amountMinor: 700 })
    expect(given.commission).toMatchObject({ amountMinor: 700, status: 'pending' })
    expect(await net(ids.ann)).toEqual([350])
    await ctx.drain()
    // Told of the claim on the sale refunded in full without an amount it will not earn
    const told = (await ann.notices.list()).data.filter((n) => n.kind === 'claim_decided').map((n) => n.body)
    expect(told).toContain('Your claim for order in_all was approved.')
    expect(told.find((b) => b.includes('in_part'))).toContain('USD 12.00: USD 20.00')
  })

  it('a sale credited late by its click after a refund earns on what was kept; one refunded in full earns nothing', async () => {
    const annClick = await click('ANN')
    await afflio.track.sale({ invoiceId: 'in_late', amountMinor: 10_001, currency: 'USD' })
    await afflio.track.sale({ invoiceId: 'in_gone', amountMinor: 5000, currency: 'USD' })
    await afflio.track.refund({ invoiceId: 'in_late', amountMinor: 2500 })
    await afflio.track.refund({ invoiceId: 'in_gone' })
    // The checkout's webhook repeated with the click: credited now, at 20% of 100.01 (20.00) less 25.00/100.01 of it
    const late = await afflio.track.sale({ invoiceId: 'in_late', amountMinor: 10_001, currency: 'USD', clickId: annClick })
    expect(late.commission).toMatchObject({ partnerId: ids.ann, amountMinor: 2000, status: 'pending' })
    const gone = await afflio.track.sale({ invoiceId: 'in_gone', amountMinor: 5000, currency: 'USD', clickId: annClick })
    expect(gone.commission).toMatchObject({ partnerId: ids.ann, amountMinor: 1000, status: 'reversed' })
    const rows = (await afflio.commissions.list({ partnerId: ids.ann })).data
    expect(rows.filter((c) => c.kind === 'clawback').map((c) => [c.amountMinor, c.reason])).toEqual([[-500, 'partial refund: 2500 of 10001 refunded']])
    expect((await afflio.payouts.balances({ partnerId: ids.ann })).map((b) => b.pendingMinor)).toEqual([1500])
    await ctx.drain()
    // Told of what it is owed after the refund's take-back (15.00, not the 20.00 written), not of the commission reversed at once
    const told = (await ann.notices.list()).data.filter((n) => n.kind === 'commission_earned')
    expect(told.map((n) => n.title)).toEqual(['You earned USD 15.00'])
    expect(told[0]!.body).toContain('You earned USD 15.00: USD 20.00 (Program default: 20% of a USD 100.01 sale), less USD 5.00 for the part of the sale refunded.')
  })

  it("a claim paid on another partner's sale, marked fraud, leaves that sale its partner's: counted, as its commission is", async () => {
    const { sale, commission } = await afflio.track.sale({ invoiceId: 'in_bob_f', amountMinor: 10_000, currency: 'USD', clickId: await click('BOB') })
    const claim = await ann.claims.file({ invoiceId: 'in_bob_f', occurredAt: '2026-11-20' })
    const paid = await afflio.claims.approve(claim.id, { amountMinor: 700 })
    expect(paid.commission).toMatchObject({ partnerId: ids.ann, saleId: sale.id, kind: 'sale' })

    await afflio.commissions.markFraud(paid.commission.id, 'a made-up claim')
    await ctx.drain()
    // Ann's claim is void; Bob's sale is still a sale, as his commission on it (still pending) says
    expect((await afflio.commissions.list({ partnerId: ids.ann })).data.map((c) => c.status)).toEqual(['fraud'])
    expect((await afflio.commissions.list({ partnerId: ids.bob })).data).toMatchObject([{ id: commission!.id, status: 'pending' }])
    const bobListed = (await afflio.partners.list()).data.find((p) => p.id === ids.bob)!
    expect(bobListed.performance).toMatchObject({ sales: 1, revenue: { amountMinor: 10_000, currency: 'USD' } })
    expect(await afflio.program.overview()).toMatchObject({ sales: 1, revenue: [{ currency: 'USD', amountMinor: 10_000 }] })
  })

  it("tells the program's backend of each claim filed once: claim.created, as the program's API shows the claim", async () => {
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/claims', events: ['claim.created'] })
    const filed = await ann.claims.file({ invoiceId: 'in_filed', occurredAt: '2026-11-20', amountMinor: 4900, customerEmail: 'ana@example.com', note: 'webinar' })
    // A second claim for the invoice is refused, and rolls back with no event.
    expect(await errorOf(ann.claims.file({ invoiceId: 'in_filed', occurredAt: '2026-11-19' }))).toMatchObject({ status: 409 })
    await afflio.claims.reject(filed.id, { reason: 'No such order' }) // not subscribed: no claim.rejected

    const hooks = await ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'event_id', 'payload']).where('program_id', '=', keys.program.id).execute()
    expect(hooks.map((h) => h.event_type)).toEqual(['claim.created'])
    const event = JSON.parse(hooks[0]!.payload) as { id: string; type: string; data: unknown }
    expect(event).toMatchObject({ id: hooks[0]!.event_id, type: 'claim.created' })
    const { data: listed } = await afflio.claims.list()
    expect(event.data).toEqual({ ...listed.find((c) => c.id === filed.id), status: 'pending', reason: null, decidedAt: null })
    expect(event.data).toMatchObject({ id: filed.id, partnerId: ids.ann, invoiceId: 'in_filed', amountMinor: 4900, currency: 'USD', customerEmail: 'ana@example.com', note: 'webinar' })
  })

  it("tells the program's backend of each decision once: claim.approved (both ways of crediting) and claim.rejected", async () => {
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/claims', events: ['claim.approved', 'claim.rejected'] })
    await afflio.track.sale({ invoiceId: 'in_rules', amountMinor: 5000, currency: 'USD' })
    const byRules = await ann.claims.file({ invoiceId: 'in_rules', occurredAt: '2026-11-20' })
    const byAmount = await ann.claims.file({ invoiceId: 'in_amount', occurredAt: '2026-11-20' })
    const refused = await bob.claims.file({ invoiceId: 'in_refused', occurredAt: '2026-11-20' })
    const raced = await bob.claims.file({ invoiceId: 'in_raced', occurredAt: '2026-11-20' })

    // A minute between decisions: ids made in one millisecond are in no set order.
    const minute = (m: number) => ctx.clock.set(`2026-11-20T12:0${m}:00.000Z`)
    const ruled = await afflio.claims.approve(byRules.id)
    minute(1)
    const given = await afflio.claims.approve(byAmount.id, { amountMinor: 700 })
    minute(2)
    const rejected = await afflio.claims.reject(refused.id, { reason: 'No such order' })
    minute(3)
    await Promise.all([afflio.claims.approve(raced.id, { amountMinor: 100 }), afflio.claims.approve(raced.id, { amountMinor: 100 })])
    minute(4)
    // Retries answer the decision again, and tell no one again; a refused move changes nothing.
    await afflio.claims.approve(byRules.id)
    await afflio.claims.reject(refused.id, { reason: 'again' })
    await errorOf(afflio.claims.reject(byAmount.id, { reason: 'too late' }))

    const hooks = await ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'event_id', 'payload']).where('program_id', '=', keys.program.id).orderBy('id').execute()
    const events = hooks.map((h) => JSON.parse(h.payload) as { id: string; type: string; data: { id: string } })
    expect(events.map((e) => [e.type, e.data.id])).toEqual([
      ['claim.approved', byRules.id],
      ['claim.approved', byAmount.id],
      ['claim.rejected', refused.id],
      ['claim.approved', raced.id],
    ])
    expect(hooks.map((h) => h.event_id)).toEqual(events.map((e) => e.id))
    expect(events[0]!.data).toEqual(ruled.claim)
    expect(events[1]!.data).toEqual(given.claim)
    expect(events[1]!.data).toMatchObject({ status: 'approved', partnerId: ids.ann, commissionId: given.commission.id })
    expect(events[2]!.data).toEqual(rejected)
    expect(events[2]!.data).toMatchObject({ status: 'rejected', reason: 'No such order', commissionId: null })
  })

  it('two approvals of one claim at once make one commission (a sale credited, or an amount)', async () => {
    await afflio.track.sale({ invoiceId: 'in_race', amountMinor: 5000, currency: 'USD' })
    const a = await ann.claims.file({ invoiceId: 'in_race', occurredAt: '2026-11-20' })
    const b = await ann.claims.file({ invoiceId: 'in_gone', occurredAt: '2026-11-20' })
    const [x, y] = await Promise.all([afflio.claims.approve(a.id), afflio.claims.approve(a.id)])
    expect(x.commission.id).toBe(y.commission.id)
    const [p, q] = await Promise.all([afflio.claims.approve(b.id, { amountMinor: 100 }), afflio.claims.approve(b.id, { amountMinor: 100 })])
    expect(p.commission.id).toBe(q.commission.id)
    const all = (await afflio.commissions.list({ partnerId: ids.ann })).data
    expect(all.map((c) => c.amountMinor).sort()).toEqual([100, 1000])
  })
})
