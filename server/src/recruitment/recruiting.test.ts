// A partner's recruiting link, the whole chain on a real database: the portal shows the link, an applicant
// arrives through it (JSON or the marketplace page's form), is approved, makes a sale through their own
// link, and the recruiter earns the program's second tier on the recruit's commission.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('recruiting links on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const nextIp = () => `198.51.100.${++ip % 250}`
  const fetchApp: typeof fetch = async (input, init) => ctx.app.request(input as string, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': nextIp() } })
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  async function program(slug: string) {
    const keys = await ctx.createProgram({ name: slug, defaultCommission: { type: 'percent', rateBps: 2000 } })
    const afflio = sdk(keys.secretKey)
    await afflio.settings.update({ secondTierRateBps: 1000, holdingDays: 0 })
    const rita = await afflio.partners.create({ email: 'rita@example.com', linkCode: 'RITA' })
    const portal = new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId: rita.id })).token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    return { afflio, keys, rita, portal }
  }

  it('pays the recruiter the second tier on a sale by a partner who applied through the link', async () => {
    const { afflio, keys, rita, portal } = await program('chain')
    // No listed marketplace page yet: no recruiting link to show.
    expect((await portal.me()).recruitingPath).toBeNull()
    await afflio.marketplace.update({ listed: true, slug: 'chain', description: 'We sell things', category: 'saas' })
    const path = (await portal.me()).recruitingPath
    expect(path).toBe('/marketplace/chain?via=RITA')

    // The marketplace page carries the code into its form.
    const page = await (await ctx.app.request(path!, { headers: { 'x-forwarded-for': nextIp() } })).text()
    expect(page).toContain('<input type="hidden" name="via" value="RITA">')

    const submitted = await ctx.app.request('/v1/programs/chain/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() },
      body: JSON.stringify({ email: 'rob@example.com', name: 'Rob', via: 'RITA' }),
    })
    expect(submitted.status).toBe(201)
    const application = (await afflio.applications.list()).data[0]!
    expect(application).toMatchObject({ email: 'rob@example.com', referredById: rita.id })
    const { partner: rob } = await afflio.applications.approve(application.id, { linkCode: 'ROB' })
    expect(rob.referredById).toBe(rita.id)

    const click = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': nextIp(), 'user-agent': BROWSER_UA }, body: JSON.stringify({ key: keys.publishableKey, code: 'ROB' }) })
    const { clickId } = await click.json()
    const { commission } = await afflio.track.sale({ invoiceId: 'inv_chain_1', amountMinor: 10_000, currency: 'USD', clickId })
    expect(commission).toMatchObject({ partnerId: rob.id, amountMinor: 2000 })
    const ritas = (await afflio.commissions.list({ partnerId: rita.id })).data
    // 10% of Rob's USD 20.00
    expect(ritas).toMatchObject([{ kind: 'override', amountMinor: 200, sourceId: commission!.id, reasonData: { kind: 'override', recruitedPartnerId: rob.id } }])
    expect((await portal.commissions.list()).data).toMatchObject([{ kind: 'override', amountMinor: 200 }])
  })

  it('takes the code through the HTML form, and ignores a code that names nobody or a suspended partner', async () => {
    const { afflio, rita } = await program('form-chain')
    await afflio.marketplace.update({ listed: true, slug: 'form-chain', description: 'We sell things', category: 'saas' })
    const form = (fields: Record<string, string>) =>
      ctx.app.request('/v1/programs/form-chain/applications', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() }, body: new URLSearchParams(fields).toString() })
    expect((await form({ email: 'fay@example.com', via: 'RITA' })).status).toBe(303)
    expect((await form({ email: 'gus@example.com', via: 'NOBODY' })).status).toBe(303)
    await afflio.partners.update(rita.id, { status: 'suspended' })
    expect((await form({ email: 'hal@example.com', via: 'RITA' })).status).toBe(303)
    const byEmail = Object.fromEntries((await afflio.applications.list()).data.map((a) => [a.email, a.referredById]))
    expect(byEmail).toEqual({ 'fay@example.com': rita.id, 'gus@example.com': null, 'hal@example.com': null })
  })

  it('tells the recruiter alone, in the portal and by email as it chose, of an application through its link and of its approval', async () => {
    const { afflio, rita, portal } = await program('tell')
    await afflio.marketplace.update({ listed: true, slug: 'tell', description: 'We sell things', category: 'saas' })
    const otto = await afflio.partners.create({ email: 'otto@example.com', linkCode: 'OTTO' })
    const ottoPortal = new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId: otto.id })).token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const apply = (body: Record<string, string>) =>
      ctx.app.request('/v1/programs/tell/applications', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() }, body: JSON.stringify(body) })
    const told = async (p: AfflioPortal) => (await p.notices.list()).data.filter((n) => n.kind === 'recruit_update').map((n) => [n.title, n.body])
    const later = () => ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString()) // notices list newest first, by id
    const emailsTo = async (partnerId: string) =>
      (await ctx.db.selectFrom('email_outbox').innerJoin('notices', 'notices.id', 'email_outbox.notice_id').select('notices.title').where('email_outbox.partner_id', '=', partnerId).where('notices.kind', '=', 'recruit_update').execute()).map((r) => r.title)

    expect((await apply({ email: 'rob@example.com', name: 'Rob', via: 'RITA' })).status).toBe(201)
    expect((await apply({ email: 'una@example.com', name: 'Una' })).status).toBe(201) // through no link: nobody is told
    await ctx.drain()
    const applied = ['New applicant through your recruiting link', 'Rob applied to the tell partner program through your recruiting link. You will be told when the application is approved.']
    expect(await told(portal)).toEqual([applied])
    expect(await emailsTo(rita.id)).toEqual([applied[0]])
    expect(await told(ottoPortal)).toEqual([])

    // Rita turns these emails off: the next notice shows in the portal only.
    await portal.notices.setPreferences({ emails: { recruit_update: false } })
    const rob = (await afflio.applications.list({ status: 'pending' })).data.find((a) => a.email === 'rob@example.com')!
    later()
    await afflio.applications.approve(rob.id, {})
    await ctx.drain()
    const joined = ['Your recruit joined tell', 'Rob applied to the tell partner program through your recruiting link and was approved: they are your recruit now.']
    expect(await told(portal)).toEqual([joined, applied])
    expect(await emailsTo(rita.id)).toEqual([applied[0]])
    expect(await told(ottoPortal)).toEqual([])
    expect(JSON.stringify(await portal.notices.list())).not.toContain('rob@example.com')

    // Approved at once by the rules: one notice, of the approval.
    await afflio.applications.autoApprove.update({ mode: 'everyone' })
    later()
    expect((await apply({ email: 'vera@example.com', via: 'RITA' })).status).toBe(201)
    await ctx.drain()
    expect((await told(portal))[0]).toEqual(['Your recruit joined tell', expect.stringMatching(/^Someone applied .* was approved/)])
    expect(await told(portal)).toHaveLength(3)
  })

  it('sends the recruiter no applicant text it could mistake for the program’s: none in the subject, no link in the body', async () => {
    const { afflio, rita } = await program('lure')
    await afflio.marketplace.update({ listed: true, slug: 'lure', description: 'We sell things', category: 'saas' })
    const name = 'Visit https://phish.example/login <b>now</b> to claim your bonus'
    const res = await ctx.app.request('/v1/programs/lure/applications', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() }, body: JSON.stringify({ email: 'newguy@example.net', name, via: 'RITA' }) })
    expect(res.status).toBe(201)
    await ctx.drain()
    // A notice email is rendered when sent, from its notice: the title is its subject, the body its text.
    const emails = await ctx.db
      .selectFrom('email_outbox')
      .innerJoin('notices', 'notices.id', 'email_outbox.notice_id')
      .select(['notices.title', 'notices.body'])
      .where('email_outbox.partner_id', '=', rita.id)
      .where('notices.kind', '=', 'recruit_update')
      .execute()
    expect(emails).toEqual([{ title: 'New applicant through your recruiting link', body: expect.stringMatching(/^Someone applied to the lure partner program/) }])
    expect(JSON.stringify(emails)).not.toMatch(/phish|Visit|claim your bonus/)
    // The program still sees the name as given, on the application.
    expect((await afflio.applications.list()).data[0]!.name).toBe(name)
  })

  it('never lets one program recruit through another program\'s link code', async () => {
    const a = await program('iso-a')
    const b = await program('iso-b')
    await b.afflio.marketplace.update({ listed: true, slug: 'iso-b', description: 'We sell things', category: 'saas' })
    // RITA is a code in both programs: in B it names B's Rita, never A's.
    await ctx.app.request('/v1/programs/iso-b/applications', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() }, body: JSON.stringify({ email: 'ivy@example.com', via: 'RITA' }) })
    expect((await b.afflio.applications.list()).data[0]!.referredById).toBe(b.rita.id)
    expect((await a.afflio.applications.list()).data).toEqual([])
  })
})
