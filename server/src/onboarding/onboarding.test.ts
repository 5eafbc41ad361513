// Onboarding and resources through the SDK and the portal client, on a real database: checklists per
// program and group, steps completed by the real events (a click through the public endpoint, payout
// details through the portal, a sale through the SDK), approved -> active, terms versions, scoping.
import { Afflio, AfflioApiError, AfflioPortal, type OnboardingProgress, type Resource } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { pruneClicks } from '../stats/index.ts'

describe.each(dialects)('onboarding and resources on %s', (dialect) => {
  let ctx: TestContext
  let a: { publishableKey: string; afflio: Afflio }
  let b: { publishableKey: string; afflio: Afflio }
  let vip = ''
  const r: Record<'terms' | 'guide' | 'banner' | 'vipLogo' | 'vipTerms' | 'other', Resource> = {} as never

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const sdkFor = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const portalFor = async (afflio: Afflio, partnerId: string) =>
    new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId, expiresInSeconds: 86_400 })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }
  let ip = 0
  const click = async (key: string, code: string) => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.100.${++ip}` },
      body: JSON.stringify({ key, code }),
    })
    expect(res.status).toBe(201)
    return (await res.json()).clickId as string
  }
  const approvedPartner = async (email: string, linkCode: string, groupId?: string) => {
    const p = await a.afflio.partners.create({ email, linkCode })
    return a.afflio.partners.update(p.id, { status: 'approved', ...(groupId ? { groupId } : {}) })
  }
  const done = (p: OnboardingProgress) => Object.fromEntries(p.steps.map((s) => [s.kind, s.done]))

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const pa = await ctx.createProgram({ name: 'Acme', currency: 'USD' })
    const pb = await ctx.createProgram({ name: 'Other', currency: 'USD' })
    a = { ...pa, afflio: sdkFor(pa.secretKey) }
    b = { ...pb, afflio: sdkFor(pb.secretKey) }
    vip = (await a.afflio.groups.create({ name: 'VIP' })).id
    // A minute apart: lists are newest first by id, and ids sort by time.
    const next = () => ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
    r.terms = await a.afflio.resources.create({ kind: 'terms', title: 'Partner terms', content: 'Be nice.' })
    next()
    r.guide = await a.afflio.resources.create({ kind: 'brand_guidelines', title: 'Brand guide', url: 'https://acme.test/brand.pdf' })
    next()
    r.banner = await a.afflio.resources.create({ kind: 'banner', title: 'Banner 728x90', url: 'https://acme.test/banner.png', description: 'Leaderboard' })
    next()
    r.vipLogo = await a.afflio.resources.create({ kind: 'logo', title: 'VIP logo', url: 'https://acme.test/vip.svg', groupId: vip })
    next()
    r.vipTerms = await a.afflio.resources.create({ kind: 'terms', title: 'VIP terms', content: 'Be very nice.', groupId: vip })
    r.other = await b.afflio.resources.create({ kind: 'copy', title: 'Other copy', content: 'Buy Other.' })
  })
  afterAll(() => ctx.close())

  it('keeps resources per program and group, with versions', async () => {
    expect(r.terms).toMatchObject({ kind: 'terms', content: 'Be nice.', url: null, groupId: null, version: 1 })
    expect(r.vipLogo.groupId).toBe(vip)
    const listed = await a.afflio.resources.list()
    expect(listed.data.map((x) => x.id)).toEqual([r.vipTerms.id, r.vipLogo.id, r.banner.id, r.guide.id, r.terms.id])
    expect((await a.afflio.resources.list({ groupId: vip })).data.map((x) => x.id)).toEqual([r.vipTerms.id, r.vipLogo.id])
    expect((await a.afflio.resources.list({ kind: 'terms' })).data.map((x) => x.id)).toEqual([r.vipTerms.id, r.terms.id])

    ctx.clock.set('2026-11-02T00:00:00.000Z')
    const fixed = await a.afflio.resources.update(r.banner.id, { title: 'Banner 728 x 90', description: null })
    expect(fixed).toMatchObject({ title: 'Banner 728 x 90', description: null, version: 1, versionAt: r.banner.versionAt, updatedAt: '2026-11-02T00:00:00.000Z' })
    const v2 = await a.afflio.resources.update(r.banner.id, { url: 'https://acme.test/banner-2.png', newVersion: true })
    expect(v2).toMatchObject({ version: 2, versionAt: '2026-11-02T00:00:00.000Z' })
    expect(await a.afflio.resources.get(r.banner.id)).toEqual(v2)

    const archived = await a.afflio.resources.archive(r.banner.id)
    expect(archived.id).toBe(r.banner.id)
    expect((await errorOf(a.afflio.resources.get(r.banner.id))).status).toBe(404)
    expect((await a.afflio.resources.list()).data.map((x) => x.id)).not.toContain(r.banner.id)
  })

  it('refuses bad resources with a 4xx naming the problem', async () => {
    const bad = async (input: unknown, status = 400) => {
      const e = await errorOf(a.afflio.resources.create(input as never))
      expect(e.status).toBe(status)
      return e
    }
    expect((await bad({ kind: 'logo', title: 'No file' })).message).toContain('url')
    expect((await bad({ kind: 'logo', title: 'XSS', url: 'javascript:alert(1)' })).message).toContain('http(s)')
    await bad({ kind: 'video', title: 'Nope', url: 'https://acme.test/v.mp4' })
    await bad({ kind: 'logo', title: '', url: 'https://acme.test/l.png' })
    await bad({ kind: 'logo', title: 'Extra', url: 'https://acme.test/l.png', secret: 1 })
    await bad({ kind: 'logo', title: 'Bad group', url: 'https://acme.test/l.png', groupId: 'nope' })
    await bad({ kind: 'logo', title: 'Unknown group', url: 'https://acme.test/l.png', groupId: 'grp_0000000000aaaaaaaaaaaaaa' }, 404)
    const e = await errorOf(a.afflio.resources.update(r.guide.id, { url: null }))
    expect(e.status).toBe(400)
    expect((await errorOf(a.afflio.resources.update(r.guide.id, { version: 7 } as never))).status).toBe(400)
    expect((await errorOf(a.afflio.resources.list({ kind: 'video' } as never))).status).toBe(400)
  })

  it('isolates programs', async () => {
    expect((await errorOf(b.afflio.resources.get(r.terms.id))).status).toBe(404)
    expect((await errorOf(b.afflio.resources.update(r.terms.id, { title: 'Mine' }))).status).toBe(404)
    expect((await errorOf(b.afflio.resources.archive(r.terms.id))).status).toBe(404)
    expect((await b.afflio.resources.list()).data.map((x) => x.id)).toEqual([r.other.id])
    expect((await errorOf(b.afflio.onboarding.setChecklist({ steps: [{ kind: 'read_resource', title: 'Read', resourceId: r.guide.id }] }))).status).toBe(404)
    expect((await errorOf(b.afflio.onboarding.getChecklist({ groupId: vip }))).status).toBe(404)
    const alien = await a.afflio.partners.create({ email: 'alien@partner.test' })
    expect((await errorOf(b.afflio.onboarding.progress(alien.id))).status).toBe(404)
    const other = await b.afflio.partners.create({ email: 'o@partner.test' })
    const portal = await portalFor(b.afflio, other.id)
    expect((await portal.resources.list()).data.map((x) => x.id)).toEqual([r.other.id])
    expect((await errorOf(portal.resources.get(r.terms.id))).status).toBe(404)
    expect((await errorOf(portal.onboarding.acceptTerms({ resourceId: r.terms.id, version: 1 }))).status).toBe(404)
  })

  it('keeps a checklist per program and per group, and validates it', async () => {
    const program = await a.afflio.onboarding.setChecklist({
      steps: [
        { kind: 'accept_terms', title: 'Accept the terms', resourceId: r.terms.id },
        { kind: 'add_payout_details', title: 'Tell us where to pay you' },
        { kind: 'read_resource', title: 'Read the brand guide', description: 'Ten minutes', resourceId: r.guide.id },
        { kind: 'custom', title: 'Join our Slack' },
      ],
    })
    expect(program.groupId).toBeNull()
    expect(program.steps.map((s) => [s.kind, s.resourceId, s.description])).toEqual([
      ['accept_terms', r.terms.id, null],
      ['add_payout_details', null, null],
      ['read_resource', r.guide.id, 'Ten minutes'],
      ['custom', null, null],
    ])
    expect(program.steps.every((s) => /^obs_/.test(s.id))).toBe(true)
    expect(await a.afflio.onboarding.getChecklist()).toEqual(program)
    expect(await a.afflio.onboarding.getChecklist({ groupId: vip })).toEqual({ groupId: vip, steps: [], updatedAt: null })

    const group = await a.afflio.onboarding.setChecklist(
      {
        steps: [
          { kind: 'read_resource', title: 'Get the VIP logo', resourceId: r.vipLogo.id },
          { kind: 'share_first_link', title: 'Share your link' },
          { kind: 'first_sale', title: 'Make a sale' },
        ],
      },
      { groupId: vip },
    )
    expect(group.groupId).toBe(vip)
    expect((await a.afflio.onboarding.getChecklist()).steps).toHaveLength(4)

    // Editing keeps ids given back, so a custom step's progress is kept.
    const kept = await a.afflio.onboarding.setChecklist({ steps: program.steps.map(({ id, kind, title, resourceId }) => ({ id, kind, title, ...(resourceId ? { resourceId } : {}) })) })
    expect(kept.steps.map((s) => s.id)).toEqual(program.steps.map((s) => s.id))

    const bad = async (steps: unknown[], groupId?: string, status = 400) => {
      const e = await errorOf(a.afflio.onboarding.setChecklist({ steps } as never, groupId ? { groupId } : undefined))
      expect(e.status).toBe(status)
      return e
    }
    expect((await bad([{ kind: 'accept_terms', title: 'Terms', resourceId: r.guide.id }])).message).toContain('terms resource')
    expect((await bad([{ kind: 'read_resource', title: 'Read' }])).field).toBe('steps.0.resourceId')
    expect((await bad([{ kind: 'read_resource', title: 'VIP logo', resourceId: r.vipLogo.id }])).message).toContain('group')
    expect((await bad([{ kind: 'read_resource', title: 'Archived', resourceId: r.banner.id }], undefined, 404)).message).toContain('No resource')
    await bad([{ kind: 'custom', title: 'x' }], 'grp_0000000000aaaaaaaaaaaaaa', 404)
    await bad([{ kind: 'teleport', title: 'x' }])
    await bad([{ kind: 'custom' }])
    await bad([{ kind: 'first_sale', title: 'a' }, { kind: 'first_sale', title: 'b' }])
    expect((await ctx.app.request('/v1/onboarding/checklist')).status).toBe(401)
    expect((await errorOf(a.afflio.onboarding.getChecklist({ groupId: 'nope' }))).status).toBe(400)

    // A resource a step names cannot be archived.
    expect((await errorOf(a.afflio.resources.archive(r.vipLogo.id))).status).toBe(409)
  })

  it('completes steps from the real events and turns an approved partner active when its checklist is done', async () => {
    ctx.clock.set('2026-11-03T10:00:00.000Z')
    const p = await approvedPartner('pat@partner.test', 'PAT')
    expect(p.status).toBe('approved')
    const portal = await portalFor(a.afflio, p.id)
    let progress = await portal.onboarding.get()
    expect(progress).toMatchObject({ partnerId: p.id, status: 'approved', checklistGroupId: null, doneCount: 0, total: 4, percent: 0, complete: false })
    expect(await a.afflio.onboarding.progress(p.id)).toEqual(progress)

    progress = await portal.onboarding.acceptTerms({ resourceId: r.terms.id, version: 1 })
    expect(progress.steps[0]).toMatchObject({ kind: 'accept_terms', done: true, completedAt: '2026-11-03T10:00:00.000Z', acceptedVersion: 1, currentVersion: 1 })

    await portal.payoutDetails.update({ method: 'paypal', email: 'pat@paypal.test' })
    const seen = await portal.resources.get(r.guide.id)
    expect(seen).toMatchObject({ id: r.guide.id, url: 'https://acme.test/brand.pdf', readAt: '2026-11-03T10:00:00.000Z', acceptedVersion: null })
    expect(seen).not.toHaveProperty('groupId')
    progress = await portal.onboarding.get()
    expect(done(progress)).toEqual({ accept_terms: true, add_payout_details: true, read_resource: true, custom: false })
    expect(progress).toMatchObject({ status: 'approved', percent: 75, complete: false })

    const custom = progress.steps.find((s) => s.kind === 'custom')!
    expect((await errorOf(portal.onboarding.completeStep(progress.steps[1]!.id))).status).toBe(400)
    expect((await errorOf(portal.onboarding.completeStep('obs_0000000000aaaaaaaaaaaaaa'))).status).toBe(404)
    progress = await portal.onboarding.completeStep(custom.id)
    expect(progress).toMatchObject({ status: 'active', percent: 100, complete: true })
    expect((await a.afflio.partners.get(p.id)).status).toBe('active')
    // Repeats are harmless.
    expect((await portal.onboarding.completeStep(custom.id)).steps.find((s) => s.id === custom.id)!.completedAt).toBe('2026-11-03T10:00:00.000Z')
    expect((await portal.resources.get(r.guide.id)).readAt).toBe('2026-11-03T10:00:00.000Z')
  })

  it('asks for terms again at a new version, without deactivating anyone', async () => {
    ctx.clock.set('2026-11-04T10:00:00.000Z')
    const p = (await a.afflio.partners.list()).data.find((x) => x.email === 'pat@partner.test')!
    const portal = await portalFor(a.afflio, p.id)
    await a.afflio.resources.update(r.terms.id, { content: 'Be nice. Really.', newVersion: true })
    let progress = await portal.onboarding.get()
    expect(progress.steps[0]).toMatchObject({ done: false, completedAt: null, acceptedVersion: 1, currentVersion: 2 })
    expect(progress).toMatchObject({ status: 'active', percent: 75, complete: false })
    expect((await portal.resources.list({ kind: 'terms' })).data.find((x) => x.id === r.terms.id)).toMatchObject({ version: 2, acceptedVersion: 1 })

    const stale = await errorOf(portal.onboarding.acceptTerms({ resourceId: r.terms.id, version: 1 }))
    expect([stale.status, stale.code]).toEqual([409, 'conflict'])
    expect((await errorOf(portal.onboarding.acceptTerms({ resourceId: r.guide.id, version: 1 }))).status).toBe(404)
    expect((await errorOf(portal.onboarding.acceptTerms({ resourceId: r.terms.id, version: 0 }))).status).toBe(400)
    expect((await errorOf(portal.onboarding.acceptTerms({ resourceId: r.terms.id } as never))).status).toBe(400)
    progress = await portal.onboarding.acceptTerms({ resourceId: r.terms.id, version: 2 })
    expect(progress.steps[0]).toMatchObject({ done: true, completedAt: '2026-11-04T10:00:00.000Z', acceptedVersion: 2 })
    expect(progress.complete).toBe(true)
  })

  it("gives a group's partners the group's checklist; the first click activates; a sale completes first_sale", async () => {
    ctx.clock.set('2026-11-05T10:00:00.000Z')
    const v = await approvedPartner('vic@partner.test', 'VIC', vip)
    const portal = await portalFor(a.afflio, v.id)
    let progress = await portal.onboarding.get()
    expect(progress).toMatchObject({ checklistGroupId: vip, status: 'approved', total: 3 })
    expect(done(progress)).toEqual({ read_resource: false, share_first_link: false, first_sale: false })

    const clickId = await click(a.publishableKey, 'VIC')
    await ctx.drain() // onboarding reacts to the click after it commits
    progress = await portal.onboarding.get()
    expect(progress.status).toBe('active')
    expect(progress.steps.find((s) => s.kind === 'share_first_link')).toMatchObject({ done: true, completedAt: '2026-11-05T10:00:00.000Z' })

    ctx.clock.set('2026-11-05T11:00:00.000Z')
    await a.afflio.track.sale({ invoiceId: 'in_vic', amountMinor: 5000, currency: 'USD', clickId })
    await a.afflio.track.sale({ invoiceId: 'in_vic_2', amountMinor: 5000, currency: 'USD', clickId })
    await ctx.drain()
    progress = await portal.onboarding.get()
    expect(progress.steps.find((s) => s.kind === 'first_sale')).toMatchObject({ done: true, completedAt: '2026-11-05T11:00:00.000Z' })
    await portal.resources.get(r.vipLogo.id)
    expect(await portal.onboarding.get()).toMatchObject({ doneCount: 3, percent: 100, complete: true })

    // Without its own checklist, the group falls back to the program's.
    const removed = await a.afflio.onboarding.deleteChecklist({ groupId: vip })
    expect(removed).toEqual({ groupId: vip, steps: [], updatedAt: null })
    progress = await portal.onboarding.get()
    expect(progress).toMatchObject({ checklistGroupId: null, total: 4 })
  })

  it("shows a partner only its group's resources and the program's, and only its own progress", async () => {
    const outsider = await approvedPartner('out@partner.test', 'OUT')
    const insider = (await a.afflio.partners.list()).data.find((x) => x.email === 'vic@partner.test')!
    const outPortal = await portalFor(a.afflio, outsider.id)
    const inPortal = await portalFor(a.afflio, insider.id)
    expect((await outPortal.resources.list()).data.map((x) => x.id)).toEqual([r.guide.id, r.terms.id])
    const inside = await inPortal.resources.list()
    expect(inside.data.map((x) => x.id)).toEqual([r.vipTerms.id, r.vipLogo.id, r.guide.id, r.terms.id])
    expect(inside.data.find((x) => x.id === r.vipLogo.id)!.readAt).not.toBeNull()
    expect((await outPortal.resources.list({ limit: 1 })).nextCursor).toBe(r.guide.id)
    expect((await errorOf(outPortal.resources.get(r.vipLogo.id))).status).toBe(404)
    expect((await errorOf(outPortal.onboarding.acceptTerms({ resourceId: r.vipTerms.id, version: 1 }))).status).toBe(404)
    expect((await errorOf(outPortal.resources.get(r.banner.id))).status).toBe(404)

    // The outsider's own progress: nothing done, whatever others did.
    const progress = await outPortal.onboarding.get()
    expect(progress).toMatchObject({ partnerId: outsider.id, status: 'approved', doneCount: 0 })
    const res = await ctx.app.request(`/v1/partners/${insider.id}/onboarding`, { headers: { authorization: `Bearer ${outPortal.token}` } })
    expect(res.status).toBe(401)
    const missing = await ctx.app.request('/v1/portal/onboarding')
    expect(missing.status).toBe(401)
    const badQuery = await errorOf(outPortal.resources.list({ kind: 'video' } as never))
    expect(badQuery.status).toBe(400)
  })

  it('activates an approved partner whose checklist is empty on its first click only', async () => {
    await a.afflio.onboarding.setChecklist({ steps: [] }, { groupId: vip })
    const w = await approvedPartner('wes@partner.test', 'WES', vip)
    const portal = await portalFor(a.afflio, w.id)
    await portal.payoutDetails.update({ method: 'wise', email: 'wes@wise.test' })
    expect(await portal.onboarding.get()).toMatchObject({ checklistGroupId: vip, total: 0, percent: 0, complete: false, status: 'approved' })
    await click(a.publishableKey, 'WES')
    await ctx.drain()
    expect((await a.afflio.partners.get(w.id)).status).toBe('active')
  })

  it('keeps share_first_link done at the first click after the retention deletes that click', async () => {
    await b.afflio.onboarding.setChecklist({ steps: [{ kind: 'share_first_link', title: 'Share your link' }] })
    await b.afflio.settings.update({ clickRetentionDays: 30 })
    const zoe = await b.afflio.partners.create({ email: 'zoe@partner.test', linkCode: 'ZOE' })
    ctx.clock.set('2026-12-01T10:00:00.000Z')
    await click(b.publishableKey, 'ZOE')
    ctx.clock.set('2026-12-01T11:00:00.000Z')
    await click(b.publishableKey, 'ZOE')
    ctx.clock.set('2027-02-01T10:00:00.000Z')
    await click(b.publishableKey, 'ZOE')
    const portal = await portalFor(b.afflio, zoe.id)
    const shared = { kind: 'share_first_link', done: true, completedAt: '2026-12-01T10:00:00.000Z' }
    expect((await portal.onboarding.get()).steps).toMatchObject([shared])

    expect(await pruneClicks(ctx.db, new Date('2027-02-02T00:00:00.000Z'))).toBe(2) // both December clicks
    expect((await portal.onboarding.get()).steps).toMatchObject([shared])
  })

  it('keeps first_sale done only while the partner has a sale not marked fraud; a fraud sale activates nobody', async () => {
    ctx.clock.set('2027-03-01T10:00:00.000Z')
    const careful = await ctx.createProgram({ name: 'Careful', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const c = sdkFor(careful.secretKey)
    await c.onboarding.setChecklist({ steps: [{ kind: 'first_sale', title: 'Make a sale' }] })
    const approved = async (email: string, linkCode?: string) => c.partners.update((await c.partners.create({ email, ...(linkCode && { linkCode }) })).id, { status: 'approved' })

    // The first click makes Kim active; her first sale completes the step, and the mark of fraud undoes it
    // (Kim stays active); her next sale completes it again, from that sale.
    const kim = await approved('kim@partner.test', 'KIM')
    const clickId = await click(careful.publishableKey, 'KIM')
    ctx.clock.set('2027-03-01T11:00:00.000Z')
    const sold = await c.track.sale({ invoiceId: 'in_kim', amountMinor: 5_000, currency: 'USD', clickId })
    await ctx.drain()
    expect(await c.onboarding.progress(kim.id)).toMatchObject({ status: 'active', complete: true, steps: [{ kind: 'first_sale', done: true, completedAt: '2027-03-01T11:00:00.000Z' }] })
    await c.commissions.markFraud(sold.commission!.id, 'stolen card')
    expect(await c.onboarding.progress(kim.id)).toMatchObject({ status: 'active', complete: false, percent: 0, steps: [{ done: false, completedAt: null }] })
    ctx.clock.set('2027-03-02T09:00:00.000Z')
    await c.track.sale({ invoiceId: 'in_kim_2', amountMinor: 5_000, currency: 'USD', clickId })
    await ctx.drain()
    expect(await c.onboarding.progress(kim.id)).toMatchObject({ status: 'active', complete: true, steps: [{ done: true, completedAt: '2027-03-02T09:00:00.000Z' }] })

    // Lee's only sale (by her code: no click activates her) is marked fraud before onboarding reacts to it.
    const lee = await approved('lee@partner.test')
    await c.couponCodes.create({ partnerId: lee.id, code: 'LEE10' })
    ctx.events.options.maxQueue = 0 // nothing runs in process: the reaction waits for the loop
    const coded = await c.track.sale({ invoiceId: 'in_lee', amountMinor: 5_000, currency: 'USD', couponCode: 'LEE10' })
    ctx.events.options.maxQueue = undefined
    expect(coded.commission).toMatchObject({ partnerId: lee.id })
    await c.commissions.markFraud(coded.commission!.id, 'card testing')
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
    expect(await ctx.dispatchDue()).toMatchObject({ done: 1, failed: 0 })
    expect(await c.onboarding.progress(lee.id)).toMatchObject({ status: 'approved', complete: false, steps: [{ done: false, completedAt: null }] })
  })

  it("takes only the program's own step ids: another program's are 404 when kept, reordered, edited or completed", async () => {
    const theirs = await b.afflio.onboarding.setChecklist({ steps: [{ kind: 'custom', title: 'Join the Other Slack' }, { kind: 'share_first_link', title: 'Share your link' }] })
    const foreign = theirs.steps[0]!.id
    const before = await a.afflio.onboarding.getChecklist()
    const mine = before.steps.map(({ id, kind, title, resourceId }) => ({ id, kind, title, ...(resourceId ? { resourceId } : {}) }))
    const custom = mine.find((s) => s.kind === 'custom')!

    const refused = async (steps: unknown[], groupId?: string, sdk = a.afflio) => {
      const e = await errorOf(sdk.onboarding.setChecklist({ steps } as never, groupId ? { groupId } : undefined))
      expect(e).toMatchObject({ status: 404, code: 'not_found' })
      return e.message
    }
    // Their step given our custom step's place in a reordered list, added as ours, or in our group's checklist.
    expect(await refused([...mine].reverse().map((s) => (s.id === custom.id ? { ...s, id: foreign } : s)))).toContain(foreign)
    await refused([...mine, { id: foreign, kind: 'custom', title: 'Join the Other Slack' }])
    await refused([{ id: foreign, kind: 'custom', title: 'Theirs' }], vip)
    await refused([{ id: 'obs_0000000000aaaaaaaaaaaaaa', kind: 'custom', title: 'Made up' }])
    await refused([{ id: custom.id, kind: 'custom', title: 'Ours' }], undefined, b.afflio) // and the other way round
    expect(await a.afflio.onboarding.getChecklist()).toEqual(before)
    expect((await b.afflio.onboarding.getChecklist()).steps).toEqual(theirs.steps)

    // Our own ids are kept, reordered, and moved to a group's checklist.
    const reordered = await a.afflio.onboarding.setChecklist({ steps: [...mine].reverse() })
    expect(reordered.steps.map((s) => s.id)).toEqual(before.steps.map((s) => s.id).reverse())
    const moved = await a.afflio.onboarding.setChecklist({ steps: [{ ...custom, title: 'Join our VIP Slack' }] }, { groupId: vip })
    expect(moved.steps).toMatchObject([{ id: custom.id, title: 'Join our VIP Slack' }])

    // The portal: neither program's partner completes the other's step.
    const ours = await portalFor(a.afflio, (await approvedPartner('yan@partner.test', 'YAN')).id)
    expect((await errorOf(ours.onboarding.completeStep(foreign))).status).toBe(404)
    const other = await portalFor(b.afflio, (await b.afflio.partners.create({ email: 'ola@partner.test' })).id)
    expect((await errorOf(other.onboarding.completeStep(custom.id))).status).toBe(404)
    expect((await other.onboarding.completeStep(foreign)).steps[0]).toMatchObject({ id: foreign, done: true })
    expect((await ours.onboarding.get()).steps.find((s) => s.id === custom.id)).toMatchObject({ done: false })
  })

  it('records who changed resources (terms text included) and checklists, in the audit log; a refused write records nothing', async () => {
    // Terms are what partners accept: a changed text or a new version must name who made it and what it said before.
    const dana = sdkFor((await a.afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token)
    const actor = { kind: 'console', id: 'dana@acme.test' }
    const group = (await a.afflio.groups.create({ name: 'Audited' })).id
    const terms = await dana.resources.create({ kind: 'terms', title: 'Audited terms', content: 'v1 text', groupId: group })
    await dana.resources.update(terms.id, { content: 'v2 text', newVersion: true })
    const list = await dana.onboarding.setChecklist({ steps: [{ kind: 'accept_terms', title: 'Accept', resourceId: terms.id }] }, { groupId: group })
    expect((await errorOf(dana.resources.archive(terms.id))).status).toBe(409) // the checklist names it
    await dana.onboarding.deleteChecklist({ groupId: group })
    await dana.onboarding.deleteChecklist({ groupId: group }) // nothing left to remove: no entry
    await dana.resources.archive(terms.id)

    expect((await a.afflio.auditLog.list({ subjectType: 'resource', subjectId: terms.id })).data).toMatchObject([
      { action: 'resource.archived', actor, after: { archivedAt: expect.any(String) } },
      { action: 'resource.changed', actor, before: { content: 'v1 text', version: 1 }, after: { content: 'v2 text', version: 2 } },
      { action: 'resource.created', actor, before: null, after: { kind: 'terms', groupId: group, title: 'Audited terms', content: 'v1 text', version: 1 } },
    ])
    expect((await a.afflio.auditLog.list({ subjectType: 'group', subjectId: group })).data).toMatchObject([
      { action: 'onboarding_checklist.deleted', actor, before: { steps: list.steps }, after: null },
      { action: 'onboarding_checklist.changed', actor, before: null, after: { steps: list.steps } },
      { action: 'group.created' },
    ])
  })
})
