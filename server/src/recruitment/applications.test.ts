// Recruitment end to end on a real database: the application form, public submissions (JSON and the
// HTML form), the review queue, auto-approve rules, duplicates, notices and events, isolation.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import { getApplicationForm, submitApplication } from '@afflio/sdk/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('applications on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const nextIp = () => `198.51.100.${++ip % 250}`
  const fetchApp: typeof fetch = async (input, init) => ctx.app.request(input as string, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': nextIp() } })
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })

  const submit = (slug: string, body: unknown, from = nextIp()) =>
    ctx.app.request(`/v1/programs/${slug}/applications`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify(body) })
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AfflioApiError)
  const INTERNAL_ID = /\b[a-z]{2,5}_[0-9a-z]{24}\b/

  /** A program with a slug, a form (website required, audience select, terms checkbox) and a webhook endpoint for every event. */
  async function recruitingProgram(slug: string, name = 'Acme') {
    const keys = await ctx.createProgram({ name })
    const afflio = sdk(keys.secretKey)
    await afflio.marketplace.update({ listed: true, slug, description: `${name} sells things`, category: 'saas' })
    await afflio.applications.form.update({
      questions: [
        { id: 'site', label: 'Your website', type: 'url', required: true },
        { id: 'audience', label: 'Audience', type: 'select', options: ['Developers', 'Designers'] },
        { id: 'terms', label: 'I accept the terms', type: 'checkbox', required: true },
      ],
    })
    await afflio.webhooks.endpoints.create({ url: 'https://hooks.test/afflio', events: ['*'] })
    const programId = (await afflio.program.get()).id
    return { afflio, programId, slug, secretKey: keys.secretKey }
  }
  const valid = (email: string, extra: Record<string, unknown> = {}) => ({ email, name: 'Ana', answers: { site: 'https://ana.dev', terms: true, ...extra } })
  const events = async (programId: string, type: string) =>
    (await ctx.db.selectFrom('webhook_deliveries').select('payload').where('program_id', '=', programId).where('event_type', '=', type).orderBy('id').execute()).map((r) => JSON.parse(r.payload))

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  it('validates the form it saves', async () => {
    const { afflio } = await recruitingProgram('form-checks')
    const bad = [
      { questions: [{ id: 'pick', label: 'Pick', type: 'select' }] },
      { questions: [{ id: 'a', label: 'A', type: 'text', options: ['x'] }] },
      { questions: [{ id: 'a', label: 'A', type: 'text' }, { id: 'a', label: 'B', type: 'text' }] },
      { questions: [{ id: 'Has Space', label: 'A', type: 'text' }] },
      { questions: [{ id: 'a', label: 'A', type: 'date' }] },
    ]
    for (const input of bad) expect((await failure(afflio.applications.form.update(input as never)))?.status).toBe(400)
    const form = await afflio.applications.form.get()
    expect(form).toMatchObject({ acceptingApplications: true, questions: [{ id: 'site', required: true }, { id: 'audience', required: false, options: ['Developers', 'Designers'] }, { id: 'terms' }] })
  })

  it('shows the form publicly and checks answers against it', async () => {
    const { slug } = await recruitingProgram('checks-answers')
    const form = await getApplicationForm('http://afflio.test', slug, { fetch: fetchApp })
    expect(form.program).toMatchObject({ slug, name: 'Acme', commissionSummary: '20% of every sale, recurring' })
    expect(form.questions.map((q) => q.id)).toEqual(['site', 'audience', 'terms'])

    const cases: Array<[unknown, string]> = [
      [{ email: 'a@x.test', answers: { terms: true } }, 'answers.site'],
      [valid('a@x.test', { terms: false }), 'answers.terms'],
      [valid('a@x.test', { audience: 'Marketers' }), 'answers.audience'],
      [valid('a@x.test', { age: '40' }), 'answers.age'],
      [valid('a@x.test', { site: 'javascript:alert(1)' }), 'answers.site'],
      [{ ...valid('a@x.test'), email: 'not-an-email' }, 'email'],
      [{ ...valid('a@x.test'), externalId: 'user_1' }, 'externalId'],
      [{ ...valid('a@x.test'), status: 'approved' }, ''],
    ]
    for (const [body, field] of cases) {
      const res = await submit(slug, body)
      expect(res.status).toBe(400)
      const { error } = await res.json()
      expect(error.code).toBe('invalid_request')
      if (field) expect(error.field).toBe(field)
    }
    expect((await submit('no-such-program', valid('a@x.test'))).status).toBe(404)
    expect(await ctx.db.selectFrom('applications').select('id').where('email', '=', 'a@x.test').execute()).toEqual([])
  })

  it('queues a submission, and approval creates the partner, its link, the event and the notice', async () => {
    const { afflio, programId, slug } = await recruitingProgram('queue')
    const group = await afflio.groups.create({ name: 'Bloggers' })
    const res = await submit(slug, valid('Ana@Blog.test', { audience: 'Developers' }))
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const submitted = await res.json()
    expect(submitted).toEqual({ id: expect.stringMatching(/^app_/), status: 'pending' })

    const pending = await afflio.applications.list({ status: 'pending' })
    expect(pending.data).toHaveLength(1)
    expect(pending.data[0]).toMatchObject({ id: submitted.id, email: 'ana@blog.test', name: 'Ana', status: 'pending', answers: { site: 'https://ana.dev', audience: 'Developers', terms: true }, partnerId: null })
    expect((await afflio.applications.list({ status: 'approved' })).data).toEqual([])
    expect((await events(programId, 'application.created')).map((e) => e.data.id)).toEqual([submitted.id])

    const { application, partner } = await afflio.applications.approve(submitted.id, { groupId: group.id, linkCode: 'ANA-BLOG' })
    expect(application).toMatchObject({ status: 'approved', partnerId: partner.id, autoApproved: false, decidedAt: ctx.clock.now().toISOString() })
    expect(partner).toMatchObject({ email: 'ana@blog.test', name: 'Ana', status: 'approved', links: [{ code: 'ANA-BLOG' }] })
    const row = await ctx.db.selectFrom('partners').selectAll().where('id', '=', partner.id).executeTakeFirstOrThrow()
    expect(row.group_id).toBe(group.id)
    expect((await events(programId, 'application.approved')).map((e) => e.data.partnerId)).toEqual([partner.id])
    await ctx.drain() // the welcome is a reaction to the approval
    const notices = await ctx.db.selectFrom('messages').selectAll().where('partner_id', '=', partner.id).execute()
    expect(notices).toHaveLength(1)
    expect(notices[0]!.body).toContain('ANA-BLOG')
    expect(await ctx.db.selectFrom('email_outbox').select('to_address').where('partner_id', '=', partner.id).execute()).toEqual([{ to_address: 'ana@blog.test' }])

    // Approving again answers the same partner and writes nothing; rejecting it now is a conflict.
    const again = await afflio.applications.approve(submitted.id)
    expect(again.partner.id).toBe(partner.id)
    expect(await ctx.db.selectFrom('partners').select('id').where('program_id', '=', programId).execute()).toHaveLength(1)
    expect((await events(programId, 'application.approved')).length).toBe(1)
    expect((await failure(afflio.applications.reject(submitted.id, 'changed my mind')))?.status).toBe(409)

    // Approvals at once agree on one partner.
    const { id: other } = await (await submit(slug, valid('al@blog.test'))).json()
    const racing = await Promise.all([afflio.applications.approve(other), afflio.applications.approve(other), afflio.applications.approve(other)])
    expect(new Set(racing.map((r) => r.partner.id)).size).toBe(1)
    expect(await ctx.db.selectFrom('partners').select('id').where('program_id', '=', programId).execute()).toHaveLength(2)

    // Now a partner: applying again is a conflict.
    const dup = await submit(slug, valid('ana@blog.test'))
    expect(dup.status).toBe(409)
    expect((await dup.json()).error).toMatchObject({ code: 'already_partner', field: 'email', message: 'ana@blog.test is already a partner of this program' })
  })

  it('refuses a second pending application from the same address, also when both arrive at once', async () => {
    const { slug, programId } = await recruitingProgram('duplicates')
    expect((await submit(slug, valid('bo@x.test'))).status).toBe(201)
    const second = await submit(slug, valid('BO@x.test'))
    expect(second.status).toBe(409)
    expect((await second.json()).error).toMatchObject({ code: 'conflict', field: 'email' })

    const results = await Promise.all([submit(slug, valid('cy@x.test')), submit(slug, valid('cy@x.test')), submit(slug, valid('cy@x.test'))])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409])
    for (const lost of results.filter((r) => r.status === 409)) expect((await lost.json()).error.message).not.toMatch(INTERNAL_ID)
    const rows = await ctx.db.selectFrom('applications').select('id').where('program_id', '=', programId).where('email', '=', 'cy@x.test').execute()
    expect(rows).toHaveLength(1)
  })

  it('answers the public 409s without internal ids, JSON and HTML alike; the secret-key path names them', async () => {
    const { afflio, slug } = await recruitingProgram('no-ids')
    const partner = await afflio.partners.create({ email: 'pat@x.test' })
    const { id: waiting } = await (await submit(slug, valid('quin@x.test'))).json()
    const conflictOf = async (res: Response, code: string) => {
      expect(res.status).toBe(409)
      const { error } = await res.json()
      expect(error).toMatchObject({ code, field: 'email' })
      expect(error.message).not.toMatch(INTERNAL_ID)
      return error.message as string
    }
    // A partner and a waiting applicant are told apart by the code, so a reworded message changes nothing for a client.
    expect(await conflictOf(await submit(slug, valid('pat@x.test')), 'already_partner')).toBe('pat@x.test is already a partner of this program')
    expect(await conflictOf(await submit(slug, valid('quin@x.test')), 'conflict')).toBe('An application from quin@x.test is already waiting for review')

    const form = (email: string) =>
      ctx.app.request(`/v1/programs/${slug}/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() },
        body: new URLSearchParams({ email, 'answers.site': 'https://pat.dev', 'check.terms': 'true' }).toString(),
      })
    const asPartner = await form('pat@x.test')
    expect(asPartner.status).toBe(409)
    const page = await asPartner.text()
    expect(page).toContain('This email already belongs to a partner of this program')
    expect(page).not.toMatch(INTERNAL_ID)

    // The host, with its secret key, is told which partner or application is in the way.
    expect(await failure(afflio.applications.create(valid('pat@x.test')))).toMatchObject({ status: 409, code: 'already_partner', field: 'email', message: expect.stringContaining(partner.id) })
    expect((await failure(afflio.applications.create(valid('quin@x.test'))))?.message).toContain(waiting)
  })

  it('requires a reason to reject, keeps it, and lets the applicant apply again later', async () => {
    const { afflio, programId, slug, secretKey } = await recruitingProgram('rejects')
    const { id } = await (await submit(slug, valid('dee@x.test'))).json()
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const res = await ctx.app.request(`/v1/applications/${id}/reject`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status).toBe(400)
    }
    const rejected = await afflio.applications.reject(id, 'Your site has no audience yet')
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Your site has no audience yet', partnerId: null })
    expect((await events(programId, 'application.rejected')).map((e) => e.data)).toEqual([rejected])
    expect((await afflio.applications.reject(id, 'again'))).toEqual(rejected)
    expect((await failure(afflio.applications.approve(id)))?.status).toBe(409)
    expect(await ctx.db.selectFrom('partners').select('id').where('program_id', '=', programId).execute()).toEqual([])
    expect((await submit(slug, valid('dee@x.test'))).status).toBe(201)
  })

  it('records who changed the form, its auto-approve rules and the public listing, and how', async () => {
    // Auto-approving everyone makes any applicant a partner at once: who turned it on must be on record.
    const { afflio, programId } = await recruitingProgram('audited')
    const manager = sdk((await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token)
    await manager.applications.autoApprove.update({ mode: 'everyone' })
    await manager.applications.autoApprove.update({ mode: 'everyone' }) // the same again: nothing recorded
    await afflio.applications.form.update({ acceptingApplications: false, questions: [] })
    await afflio.marketplace.update({ listed: false, slug: 'audited', description: 'Quiet now', category: 'saas' })
    const log = (await afflio.auditLog.list({ subjectId: programId, limit: 10 })).data.filter((e) => !['webhook_endpoint.created', 'console_token.issued', 'program.created'].includes(e.action))
    expect(log.map((e) => [e.action, e.actor.kind])).toEqual([
      ['marketplace_listing.changed', 'secret_key'],
      ['application_form.changed', 'secret_key'],
      ['application_form.changed', 'console'],
      // recruitingProgram's own setup:
      ['application_form.changed', 'secret_key'],
      ['marketplace_listing.changed', 'secret_key'],
    ])
    expect(log[2]).toMatchObject({ actor: { id: 'dana@acme.test' }, before: { autoApprove: { mode: 'manual' } }, after: { autoApprove: { mode: 'everyone', match: 'all', conditions: [] } } })
    expect(log[1]).toMatchObject({ before: { acceptingApplications: true }, after: { acceptingApplications: false, questions: [] } })
    expect(log[0]).toMatchObject({ before: { listed: true, description: 'Acme sells things' }, after: { listed: false, description: 'Quiet now' } })
  })

  it('auto-approves everyone, in the transaction of the submission', async () => {
    const { afflio, programId, slug } = await recruitingProgram('auto-everyone')
    await afflio.applications.autoApprove.update({ mode: 'everyone' })
    const res = await submit(slug, valid('eve@x.test'))
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ id: expect.any(String), status: 'approved' })
    const [app] = (await afflio.applications.list()).data
    expect(app).toMatchObject({ status: 'approved', autoApproved: true, partnerId: expect.stringMatching(/^prt_/) })
    const partner = await afflio.partners.get(app!.partnerId!)
    expect(partner).toMatchObject({ status: 'approved', email: 'eve@x.test' })
    expect(partner.links).toHaveLength(1)
    expect((await events(programId, 'application.created')).length).toBe(1)
    expect((await events(programId, 'application.approved')).length).toBe(1)
  })

  it('auto-approves by email domain or by answer, and leaves the rest for review', async () => {
    const { afflio, slug } = await recruitingProgram('auto-conditions')
    expect((await failure(afflio.applications.autoApprove.update({ mode: 'conditions', conditions: [] })))?.status).toBe(400)
    expect((await failure(afflio.applications.autoApprove.update({ mode: 'conditions', conditions: [{ field: 'answer', questionId: 'nope', equals: 'x' }] })))?.field).toBe('conditions.0.questionId')
    expect((await failure(afflio.applications.autoApprove.update({ mode: 'conditions', conditions: [{ field: 'answer', questionId: 'terms', equals: 'yes' }] })))?.status).toBe(400)
    expect((await failure(afflio.applications.autoApprove.update({ mode: 'conditions', conditions: [{ field: 'email_domain', in: ['not a domain'] }] })))?.status).toBe(400)

    const rules = await afflio.applications.autoApprove.update({
      mode: 'conditions',
      match: 'any',
      conditions: [
        { field: 'email_domain', in: ['Partner.Agency'] },
        { field: 'answer', questionId: 'audience', in: ['Developers'] },
      ],
    })
    expect(rules).toEqual({ mode: 'conditions', match: 'any', conditions: [{ field: 'email_domain', in: ['partner.agency'] }, { field: 'answer', questionId: 'audience', in: ['Developers'] }] })
    expect(await afflio.applications.autoApprove.get()).toEqual(rules)
    // The form's next save keeps the rules.
    await afflio.applications.form.update({ questions: (await afflio.applications.form.get()).questions })
    expect(await afflio.applications.autoApprove.get()).toEqual(rules)

    expect(await (await submit(slug, valid('fay@partner.agency'))).json()).toMatchObject({ status: 'approved' })
    expect(await (await submit(slug, valid('gus@x.test', { audience: 'Developers' }))).json()).toMatchObject({ status: 'approved' })
    expect(await (await submit(slug, valid('hal@x.test', { audience: 'Designers' }))).json()).toMatchObject({ status: 'pending' })
    expect(await (await submit(slug, valid('ivy@sub.partner.agency'))).json()).toMatchObject({ status: 'pending' })

    await afflio.applications.autoApprove.update({ mode: 'manual' })
    expect(await (await submit(slug, valid('jo@partner.agency'))).json()).toMatchObject({ status: 'pending' })
  })

  it("lets the host apply for its signed-in user with the secret key, tied to the user's id", async () => {
    const { afflio, slug } = await recruitingProgram('host-path')
    await afflio.applications.form.update({ acceptingApplications: false, questions: (await afflio.applications.form.get()).questions })
    const closed = await submit(slug, valid('kim@x.test'))
    expect(closed.status).toBe(403)

    const app = await afflio.applications.create({ ...valid('kim@x.test'), externalId: 'user_42' })
    expect(app).toMatchObject({ status: 'pending', externalId: 'user_42' })
    expect((await failure(afflio.applications.create({ email: 'kim2@x.test', answers: {} })))?.field).toBe('answers.site')
    const { partner } = await afflio.applications.approve(app.id)
    expect(partner.externalId).toBe('user_42')
    // The widget's embed token for that user finds the same partner.
    const token = await afflio.embedTokens.create({ externalId: 'user_42', email: 'kim@x.test' })
    expect(token.partnerId).toBe(partner.id)
    expect(await failure(afflio.applications.create({ ...valid('other@x.test'), externalId: 'user_42' }))).toMatchObject({ status: 409, code: 'already_partner', field: 'externalId' })
  })

  it('explains a taken link code on approval and leaves the application pending', async () => {
    const { afflio, slug } = await recruitingProgram('link-taken')
    await afflio.partners.create({ email: 'first@x.test', linkCode: 'TAKEN' })
    const { id } = await (await submit(slug, valid('lou@x.test'))).json()
    const err = await failure(afflio.applications.approve(id, { linkCode: 'TAKEN' }))
    expect(err).toMatchObject({ status: 409, field: 'linkCode' })
    expect((await afflio.applications.get(id)).status).toBe('pending')
    expect((await failure(afflio.applications.approve(id, { groupId: 'grp_000000000000000000000000' })))?.status).toBe(404)
    expect((await afflio.applications.approve(id)).application.status).toBe('approved')
  })

  it('keeps programs apart', async () => {
    const a = await recruitingProgram('isolated-a')
    const b = await recruitingProgram('isolated-b', 'Bolt')
    const { id } = await (await submit(a.slug, valid('max@x.test'))).json()
    expect((await b.afflio.applications.list()).data).toEqual([])
    expect((await failure(b.afflio.applications.get(id)))?.status).toBe(404)
    expect((await failure(b.afflio.applications.approve(id)))?.status).toBe(404)
    expect((await failure(b.afflio.applications.reject(id, 'no')))?.status).toBe(404)
    // The same address may apply to both programs.
    expect((await submit(b.slug, valid('max@x.test'))).status).toBe(201)
    expect((await a.afflio.applications.get(id)).status).toBe('pending')
    expect((await failure(b.afflio.marketplace.update({ listed: false, slug: a.slug })))?.status).toBe(409)
    const noKey = await ctx.app.request('/v1/applications')
    expect(noKey.status).toBe(401)
  })

  it('takes the plain HTML form post and answers with a redirect or an error page', async () => {
    const { afflio, slug } = await recruitingProgram('html-form')
    const post = (fields: Record<string, string>) =>
      ctx.app.request(`/v1/programs/${slug}/applications`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() }, body: new URLSearchParams(fields).toString() })
    const ok = await post({ email: 'nia@x.test', name: '', 'answers.site': 'https://nia.dev', 'answers.audience': '', 'check.terms': 'true' })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe(`../../../marketplace/${slug}?applied=pending`)
    const [app] = (await afflio.applications.list()).data
    expect(app).toMatchObject({ email: 'nia@x.test', name: null, answers: { site: 'https://nia.dev', terms: true } })

    // Refused: the form again, with what was typed, and why beside the field, in words.
    const bad = await post({ email: 'oz@x.test', name: 'Oz <b>', 'answers.site': 'https://oz.dev', 'answers.audience': 'Designers' })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('text/html')
    const page = await bad.text()
    expect(page).toContain('<small class="error" id="q-terms-e">I accept the terms: must be ticked</small>')
    expect(page).toMatch(/id="q-terms"[^>]*aria-invalid="true"/)
    expect(page).toContain('value="oz@x.test"')
    expect(page).toContain('value="Oz &lt;b&gt;"')
    expect(page).toContain('value="https://oz.dev"')
    expect(page).toContain('<option selected>Designers</option>')
    expect(page).not.toContain('answers.terms')
    // Its links lead from where it is served (the post's address), so the corrected form is sent to the same endpoint.
    const base = `http://x/v1/programs/${slug}/applications`
    expect(new URL(/<form method="post" action="([^"]+)"/.exec(page)![1]!, base).pathname).toBe(`/v1/programs/${slug}/applications`)
    expect(new URL(/<a href="([^"]+)">All programs<\/a>/.exec(page)![1]!, base).pathname).toBe('/marketplace')

    const url = await post({ email: 'pia@x.test', 'answers.site': 'not a url', 'check.terms': 'true' })
    const urlPage = await url.text()
    expect(urlPage).toMatch(/<small class="error" id="q-site-e">Your website: [^<]+<\/small>/)
    expect(urlPage).toMatch(/id="q-terms"[^>]* checked/)

    // A second application from the same address: said in words, with no internal id.
    const again = await post({ email: 'nia@x.test', 'answers.site': 'https://nia.dev', 'check.terms': 'true' })
    expect(again.status).toBe(409)
    const againPage = await again.text()
    expect(againPage).toContain('An application from this email is already waiting for review')
    expect(againPage).not.toMatch(/app_[0-9a-z]{24}/)
  })

  it('answers a form post whose body is no form 400, as a page, and counts it against the submission limit', async () => {
    const { slug } = await recruitingProgram('broken-forms')
    const post = (type: string, to = slug) =>
      ctx.app.request(`/v1/programs/${to}/applications`, { method: 'POST', headers: { 'content-type': type, 'x-forwarded-for': '203.0.113.77' }, body: 'x' })
    const broken = await post('multipart/form-data; boundary=zz')
    expect(broken.status).toBe(400)
    expect(broken.headers.get('content-type')).toContain('text/html')
    expect(await broken.text()).toContain('<p class="notice error" role="alert">Body is not a form: urlencoded, or multipart with its boundary</p>')
    expect((await post('multipart/form-data')).status).toBe(400) // no boundary
    const unknown = await post('multipart/form-data; boundary=zz', 'no-such-program')
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('That did not work')
    // Three so far: the burst of ten ends at the tenth.
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await post('multipart/form-data; boundary=zz')).status)
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 429])
  })

  it('throttles submissions per address, and answers CORS preflights', async () => {
    const { slug } = await recruitingProgram('throttled')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await submit(slug, { email: 'bad' }, '203.0.113.99')).status)
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true)
    expect(statuses[10]).toBe(429)
    const pre = await ctx.app.request(`/v1/programs/${slug}/applications`, { method: 'OPTIONS', headers: { origin: 'https://blog.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('submits through the public SDK helper', async () => {
    const { slug } = await recruitingProgram('sdk-helper')
    expect(await submitApplication('http://afflio.test', slug, valid('pam@x.test'), { fetch: fetchApp })).toMatchObject({ status: 'pending' })
    const err = await failure(submitApplication('http://afflio.test', slug, valid('pam@x.test'), { fetch: fetchApp }))
    expect(err).toBeInstanceOf(AfflioApiError)
    expect(err).toMatchObject({ status: 409, code: 'conflict', field: 'email' })
  })
})
