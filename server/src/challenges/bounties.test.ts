// Bounties through the SDK: proof from the portal, review in the program (approve pays a bonus through the
// ledger exactly once; reject tells the reason), caps held under concurrent approvals, eligibility by segment.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { lockBounty } from './bounty-queries.ts'

describe.each(dialects)('bounties on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let programId = ''
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const reward = { amountMinor: 2500, currency: 'USD' }
  const partner = async (name: string) => {
    const { id } = await afflio.partners.create({ email: `${name}@partner.test`, name, linkCode: name.toUpperCase() })
    const mint = async () => (await afflio.embedTokens.create({ partnerId: id })).token
    return { id, portal: new AfflioPortal({ token: await mint(), baseUrl: 'http://afflio.test', fetch, maxRetries: 0, onTokenExpired: mint }) }
  }
  const errorOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(AfflioApiError)
    return e as AfflioApiError
  }
  const bonuses = async (partnerId?: string) => (await afflio.commissions.list({ ...(partnerId && { partnerId }), limit: 100 })).data.filter((c) => c.kind === 'bonus')

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    ctx.clock.set('2026-11-10T00:00:00.000Z')
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    programId = keys.program.id
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.settings.update({ holdingDays: 0 })
  })
  afterEach(() => ctx.close())

  it("pages the partner's own submissions in the portal, newest first, another partner's left out", async () => {
    const ana = await partner('ana')
    const ben = await partner('ben')
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Three reviews', reward, maxPerPartner: 3 })
    const mine: string[] = []
    for (const n of [1, 2, 3]) {
      ctx.clock.set(`2026-11-10T00:0${n}:00.000Z`) // ids sort by the time they are made
      mine.unshift((await ana.portal.challenges.submit(bounty.id, { url: `https://reviews.test/${n}` })).id)
      if (n === 1) await ben.portal.challenges.submit(bounty.id, { url: 'https://reviews.test/ben' })
    }
    const first = await ana.portal.challenges.submissions(bounty.id, { limit: 2 })
    expect([first.data.map((s) => s.id), first.nextCursor]).toEqual([mine.slice(0, 2), mine[1]])
    expect(await ana.portal.challenges.submissions(bounty.id, { limit: 2, cursor: first.nextCursor! })).toEqual({ data: [expect.objectContaining({ id: mine[2] })], nextCursor: null })
    // Exactly a page: no cursor to an empty one
    expect((await ana.portal.challenges.submissions(bounty.id, { limit: 3 })).nextCursor).toBeNull()
    const walked: string[] = []
    for await (const s of ana.portal.challenges.submissionsAll(bounty.id, { limit: 1 })) walked.push(s.id)
    expect(walked).toEqual(mine)
    expect(await errorOf(ana.portal.challenges.submissions(bounty.id, { cursor: 'chl_nope' }))).toMatchObject({ status: 400, field: 'cursor' })
    expect(await errorOf(ana.portal.challenges.submissions(bounty.id, { limit: 101 }))).toMatchObject({ status: 400, field: 'limit' })
  })

  it('takes proof from the portal, pays an approval once through the ledger, tells the partner, and audits', async () => {
    const ana = await partner('ana')
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/afflio', events: ['submission.created', 'submission.approved', 'submission.rejected'] })
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Review us on G2', description: 'Post a review, send its link.', reward })
    expect(bounty).toMatchObject({ metric: 'bounty', status: 'active', target: 1, currency: null, bounty: { maxPerPartner: 1, maxApproved: null, deadline: null } })

    const [listed] = await ana.portal.challenges.list()
    expect(listed).toMatchObject({ id: bounty.id, metric: 'bounty', bounty: { approved: 0, canSubmit: true, submissions: [] } })

    expect(await errorOf(ana.portal.challenges.submit(bounty.id, { url: 'javascript:alert(1)' }))).toMatchObject({ status: 400, field: 'url' })
    expect(await errorOf(ana.portal.challenges.submit(bounty.id, { fileUrl: 'https://files.test/shot.png' }))).toMatchObject({ status: 400, field: 'url' })
    expect(await errorOf(ana.portal.challenges.submit(bounty.id, { text: 'x'.repeat(2001) }))).toMatchObject({ status: 400, field: 'text' })
    const first = await ana.portal.challenges.submit(bounty.id, { url: 'https://g2.test/review/1', text: 'My review' })
    expect(first).toMatchObject({ status: 'pending', url: 'https://g2.test/review/1', text: 'My review', fileUrl: null, reason: null, commissionId: null })
    // One approval per partner: a second proof waits until the first is decided or withdrawn.
    expect(await errorOf(ana.portal.challenges.submit(bounty.id, { url: 'https://g2.test/review/2' }))).toMatchObject({ status: 409 })
    expect(await ana.portal.challenges.withdraw(bounty.id, first.id)).toMatchObject({ status: 'withdrawn' })
    expect(await ana.portal.challenges.withdraw(bounty.id, first.id)).toMatchObject({ status: 'withdrawn' }) // a retry
    ctx.clock.set('2026-11-10T01:00:00.000Z')
    const second = await ana.portal.challenges.submit(bounty.id, { url: 'https://g2.test/review/2', fileUrl: 'https://files.test/shot.png' })

    const queue = await afflio.challenges.listSubmissions()
    expect(queue.data).toMatchObject([{ id: second.id, partnerId: ana.id, partnerName: 'ana', challengeName: 'Review us on G2', reward, status: 'pending' }])
    expect(await errorOf(afflio.challenges.approveSubmission(first.id))).toMatchObject({ status: 409, field: 'status' })

    ctx.clock.set('2026-11-11T00:00:00.000Z')
    const approved = await afflio.challenges.approveSubmission(second.id)
    expect(approved).toMatchObject({ status: 'approved', decidedAt: '2026-11-11T00:00:00.000Z' })
    expect(await afflio.challenges.approveSubmission(second.id)).toEqual(approved) // a retry pays nothing more
    expect(await errorOf(afflio.challenges.rejectSubmission(second.id, { reason: 'too late' }))).toMatchObject({ status: 409 })

    const paid = await bonuses(ana.id)
    expect(paid).toMatchObject([{ id: approved.commissionId, amountMinor: 2500, currency: 'USD', status: 'approved', saleId: null, reason: `bounty Review us on G2: submission ${second.id} approved` }])
    expect(paid[0]!.reasonData).toMatchObject({ kind: 'bonus', challengeName: 'Review us on G2', submissionId: second.id })
    expect((await ana.portal.commissions.list()).data).toMatchObject([{ id: approved.commissionId, kind: 'bonus', amountMinor: 2500 }])
    expect((await ana.portal.challenges.list())[0]).toMatchObject({ progress: 1, percent: 100, bounty: { approved: 1, canSubmit: false, submissions: [{ id: second.id, status: 'approved' }, { id: first.id, status: 'withdrawn' }] } })
    expect(await errorOf(ana.portal.challenges.submit(bounty.id, { url: 'https://g2.test/review/3' }))).toMatchObject({ status: 409 })

    await ctx.drain()
    const notices = (await ana.portal.notices.list()).data
    expect(notices.filter((n) => n.kind === 'bounty_update')).toMatchObject([{ title: 'Bounty approved: Review us on G2', body: expect.stringContaining('USD 25.00') }])
    const audit = (await afflio.auditLog.list({ subjectType: 'submission' })).data
    expect(audit).toMatchObject([{ action: 'submission.approved', subject: { id: second.id }, before: { status: 'pending' }, after: { status: 'approved', commissionId: approved.commissionId } }])
    const detail = await afflio.challenges.get(bounty.id)
    expect(detail).toMatchObject({ participants: 1, leaderboard: [{ partnerId: ana.id, progress: 1 }] })
    // The program's backend heard of each proof and of the decision (webhooks), once each.
    const hooks = await ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'payload']).orderBy('id').execute()
    expect(hooks.map((h) => [h.event_type, JSON.parse(h.payload).data.id])).toEqual([
      ['submission.created', first.id],
      ['submission.created', second.id],
      ['submission.approved', second.id],
    ])
    expect(JSON.parse(hooks[2]!.payload).data).toMatchObject({ status: 'approved', commissionId: approved.commissionId, partnerId: ana.id })
  })

  it('rejects with a reason the partner sees, and lets it try again', async () => {
    const ben = await partner('ben')
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Unboxing video', reward, endsAt: '2026-11-20' })
    expect(bounty.bounty).toEqual({ maxPerPartner: 1, maxApproved: null, deadline: '2026-11-20T00:00:00.000Z' })
    const s = await ben.portal.challenges.submit(bounty.id, { text: 'Posted on my channel yesterday' })
    expect(await errorOf(afflio.challenges.rejectSubmission(s.id, { reason: ' ' }))).toMatchObject({ status: 400, field: 'reason' })
    const rejected = await afflio.challenges.rejectSubmission(s.id, { reason: 'No link to the video' })
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'No link to the video', commissionId: null })
    expect((await ben.portal.challenges.submissions(bounty.id)).data).toMatchObject([{ id: s.id, status: 'rejected', reason: 'No link to the video' }])
    await ctx.drain()
    expect((await ben.portal.notices.list()).data).toMatchObject([{ kind: 'bounty_update', body: expect.stringContaining('No link to the video') }])
    expect(await errorOf(ben.portal.challenges.withdraw(bounty.id, s.id))).toMatchObject({ status: 409 })
    const again = await ben.portal.challenges.submit(bounty.id, { url: 'https://video.test/unboxing' })
    expect(await bonuses()).toEqual([])

    // After the deadline no proof is taken, but proof sent in time is still reviewed.
    ctx.clock.set('2026-11-20T00:00:00.000Z')
    expect(await errorOf(ben.portal.challenges.submit(bounty.id, { url: 'https://video.test/late' }))).toMatchObject({ status: 409, message: 'This bounty has closed' })
    expect(await afflio.challenges.approveSubmission(again.id)).toMatchObject({ status: 'approved' })
    expect((await afflio.auditLog.list({ subjectType: 'submission' })).data.map((e) => e.action)).toEqual(['submission.approved', 'submission.rejected'])
  })

  it('is for its segment only, and one partner never sees or reviews across programs', async () => {
    const [cas, dan] = [await partner('cas'), await partner('dan')]
    const vip = await afflio.groups.create({ name: 'VIP' })
    await afflio.partners.update(cas.id, { groupId: vip.id })
    const segment = await afflio.segments.create({ name: 'VIPs', definition: { conditions: [{ type: 'group', in: [vip.id] }] } })
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'VIP case study', reward, segmentId: segment.id })
    expect((await dan.portal.challenges.list()).map((c) => c.id)).toEqual([])
    expect(await errorOf(dan.portal.challenges.submit(bounty.id, { url: 'https://blog.test/a' }))).toMatchObject({ status: 404 })
    expect(await errorOf(dan.portal.challenges.submissions(bounty.id))).toMatchObject({ status: 404 })
    const s = await cas.portal.challenges.submit(bounty.id, { url: 'https://blog.test/case' })
    expect(await errorOf(dan.portal.challenges.withdraw(bounty.id, s.id))).toMatchObject({ status: 404 })

    const other = await ctx.createProgram({ currency: 'USD' })
    const stranger = new Afflio({ secretKey: other.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await errorOf(stranger.challenges.approveSubmission(s.id))).toMatchObject({ status: 404 })
    expect((await stranger.challenges.listSubmissions()).data).toEqual([])

    // A goal challenge takes no proof; a scheduled bounty takes none yet.
    const goal = await afflio.challenges.create({ name: 'Ten sales', metric: 'sales', target: 10, startsAt: '2026-11-01', endsAt: '2026-12-01', reward })
    expect(await errorOf(cas.portal.challenges.submit(goal.id, { url: 'https://blog.test/a' }))).toMatchObject({ status: 404 })
    const later = await afflio.challenges.create({ metric: 'bounty', name: 'December', reward, startsAt: '2026-12-01' })
    expect(later.status).toBe('scheduled')
    expect(await errorOf(cas.portal.challenges.submit(later.id, { url: 'https://blog.test/a' }))).toMatchObject({ status: 409 })
    expect(await errorOf(afflio.challenges.create({ metric: 'bounty', name: 'Bad', reward, startsAt: '2026-12-01', endsAt: '2026-11-01' }))).toMatchObject({ status: 400, field: 'endsAt' })
    expect(await errorOf(afflio.challenges.create({ metric: 'bounty', name: 'Bad', reward, target: 3 } as never))).toMatchObject({ status: 400 })
  })

  it('changes caps at any time: a raised per-partner cap lets the partner send more', async () => {
    const gil = await partner('gil')
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Podcast mention', reward })
    await afflio.challenges.approveSubmission((await gil.portal.challenges.submit(bounty.id, { url: 'https://pod.test/1' })).id)
    expect((await gil.portal.challenges.list())[0]!.bounty).toMatchObject({ approved: 1, canSubmit: false })
    expect(await afflio.challenges.get(bounty.id)).toMatchObject({ metCount: 1 })
    const raised = await afflio.challenges.update(bounty.id, { maxPerPartner: 2, maxApproved: 10 })
    expect(raised).toMatchObject({ target: 2, bounty: { maxPerPartner: 2, maxApproved: 10 } })
    // The caps are terms: on record as they were and became.
    expect((await afflio.auditLog.list({ subjectType: 'challenge', subjectId: bounty.id })).data[0]).toMatchObject({
      action: 'challenge.changed',
      before: { target: 1, bounty: { maxPerPartner: 1, maxApproved: null, deadline: null } },
      after: { target: 2, bounty: { maxPerPartner: 2, maxApproved: 10, deadline: null } },
    })
    expect((await gil.portal.challenges.list())[0]!.bounty).toMatchObject({ approved: 1, canSubmit: true })
    expect(await afflio.challenges.get(bounty.id)).toMatchObject({ metCount: 0 })
    expect(await errorOf(afflio.challenges.update(bounty.id, { target: 5 }))).toMatchObject({ status: 400, field: 'target' })
    const goal = await afflio.challenges.create({ name: 'Ten sales', metric: 'sales', target: 10, startsAt: '2026-11-01', endsAt: '2026-12-01', reward })
    expect(await errorOf(afflio.challenges.update(goal.id, { maxApproved: 3 }))).toMatchObject({ status: 400, field: 'maxApproved' })
  })

  it('pays two managers approving one submission at once exactly once', async () => {
    const eve = await partner('eve')
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Tweet', reward })
    const s = await eve.portal.challenges.submit(bounty.id, { url: 'https://x.test/eve/1' })
    const results = await Promise.all([afflio.challenges.approveSubmission(s.id), afflio.challenges.approveSubmission(s.id)])
    expect(results[0]!.commissionId).toBe(results[1]!.commissionId)
    expect(await bonuses()).toHaveLength(1)
  })

  it('holds the overall cap under 20 concurrent approvals, and the per-partner cap under concurrent ones', async () => {
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'First five posts', reward, maxApproved: 5 })
    const pending: string[] = []
    for (let i = 0; i < 20; i++) {
      const p = await partner(`p${i}`)
      pending.push((await p.portal.challenges.submit(bounty.id, { url: `https://blog.test/p${i}` })).id)
    }
    const settled = await Promise.allSettled(pending.map((id) => afflio.challenges.approveSubmission(id)))
    const ok = settled.filter((r) => r.status === 'fulfilled')
    const refused = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(ok).toHaveLength(5)
    expect(refused).toHaveLength(15)
    for (const r of refused) expect(r.reason).toMatchObject({ status: 409, field: 'maxApproved' })
    expect(await bonuses()).toHaveLength(5)
    expect((await afflio.challenges.listSubmissions({ challengeId: bounty.id, status: 'approved', limit: 100 })).data).toHaveLength(5)

    // Per partner: pending proofs beyond the cap cannot be sent, so put them there as if an older rule had let them in.
    const fay = await partner('fay')
    const twice = await afflio.challenges.create({ metric: 'bounty', name: 'Two posts each', reward, maxPerPartner: 2 })
    const mine = [(await fay.portal.challenges.submit(twice.id, { url: 'https://blog.test/f1' })).id, (await fay.portal.challenges.submit(twice.id, { url: 'https://blog.test/f2' })).id]
    expect(await errorOf(fay.portal.challenges.submit(twice.id, { url: 'https://blog.test/f3' }))).toMatchObject({ status: 409 })
    const at = ctx.clock.now().toISOString()
    for (let i = 3; i <= 6; i++) {
      const id = `sub_${String(i).padStart(24, '0')}`
      await ctx.db.insertInto('challenge_submissions').values({ id, program_id: programId, challenge_id: twice.id, partner_id: fay.id, url: `https://blog.test/f${i}`, text: null, file_url: null, status: 'pending', reason: null, commission_id: null, created_at: at, updated_at: at, decided_at: null }).execute()
      mine.push(id)
    }
    const each = await Promise.allSettled(mine.map((id) => afflio.challenges.approveSubmission(id)))
    expect(each.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    expect(each.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.field)).toEqual(['maxPerPartner', 'maxPerPartner', 'maxPerPartner', 'maxPerPartner'])
    expect(await bonuses(fay.id)).toHaveLength(2)
  })

  it('a cap change waits for the approval in flight, and approvals after it count against the cap it set', async () => {
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Case study', reward, maxApproved: 3 })
    const partners = [await partner('ivy'), await partner('jon'), await partner('kim'), await partner('lee')]
    const ids = await Promise.all(partners.map(async (p) => (await p.portal.challenges.submit(bounty.id, { url: `https://blog.test/${p.id}` })).id))
    await afflio.challenges.approveSubmission(ids[0]!)
    // An approval in flight: under the bounty's lock it has counted one approved of three and approves the
    // second. Lowering the cap to one meanwhile waits for it.
    let changed = false
    let change: Promise<unknown> = Promise.resolve()
    await ctx.db.transaction().execute(async (tx) => {
      await lockBounty(tx, programId, bounty.id)
      await tx.updateTable('challenge_submissions').set({ status: 'approved' }).where('id', '=', ids[1]!).execute()
      change = afflio.challenges.update(bounty.id, { maxApproved: 1 }).then((c) => ((changed = true), c))
      await new Promise((r) => setTimeout(r, 300))
      expect(changed).toBe(false)
    })
    // Below what is approved already: allowed. The two approved stand; nothing more is approved or sent.
    expect(await change).toMatchObject({ bounty: { maxApproved: 1 } })
    expect(await errorOf(afflio.challenges.approveSubmission(ids[2]!))).toMatchObject({ status: 409, field: 'maxApproved', message: 'The bounty has paid 2 submissions: its cap is 1' })
    expect((await afflio.challenges.listSubmissions({ challengeId: bounty.id, status: 'approved' })).data.map((s) => s.id).sort()).toEqual([ids[0], ids[1]].sort())
    expect((await partners[3]!.portal.challenges.list())[0]!.bounty).toMatchObject({ canSubmit: false })
  })

  // Postgres only: SQLite has one writer, so there any request waits for an open transaction.
  it.skipIf(dialect === 'sqlite')("another program's partner naming this bounty's id is refused without taking or waiting on its lock", async () => {
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Case study', reward })
    const other = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const them = new Afflio({ secretKey: other.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const { id: eveId } = await them.partners.create({ email: 'eve@partner.test', name: 'eve', linkCode: 'EVE' })
    const eve = new AfflioPortal({ token: (await them.embedTokens.create({ partnerId: eveId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    // The program holds its bounty's lock (a review in flight): the stranger's request is answered at once,
    // 404, while it is held, not queued behind it.
    let answered: unknown = null
    await ctx.db.transaction().execute(async (tx) => {
      await lockBounty(tx, programId, bounty.id)
      const attempt = errorOf(eve.challenges.submit(bounty.id, { url: 'https://blog.test/eve' })).then((e) => (answered = e.status))
      await Promise.race([attempt, new Promise((r) => setTimeout(r, 500))])
      expect(answered).toBe(404)
    })
  })

  it('holds a cap lowered while 15 approvals race: each decided under the cap in force, none past it', async () => {
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Twenty posts', reward, maxApproved: 20 })
    const pending: string[] = []
    for (let i = 0; i < 20; i++) pending.push((await (await partner(`r${i}`)).portal.challenges.submit(bounty.id, { url: `https://blog.test/r${i}` })).id)
    for (const id of pending.slice(0, 5)) await afflio.challenges.approveSubmission(id)
    const race = pending.slice(5).map((id) => afflio.challenges.approveSubmission(id))
    const lowered = afflio.challenges.update(bounty.id, { maxApproved: 7 })
    const settled = await Promise.allSettled(race)
    expect(await lowered).toMatchObject({ bounty: { maxApproved: 7 } })
    const approved = (await afflio.challenges.listSubmissions({ challengeId: bounty.id, status: 'approved', limit: 100 })).data.length
    const ok = settled.filter((r) => r.status === 'fulfilled').length
    // Approvals before the change ran under 20, after it under 7: at least 7 in all, and every refusal came
    // under the new cap once the total had reached it, the total never moving after.
    expect(approved).toBe(5 + ok)
    expect(approved).toBeGreaterThanOrEqual(7)
    for (const r of settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason).toMatchObject({ status: 409, field: 'maxApproved', message: `The bounty has paid ${approved} submissions: its cap is 7` })
    }
    expect(await bonuses()).toHaveLength(approved)
  })
})
