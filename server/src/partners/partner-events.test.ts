// A partner's webhook events on each database: `partner.created` once for every way a partner is made, and
// `partner.status_changed` once for every move of its status (with the status it had), none for a no-op.
import { Afflio, AfflioApiError, AfflioPortal, type Partner, type PartnerStatusChange, type PartnerWithLink, type WebhookEvent } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('partner webhook events on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const nextIp = () => `198.51.100.${++ip % 250}`
  const fetch: typeof globalThis.fetch = async (input, init) => ctx.app.request(input as string, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': nextIp() } })
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AfflioApiError)

  /** A program whose endpoint takes the partner events (or `events`). */
  async function program(events: Array<'partner.created' | 'partner.status_changed' | 'commission.created'> = ['partner.created', 'partner.status_changed']) {
    const keys = await ctx.createProgram({ name: 'Acme', currency: 'USD' })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/partners', events })
    return { afflio, programId: keys.program.id, publishableKey: keys.publishableKey }
  }
  /** The events of a type the program's endpoints were sent, oldest first. */
  async function sent<T>(programId: string, type: string): Promise<Array<WebhookEvent<T>>> {
    const rows = await ctx.db.selectFrom('webhook_deliveries').select(['event_id', 'payload']).where('program_id', '=', programId).where('event_type', '=', type).orderBy('id').execute()
    const events = rows.map((r) => JSON.parse(r.payload) as WebhookEvent<T>)
    expect(events.map((e) => e.id)).toEqual(rows.map((r) => r.event_id))
    return events
  }
  /** The partner as the API shows it now, without its links (as the events carry it). */
  const shown = async (afflio: Afflio, id: string): Promise<Partner> => {
    const { links: _links, ...partner } = await afflio.partners.get(id)
    return partner
  }
  const withoutLinks = ({ links: _links, ...partner }: PartnerWithLink): Partner => partner
  /** A second on: ids made in one millisecond are in no set order, and the events are read in id order. */
  const later = () => ctx.clock.set(new Date(ctx.clock.now().getTime() + 1000).toISOString())
  const click = async (publishableKey: string, code: string) => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': nextIp() },
      body: JSON.stringify({ key: publishableKey, code }),
    })
    expect(res.status).toBe(201)
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  it('partner.created: once for a partner made through the API, none for a refused duplicate', async () => {
    const { afflio, programId } = await program()
    const ada = await afflio.partners.create({ email: 'ada@example.com', name: 'Ada', externalId: 'u_ada', linkCode: 'ADA', country: 'GB' })
    expect((await failure(afflio.partners.create({ email: 'ada@example.com' })))?.status).toBe(409)
    expect((await failure(afflio.partners.create({ email: 'bo@example.com', linkCode: 'ada' })))?.status).toBe(409)
    const events = await sent<Partner>(programId, 'partner.created')
    expect(events).toEqual([{ id: expect.stringMatching(/^evt_/), type: 'partner.created', createdAt: ctx.clock.now().toISOString(), data: withoutLinks(ada) }])
    expect(events[0]!.data).toEqual(await shown(afflio, ada.id))
    expect(events[0]!.data).toMatchObject({ status: 'active', externalId: 'u_ada', country: 'GB' })
    expect(await sent(programId, 'partner.status_changed')).toEqual([])
  })

  it('partner.created: once for each partner an import creates, in one go; none for a dry run, an existing partner or the file again', async () => {
    const { afflio, programId } = await program()
    const grace = await afflio.partners.create({ email: 'grace@example.com' })
    later()
    const csv = 'email,name,website\nada@example.com,Ada,https://ada.dev\ngrace@example.com,Grace,\nlin@example.com,Lin,\n'
    const acceptUrl = 'https://app.example.com/join'
    await afflio.partners.import({ csv, acceptUrl, dryRun: true })
    const done = await afflio.partners.import({ csv, acceptUrl })
    await afflio.partners.import({ csv, acceptUrl })
    const made = done.rows.filter((r) => r.outcome === 'created').map((r) => r.partnerId!)
    expect(made).toHaveLength(2)
    const events = await sent<Partner>(programId, 'partner.created')
    expect(events[0]!.data.id).toBe(grace.id)
    expect(events.slice(1).map((e) => e.data.id).sort()).toEqual([...made].sort())
    const imported = events.slice(1).map((e) => e.data).sort((x, y) => x.email.localeCompare(y.email))
    expect(imported).toEqual([await shown(afflio, made[0]!), await shown(afflio, made[1]!)])
    expect(imported[0]).toMatchObject({ email: 'ada@example.com', status: 'approved', website: 'https://ada.dev' })
  })

  it('partner.created: once for an application approved, by hand or by auto-approve; none when it is approved again', async () => {
    const { afflio, programId } = await program()
    await afflio.marketplace.update({ listed: true, slug: `acme-${dialect}`, description: 'Acme sells things', category: 'saas' })
    const apply = async (email: string) => {
      const res = await ctx.app.request(`/v1/programs/acme-${dialect}/applications`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() }, body: JSON.stringify({ email, name: 'Ana', answers: {} }) })
      expect(res.status).toBe(201)
      return (await res.json()).id as string
    }
    const byHand = await apply('ana@blog.test')
    const { partner } = await afflio.applications.approve(byHand)
    await afflio.applications.approve(byHand)
    later()
    await afflio.applications.autoApprove.update({ mode: 'everyone' })
    await apply('bea@blog.test')
    const auto = (await afflio.partners.list()).data.find((p) => p.email === 'bea@blog.test')!

    const events = await sent<Partner>(programId, 'partner.created')
    expect(events.map((e) => e.data.id)).toEqual([partner.id, auto.id])
    expect(events[0]!.data).toEqual(withoutLinks(partner))
    expect(events[0]!.data).toMatchObject({ status: 'approved', email: 'ana@blog.test' })
    expect(events[1]!.data).toEqual(await shown(afflio, auto.id))
  })

  it('partner.created: once for the partner an embed token creates; none when a token finds or adopts one', async () => {
    const { afflio, programId } = await program()
    const minted = await afflio.embedTokens.create({ externalId: 'u_1', email: 'new@host.test', name: 'New' })
    await afflio.embedTokens.create({ externalId: 'u_1', email: 'new@host.test' })
    await afflio.embedTokens.create({ partnerId: minted.partnerId })
    later()
    const api = await afflio.partners.create({ email: 'api@host.test' })
    await afflio.embedTokens.create({ externalId: 'u_2', email: 'api@host.test' }) // adopts the API's partner
    const events = await sent<Partner>(programId, 'partner.created')
    expect(events.map((e) => e.data.id)).toEqual([minted.partnerId, api.id])
    expect(events[0]!.data).toEqual(await shown(afflio, minted.partnerId))
    expect(events[0]!.data).toMatchObject({ email: 'new@host.test', externalId: 'u_1', name: 'New', status: 'active' })
  })

  it('partner.created: the audit entry records the same fields on every path a partner is made', async () => {
    const { afflio } = await program()
    await afflio.marketplace.update({ listed: true, slug: `acme-audit-${dialect}`, description: 'Acme sells things', category: 'saas' })
    const res = await ctx.app.request(`/v1/programs/acme-audit-${dialect}/applications`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() }, body: JSON.stringify({ email: 'app@blog.test', name: 'Ana', answers: {} }) })
    expect(res.status).toBe(201)
    const made = [
      (await afflio.partners.create({ email: 'api@host.test', name: 'Api', country: 'GB' })).id,
      (await afflio.applications.approve((await res.json()).id as string)).partner.id,
      (await afflio.embedTokens.create({ externalId: 'u_9', email: 'embed@host.test' })).partnerId,
      (await afflio.partners.import({ csv: 'email,website\nimp@host.test,https://imp.dev\n', acceptUrl: 'https://app.example.com/join' })).rows[0]!.partnerId!,
    ]
    const entries = (await afflio.auditLog.list({ action: 'partner.created', limit: 100 })).data
    expect(entries.map((e) => e.subject.id).sort()).toEqual([...made].sort())
    for (const e of entries) {
      const p = await shown(afflio, e.subject.id)
      expect(e.before).toBeNull()
      expect(e.after).toEqual({ email: p.email, name: p.name, externalId: p.externalId, status: p.status, country: p.country, website: p.website, groupId: p.groupId, referredById: p.referredById })
    }
  })

  it('partner.status_changed: once for each move by an update, with previousStatus; none for the same status or another field', async () => {
    const { afflio, programId } = await program()
    const ada = await afflio.partners.create({ email: 'ada@example.com' })
    const suspended = await afflio.partners.update(ada.id, { status: 'suspended' })
    await afflio.partners.update(ada.id, { status: 'suspended' })
    await afflio.partners.update(ada.id, { name: 'Ada L.' })
    later()
    const reinstated = await afflio.partners.update(ada.id, { status: 'active', country: 'FR' })
    const events = await sent<PartnerStatusChange>(programId, 'partner.status_changed')
    expect(events.map((e) => e.data)).toEqual([
      { ...suspended, previousStatus: 'active' },
      { ...reinstated, previousStatus: 'suspended' },
    ])
    expect(reinstated).toMatchObject({ name: 'Ada L.', country: 'FR', status: 'active' })
  })

  it('partner.status_changed: once for each partner a bulk set_status moves; none for those already there, or the action again', async () => {
    const { afflio, programId } = await program()
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => afflio.partners.create({ email: `${n}@example.com` })))
    await afflio.partners.update(b!.id, { status: 'approved' })
    await afflio.partners.update(c!.id, { status: 'suspended' })
    later()
    const partnerIds = [a!.id, b!.id, c!.id]
    expect(await afflio.partners.bulk({ partnerIds, action: 'set_status', status: 'suspended' })).toMatchObject({ matched: 3, changed: 2 })
    expect(await afflio.partners.bulk({ partnerIds, action: 'set_status', status: 'suspended' })).toMatchObject({ matched: 3, changed: 0 })
    await afflio.partners.bulk({ partnerIds, action: 'move_group', groupId: (await afflio.groups.create({ name: 'VIP' })).id })

    const events = await sent<PartnerStatusChange>(programId, 'partner.status_changed')
    expect(events.slice(0, 2).map((e) => e.data.id).sort()).toEqual([b!.id, c!.id].sort())
    const bulk = events.slice(2) // after the two updates'
    const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id)
    expect(bulk.map((e) => e.data).sort(byId)).toEqual(
      [
        { ...(await shown(afflio, a!.id)), groupId: null, previousStatus: 'active' },
        { ...(await shown(afflio, b!.id)), groupId: null, previousStatus: 'approved' },
      ].sort(byId),
    )
    expect(bulk[0]!.data).toMatchObject({ status: 'suspended' })
    expect(new Set(bulk.map((e) => e.id)).size).toBe(2)
  })

  it('a bulk set_status with no endpoint subscribed writes no event', async () => {
    const { afflio, programId } = await program(['commission.created'])
    const ps = await Promise.all(['d', 'e'].map((n) => afflio.partners.create({ email: `${n}@example.com` })))
    expect(await afflio.partners.bulk({ partnerIds: ps.map((p) => p.id), action: 'set_status', status: 'suspended' })).toMatchObject({ changed: 2 })
    await afflio.partners.update(ps[0]!.id, { status: 'active' })
    expect(await ctx.db.selectFrom('webhook_deliveries').select('id').where('program_id', '=', programId).execute()).toEqual([])
  })

  it('partner.status_changed: once when onboarding turns an approved partner active, by its first click or a step it completes', async () => {
    const { afflio, programId, publishableKey } = await program()
    const clicker = await afflio.partners.create({ email: 'click@example.com', linkCode: 'CLICKER' })
    await afflio.partners.update(clicker.id, { status: 'approved' })
    later()
    await click(publishableKey, 'CLICKER')
    await click(publishableKey, 'CLICKER')
    await ctx.drain() // onboarding reacts to the clicks after they commit
    later()

    await afflio.onboarding.setChecklist({ steps: [{ kind: 'add_payout_details', title: 'Tell us where to pay you' }] })
    const payee = await afflio.partners.create({ email: 'payee@example.com' })
    await afflio.partners.update(payee.id, { status: 'approved' })
    later()
    const portal = new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId: payee.id })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await portal.payoutDetails.update({ method: 'paypal', email: 'payee@paypal.test' })
    await portal.payoutDetails.update({ method: 'paypal', email: 'payee2@paypal.test' })

    const events = await sent<PartnerStatusChange>(programId, 'partner.status_changed')
    expect(events.map((e) => [e.data.id, e.data.previousStatus, e.data.status])).toEqual([
      [clicker.id, 'active', 'approved'],
      [clicker.id, 'approved', 'active'],
      [payee.id, 'active', 'approved'],
      [payee.id, 'approved', 'active'],
    ])
    expect(events[1]!.data).toEqual({ ...(await shown(afflio, clicker.id)), previousStatus: 'approved' })
    expect(events[3]!.data).toEqual({ ...(await shown(afflio, payee.id)), previousStatus: 'approved' })
  })

  it('two changes of a status at once report the move once', async () => {
    const { afflio, programId } = await program(['partner.status_changed'])
    const ps = await Promise.all(['f', 'g', 'h'].map((n) => afflio.partners.create({ email: `${n}@example.com` })))
    await Promise.all([afflio.partners.update(ps[0]!.id, { status: 'suspended' }), afflio.partners.update(ps[0]!.id, { status: 'suspended' })])
    later()
    const partnerIds = ps.map((p) => p.id)
    const bulk = await Promise.all([0, 1].map(() => afflio.partners.bulk({ partnerIds, action: 'set_status', status: 'pending' })))
    expect(bulk.map((r) => r.changed).sort()).toEqual([0, 3])
    const moves = (await sent<PartnerStatusChange>(programId, 'partner.status_changed')).map((e) => [e.data.id, e.data.previousStatus, e.data.status])
    const byId = (x: string[], y: string[]) => x[0]!.localeCompare(y[0]!)
    expect(moves[0]).toEqual([ps[0]!.id, 'active', 'suspended'])
    expect(moves.slice(1).sort(byId)).toEqual(
      [
        [ps[0]!.id, 'suspended', 'pending'],
        [ps[1]!.id, 'active', 'pending'],
        [ps[2]!.id, 'active', 'pending'],
      ].sort(byId),
    )
  })
})
