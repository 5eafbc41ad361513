// Deal registration through the SDK: a partner registers in the portal, duplicates are refused or flagged,
// the program approves, rejects, marks won (a sale credited to the partner, through the ledger) or lost;
// and what a partner's token may not do.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('deals on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  const ids = { alice: '', bob: '' }
  const tokens = { alice: '', bob: '' }
  let alice: AfflioPortal
  let bob: AfflioPortal

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const raw = (path: string, token: string, init: RequestInit = {}) =>
    ctx.app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }
  const globex = { company: 'Globex Corporation', contactName: 'Hank Scorpio', contactEmail: 'hank@globex.com', companyDomain: 'https://www.globex.com' }

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    ids.alice = (await afflio.partners.create({ email: 'alice@partner.test', name: 'Alice', linkCode: 'ALICE' })).id
    ids.bob = (await afflio.partners.create({ email: 'bob@partner.test', linkCode: 'BOB' })).id
    tokens.alice = (await afflio.embedTokens.create({ partnerId: ids.alice })).token
    tokens.bob = (await afflio.embedTokens.create({ partnerId: ids.bob })).token
    alice = new AfflioPortal({ token: tokens.alice, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    bob = new AfflioPortal({ token: tokens.bob, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  it('registers, refuses or flags duplicates, approves, and a won deal credits the sale to the partner', async () => {
    const deal = await alice.deals.register({ ...globex, estimatedValueMinor: 1_200_000, notes: 'Wants 40 seats' })
    expect(deal).toMatchObject({ company: 'Globex Corporation', companyDomain: 'globex.com', status: 'pending', estimatedValueMinor: 1_200_000, currency: 'USD', notes: 'Wants 40 seats' })
    expect(deal).not.toHaveProperty('duplicateOf')

    // The same prospect again by alice: refused. By bob while alice's is pending: flagged for the program.
    expect(await errorOf(alice.deals.register({ ...globex, company: 'GLOBEX, Inc.' }))).toMatchObject({ status: 409, code: 'conflict', field: 'company' })
    ctx.clock.set('2026-11-01T12:30:00.000Z') // ids sort by time: a later registration lists first
    const rival = await bob.deals.register({ company: 'Globex Inc', contactName: 'Hank', contactEmail: 'hank.s@gmail.com' })
    expect(await afflio.deals.get(rival.id)).toMatchObject({ partnerId: ids.bob, duplicateOf: deal.id, duplicateField: 'company', status: 'pending' })
    expect((await afflio.deals.list({ status: 'pending' })).data.map((d) => d.id)).toEqual([rival.id, deal.id])

    expect(await afflio.deals.approve(deal.id)).toMatchObject({ status: 'approved', decidedAt: ctx.clock.now().toISOString() })
    expect(await afflio.deals.approve(deal.id)).toMatchObject({ status: 'approved' }) // a retry answers the same
    // Now the prospect is alice's: approving bob's duplicate is refused, and new registrations are too.
    expect(await errorOf(afflio.deals.approve(rival.id))).toMatchObject({ status: 409, field: 'company' })
    expect(await errorOf(bob.deals.register({ company: 'GBX Holdings', contactName: 'Ops', contactEmail: 'ops@globex.com' }))).toMatchObject({ status: 409, field: 'contactEmail' })
    expect(await errorOf(bob.deals.register({ company: 'Other name', contactName: 'Ops', contactEmail: 'ops@gmail.com', companyDomain: 'globex.com' }))).toMatchObject({
      status: 409,
      field: 'companyDomain',
    })

    expect(await errorOf(afflio.deals.reject(rival.id, { reason: '' }))).toMatchObject({ status: 400, field: 'reason' })
    const noReason = await ctx.app.request(`/v1/deals/${rival.id}/reject`, { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}` }, body: '{}' })
    expect(noReason.status).toBe(400)
    expect((await noReason.json()).error).toMatchObject({ code: 'invalid_request', field: 'reason' })
    await afflio.deals.reject(rival.id, { reason: 'Alice registered Globex first' })
    expect((await bob.deals.list()).data).toMatchObject([{ id: rival.id, status: 'rejected', reason: 'Alice registered Globex first' }])

    expect(await errorOf(afflio.deals.markWon(rival.id, { invoiceId: 'inv_x', amountMinor: 100, currency: 'USD' }))).toMatchObject({ status: 409, field: 'status' })
    const won = await afflio.deals.markWon(deal.id, { invoiceId: 'inv_globex', amountMinor: 1_000_000, currency: 'USD' })
    expect(won.deal).toMatchObject({ status: 'won', saleId: won.sale.id, invoiceId: 'inv_globex', closedAt: ctx.clock.now().toISOString() })
    expect(won.sale).toMatchObject({ invoiceId: 'inv_globex', partnerId: ids.alice, clickId: null, amountMinor: 1_000_000 })
    expect(won.commission).toMatchObject({ partnerId: ids.alice, kind: 'sale', amountMinor: 200_000, saleId: won.sale.id })

    // Idempotent on the invoice; another invoice, or closing it again, is refused.
    const again = await afflio.deals.markWon(deal.id, { invoiceId: 'inv_globex', amountMinor: 1_000_000, currency: 'USD' })
    expect(again).toMatchObject({ deal: { id: deal.id, status: 'won' }, sale: { id: won.sale.id }, commission: { id: won.commission!.id } })
    expect(await errorOf(afflio.deals.markWon(deal.id, { invoiceId: 'inv_other', amountMinor: 5, currency: 'USD' }))).toMatchObject({ status: 409, field: 'invoiceId' })
    expect(await errorOf(afflio.deals.markLost(deal.id))).toMatchObject({ status: 409 })
    expect((await afflio.commissions.list({ partnerId: ids.alice })).data).toMatchObject([{ id: won.commission!.id }])
    expect(await alice.deals.get(deal.id)).toMatchObject({ status: 'won', saleId: won.sale.id })

    // The partner was told at each step, in the portal's messages (the won notice right after the sale commits).
    await ctx.drain()
    const notices = await ctx.db.selectFrom('messages').select('subject').where('partner_id', '=', ids.alice).orderBy('id').execute()
    expect(notices.map((n) => n.subject).sort()).toEqual(['Deal approved: Globex Corporation', 'Deal won: Globex Corporation'])
    const wonNotice = await ctx.db.selectFrom('messages').select('body').where('partner_id', '=', ids.alice).where('subject', '=', 'Deal won: Globex Corporation').executeTakeFirstOrThrow()
    expect(wonNotice.body).toMatch(/^Globex Corporation became a customer\. The sale was credited to you\. You earned USD 2,000\.00 \(Program default: 20% of a USD 10,000\.00 sale\)\. It is /)
    // One commission, one notice (and one email): the deal's tells of it, the sale's does not again
    const kinds = (await alice.notices.list()).data.map((n) => `${n.kind}: ${n.title}`).sort()
    expect(kinds).toEqual(['deal_update: Deal approved: Globex Corporation', 'deal_update: Deal won: Globex Corporation'])
    const emails = await ctx.db.selectFrom('email_outbox').select('notice_id').where('partner_id', '=', ids.alice).execute()
    expect(emails).toHaveLength(2)
  })

  it('closes an approved deal as lost, with or without a reason', async () => {
    const deal = await alice.deals.register({ company: 'Initech', contactName: 'Bill', contactEmail: 'bill@initech.com' })
    expect(await errorOf(afflio.deals.markLost(deal.id))).toMatchObject({ status: 409, field: 'status' })
    await afflio.deals.approve(deal.id)
    expect(await afflio.deals.markLost(deal.id, { reason: 'Went with a competitor' })).toMatchObject({ status: 'lost', reason: 'Went with a competitor' })
    expect(await errorOf(afflio.deals.markWon(deal.id, { invoiceId: 'inv_1', amountMinor: 100, currency: 'USD' }))).toMatchObject({ status: 409 })
    // A lost prospect is open again: another partner may register it.
    expect(await bob.deals.register({ company: 'Initech LLC', contactName: 'Bill', contactEmail: 'bill@initech.com' })).toMatchObject({ status: 'pending' })
    expect((await afflio.deals.list({ status: 'lost' })).data.map((d) => d.id)).toEqual([deal.id])
  })

  it('records each decision in the audit log, with who made it: a won deal names the sale and commission it made', async () => {
    // A manager's "won" credits a sale of any amount to the partner: who did it must be on record, as for claims.
    const manager = (await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
    const asManager = new Afflio({ secretKey: manager, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const deal = await alice.deals.register(globex)
    const lost = await bob.deals.register({ company: 'Initech', contactName: 'Bill', contactEmail: 'bill@initech.com' })
    const rejected = await bob.deals.register({ company: 'Umbrella', contactName: 'Al', contactEmail: 'al@umbrella.test' })
    await asManager.deals.approve(deal.id)
    await asManager.deals.approve(deal.id) // a retry changes nothing and records nothing
    const won = await asManager.deals.markWon(deal.id, { invoiceId: 'inv_globex', amountMinor: 1_000_000, currency: 'USD' })
    await afflio.deals.approve(lost.id)
    await afflio.deals.markLost(lost.id, { reason: 'Went elsewhere' })
    await afflio.deals.reject(rejected.id, { reason: 'Not a fit' })
    const log = (await afflio.auditLog.list({ subjectType: 'deal' })).data
    expect(log.map((e) => [e.action, e.subject.id, e.actor.kind])).toEqual([
      ['deal.rejected', rejected.id, 'secret_key'],
      ['deal.lost', lost.id, 'secret_key'],
      ['deal.approved', lost.id, 'secret_key'],
      ['deal.won', deal.id, 'console'],
      ['deal.approved', deal.id, 'console'],
    ])
    expect(log[3]).toMatchObject({
      actor: { id: 'dana@acme.test' },
      before: { status: 'approved' },
      after: { status: 'won', partnerId: ids.alice, saleId: won.sale.id, invoiceId: 'inv_globex', amountMinor: 1_000_000, currency: 'USD', commissionId: won.commission!.id },
    })
    expect(log[0]).toMatchObject({ before: { status: 'pending' }, after: { status: 'rejected', reason: 'Not a fit' } })
  })

  it('credits an invoice tracked without a partner to the deal, and refuses one credited to another partner', async () => {
    await afflio.track.sale({ invoiceId: 'inv_early', amountMinor: 50_000, currency: 'USD' })
    const deal = await alice.deals.register({ company: 'Umbrella', contactName: 'Albert', contactEmail: 'albert@umbrella.test' })
    await afflio.deals.approve(deal.id)
    const won = await afflio.deals.markWon(deal.id, { invoiceId: 'inv_early', amountMinor: 50_000, currency: 'USD' })
    expect(won).toMatchObject({ sale: { invoiceId: 'inv_early', partnerId: ids.alice }, commission: { partnerId: ids.alice, amountMinor: 10_000 } })

    const click = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': '10.0.0.9' }, body: JSON.stringify({ key: keys.publishableKey, code: 'BOB' }) })
    await afflio.track.sale({ invoiceId: 'inv_bob', amountMinor: 70_000, currency: 'USD', clickId: (await click.json()).clickId })
    const other = await alice.deals.register({ company: 'Soylent', contactName: 'Sol', contactEmail: 'sol@soylent.test' })
    await afflio.deals.approve(other.id)
    expect(await errorOf(afflio.deals.markWon(other.id, { invoiceId: 'inv_bob', amountMinor: 70_000, currency: 'USD' }))).toMatchObject({ status: 409, field: 'invoiceId' })
    expect(await afflio.deals.get(other.id)).toMatchObject({ status: 'approved', saleId: null })
    expect((await afflio.commissions.list({ partnerId: ids.alice })).data).toHaveLength(1)
  })

  it("keeps a partner's token off the program's routes and out of other partners' deals", async () => {
    const deal = await alice.deals.register(globex)
    // The program's routes take a secret key or a console token, never an embed token.
    for (const [method, path] of [
      ['POST', `/v1/deals/${deal.id}/approve`],
      ['POST', `/v1/deals/${deal.id}/won`],
      ['GET', '/v1/deals'],
      ['GET', `/v1/deals/${deal.id}`],
      ['POST', '/v1/challenges'],
    ] as const) {
      const res = await raw(path, tokens.alice, { method, ...(method === 'POST' ? { body: JSON.stringify({ invoiceId: 'i', amountMinor: 1, currency: 'USD' }) } : {}) })
      expect([401, 403], `${method} ${path}`).toContain(res.status)
    }
    expect((await raw(`/v1/portal/deals/${deal.id}/approve`, tokens.alice, { method: 'POST', body: '{}' })).status).toBe(404)
    expect(await afflio.deals.get(deal.id)).toMatchObject({ status: 'pending' })

    // Bob sees his own deals only, and not alice's by id.
    expect((await bob.deals.list()).data).toEqual([])
    expect(await errorOf(bob.deals.get(deal.id))).toMatchObject({ status: 404 })
    // Another program's key does not find it either.
    const other = await ctx.createProgram({ name: 'Other', currency: 'USD' })
    const otherSdk = new Afflio({ secretKey: other.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await errorOf(otherSdk.deals.approve(deal.id))).toMatchObject({ status: 404 })
    expect((await otherSdk.deals.list()).data).toEqual([])

    // A console token (a manager in the browser) may decide.
    const { token } = await afflio.consoleTokens.create({ manager: 'manager@acme.test' })
    const res = await raw(`/v1/deals/${deal.id}/approve`, token, { method: 'POST', body: '{}' })
    expect(res.status).toBe(200)
  })

  it('validates registrations', async () => {
    expect(await errorOf(alice.deals.register({ ...globex, contactEmail: 'not-an-email' }))).toMatchObject({ status: 400, field: 'contactEmail' })
    expect(await errorOf(alice.deals.register({ ...globex, company: '!!!' }))).toMatchObject({ status: 400, field: 'company' })
    expect(await errorOf(alice.deals.register({ ...globex, companyDomain: 'nope' }))).toMatchObject({ status: 400, field: 'companyDomain' })
    expect(await errorOf(alice.deals.register({ ...globex, estimatedValueMinor: 1.5 }))).toMatchObject({ status: 400, field: 'estimatedValueMinor' })
    expect(await errorOf(alice.deals.register({ ...globex, contactName: undefined as unknown as string }))).toMatchObject({ status: 400, field: 'contactName' })
    expect(await errorOf(alice.deals.list({ status: 'open' as never }))).toMatchObject({ status: 400, field: 'status' })
  })

  it('matches two partners registering one prospect at the same moment', async () => {
    const [x, y] = await Promise.all([
      alice.deals.register({ company: 'Hooli', contactName: 'Gavin', contactEmail: 'gavin@hooli.test' }),
      bob.deals.register({ company: 'Hooli Inc.', contactName: 'Gavin', contactEmail: 'g@hooli.test' }),
    ])
    const [dx, dy] = await Promise.all([afflio.deals.get(x.id), afflio.deals.get(y.id)])
    expect([dx.duplicateOf, dy.duplicateOf].filter(Boolean)).toHaveLength(1)
  })
})

