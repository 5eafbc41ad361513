// Importing partners from CSV (or rows) with email invitations, on a real database: every bad row reported
// and nothing written, the dry run's preview, idempotency on email, isolation between programs, and the
// invitation link: single use, expiring, replaced by a resend, accepted by the host into the portal.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSecret } from '../kernel/secrets.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('partner import and invitations on %s', (dialect) => {
  let ctx: TestContext
  const fetchApp: typeof fetch = async (input, init) => ctx.app.request(input as string, init)
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AfflioApiError)
  const acceptUrl = 'https://app.example.com/partners/join?from=email'

  async function program(name = 'Acme') {
    const keys = await ctx.createProgram({ name })
    return { afflio: sdk(keys.secretKey), programId: keys.program.id }
  }
  const count = async (table: 'partners' | 'email_outbox' | 'partner_invitations', programId: string) =>
    Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('program_id', '=', programId).executeTakeFirstOrThrow()).n)
  /** The invitation token in the email sent to `to`, the newest one */
  async function tokenMailedTo(programId: string, to: string): Promise<{ token: string; link: string; subject: string }> {
    const mail = await ctx.db.selectFrom('email_outbox').selectAll().where('program_id', '=', programId).where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow()
    const link = /https:\/\/app\.example\.com\/\S+/.exec(openSecret(ctx.db, mail.text_body!))![0] // encrypted while it waits
    return { token: new URL(link).searchParams.get('invitation')!, link, subject: mail.subject! }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterAll(() => ctx.close())

  const GOOD = 'Email,Name,Country,Website,Link Code\nada@example.com,Ada Lovelace,gb,https://ada.dev,ADA\n"grace@example.com","Hopper, Grace",US,,\n'

  it('reports every bad row by line and field in words, and writes nothing', async () => {
    const { afflio, programId } = await program()
    await afflio.partners.create({ email: 'taken@example.com', linkCode: 'TAKEN' })
    const csv = [
      'email,name,country,website,linkCode',
      'ada@example.com,Ada,GB,https://ada.dev,ADA', // good
      'not-an-email,Bob,XX,ftp://bob,', // three problems
      'ADA@example.com,Ada again,,,', // repeats line 2 (emails compare lower case)
      'carl@example.com,Carl,,,TAKEN', // link code already another partner's
      ',No email,,,',
    ].join('\n')
    const err = await failure(afflio.partners.import({ csv, acceptUrl }))
    expect(err).toBeInstanceOf(AfflioApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', field: 'rows', message: '4 rows have problems: nothing was imported. Correct them and import again.' })
    expect(err!.details).toEqual([
      { line: 3, field: 'email', message: 'is not an email address' },
      { line: 3, field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code' },
      { line: 3, field: 'website', message: 'must be an http(s) URL' },
      { line: 4, field: 'email', message: 'repeats line 2' },
      { line: 5, field: 'linkCode', message: "TAKEN is already another partner's link code" },
      { line: 6, field: 'email', message: 'is missing' },
    ])
    expect(await count('partners', programId)).toBe(1)
    expect(await count('email_outbox', programId)).toBe(0)

    // The file itself: unknown columns, no email column, a quote never closed.
    expect((await failure(afflio.partners.import({ csv: 'mail,name\nx@y.z,X', acceptUrl })))!.details).toEqual([
      { line: 1, field: 'mail', message: 'is not a column we know: use email, name, country, website, externalId, linkCode' },
      { line: 1, field: 'email', message: 'The first line must name the columns, with an email column' },
    ])
    expect((await failure(afflio.partners.import({ csv: 'email,name\nx@y.z,"Unclosed', acceptUrl })))!.details).toEqual([
      { line: 2, field: 'csv', message: 'A quoted value is never closed: check for a missing "' },
    ])
    // JSON rows are numbered from 1 and checked the same way; unknown keys are named.
    expect((await failure(afflio.partners.import({ rows: [{ email: 'ok@example.com' }, { email: 'x@example.com', nickname: 'X' } as never], acceptUrl })))!.details).toEqual([
      { line: 2, field: 'nickname', message: 'is not a column we know: use email, name, country, website, externalId, linkCode' },
    ])
    expect(await failure(afflio.partners.import({ csv: 'email\na@b.co', rows: [], acceptUrl }))).toMatchObject({ status: 400, field: 'csv' })
    expect(await failure(afflio.partners.import({ csv: 'email\na@b.co', acceptUrl: 'javascript:alert(1)' }))).toMatchObject({ status: 400, field: 'acceptUrl' })
  })

  it('previews a dry run without writing, then imports, invites and is idempotent on email', async () => {
    const { afflio, programId } = await program('Globex')
    await afflio.partners.create({ email: 'grace@example.com', name: 'Grace (already here)' })

    const preview = await afflio.partners.import({ csv: GOOD, acceptUrl, dryRun: true })
    expect(preview).toMatchObject({ dryRun: true, created: 1, existing: 1, errors: [] })
    expect(preview.rows).toMatchObject([
      { line: 2, email: 'ada@example.com', outcome: 'created', partnerId: null, invitation: null },
      { line: 3, email: 'grace@example.com', outcome: 'existing', invitation: null },
    ])
    expect(await count('partners', programId)).toBe(1)
    expect(await count('email_outbox', programId)).toBe(0)
    // A dry run reports problems in the answer instead of failing.
    expect((await afflio.partners.import({ csv: 'email\nnope', acceptUrl, dryRun: true })).errors).toEqual([{ line: 2, field: 'email', message: 'is not an email address' }])

    const done = await afflio.partners.import({ csv: GOOD, acceptUrl, expiresInDays: 7 })
    expect(done).toMatchObject({ dryRun: false, created: 1, existing: 1 })
    const [ada, grace] = done.rows
    expect(ada).toMatchObject({ outcome: 'created', invitation: { status: 'pending', email: 'ada@example.com', emailStatus: 'pending', expiresAt: '2026-11-08T12:00:00.000Z' } })
    expect(grace).toMatchObject({ outcome: 'existing', invitation: null })
    expect(await afflio.partners.get(ada!.partnerId!)).toMatchObject({ name: 'Ada Lovelace', status: 'approved', country: 'GB', website: 'https://ada.dev', links: [{ code: 'ADA' }] })
    expect((await afflio.partners.get(grace!.partnerId!)).name).toBe('Grace (already here)')

    const mail = await tokenMailedTo(programId, 'ada@example.com')
    expect(mail.subject).toBe('You are invited to the Globex partner program')
    expect(mail.link).toMatch(/^https:\/\/app\.example\.com\/partners\/join\?from=email&invitation=inv_[0-9a-z]{32}$/)
    // The token is stored as a hash only.
    expect(await ctx.db.selectFrom('partner_invitations').select('token_hash').where('program_id', '=', programId).execute()).not.toContainEqual({ token_hash: mail.token })
    const audit = (await afflio.auditLog.list({ subjectType: 'invitation' })).data
    expect(audit).toMatchObject([{ action: 'invitation.sent', after: { partnerId: ada!.partnerId, email: 'ada@example.com' } }])

    // The same file again: nothing new, no second email.
    const again = await afflio.partners.import({ csv: GOOD, acceptUrl })
    expect(again).toMatchObject({ created: 0, existing: 2 })
    expect(await count('partners', programId)).toBe(2)
    expect(await count('email_outbox', programId)).toBe(1)
    expect((await afflio.invitations.list()).data).toHaveLength(1)
  })

  it('keeps programs apart: same emails, own partners, and a token works only for its program', async () => {
    const a = await program('Alpha')
    const b = await program('Beta')
    await a.afflio.partners.import({ csv: 'email\nshared@example.com', acceptUrl })
    const inB = await b.afflio.partners.import({ csv: 'email\nshared@example.com', acceptUrl })
    expect(inB).toMatchObject({ created: 1, existing: 0 })
    const tokenA = (await tokenMailedTo(a.programId, 'shared@example.com')).token
    expect(await failure(b.afflio.invitations.accept({ token: tokenA, externalId: 'u1' }))).toMatchObject({ status: 404, code: 'not_found' })
    expect((await b.afflio.invitations.list()).data.map((i) => i.partnerId)).toEqual([inB.rows[0]!.partnerId])
    expect((await a.afflio.invitations.accept({ token: tokenA, externalId: 'u1' })).partner.programId).toBe(a.programId)
  })

  it('is accepted once, by one user, into the portal; then the link works no more', async () => {
    const { afflio, programId } = await program('Initech')
    const { rows } = await afflio.partners.import({ rows: [{ email: 'pat@example.com', name: 'Pat' }], acceptUrl })
    const partnerId = rows[0]!.partnerId!
    const { token } = await tokenMailedTo(programId, 'pat@example.com')

    // A console token cannot bind the host's users: that is the host's backend's job.
    const ct = (await afflio.consoleTokens.create({ manager: 'dana@initech.test' })).token
    const console = await ctx.app.request('/console/v1/invitations/accept', { method: 'POST', headers: { authorization: `Bearer ${ct}`, 'content-type': 'application/json' }, body: JSON.stringify({ token, externalId: 'u_pat' }) })
    expect(console.status).toBe(403)

    const accepted = await afflio.invitations.accept({ token, externalId: 'u_pat' })
    expect(accepted).toMatchObject({ invitation: { status: 'accepted', partnerId }, partner: { id: partnerId, externalId: 'u_pat', status: 'approved' } })
    // A retry by the same user answers the same; anyone else is refused.
    expect((await afflio.invitations.accept({ token, externalId: 'u_pat' })).partner.id).toBe(partnerId)
    expect(await failure(afflio.invitations.accept({ token, externalId: 'u_mallory' }))).toMatchObject({ status: 409, field: 'token' })
    expect(await failure(afflio.invitations.accept({ token: 'inv_00000000000000000000000000000000', externalId: 'u_pat' }))).toMatchObject({ status: 404 })

    // The host mints the portal token as usual: the partner is found by its externalId, onboarding first.
    const et = await afflio.embedTokens.create({ externalId: 'u_pat', email: 'pat@host-login.example' })
    expect(et.partnerId).toBe(partnerId)
    const portal = new AfflioPortal({ token: et.token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    expect((await portal.me()).partner).toMatchObject({ id: partnerId, email: 'pat@example.com', status: 'approved' })
    expect(await portal.onboarding.get()).toBeTruthy()
    expect((await afflio.auditLog.list({ action: 'invitation.accepted' })).data).toMatchObject([{ after: { externalId: 'u_pat', partnerId } }])
    // Accepted: no new invitation for this partner.
    expect(await failure(afflio.invitations.resend(partnerId, { acceptUrl }))).toMatchObject({ status: 409 })
  })

  it('expires, and a resend replaces the old link', async () => {
    const { afflio, programId } = await program('Umbrella')
    const { rows } = await afflio.partners.import({ rows: [{ email: 'lee@example.com' }], acceptUrl, expiresInDays: 2 })
    const partnerId = rows[0]!.partnerId!
    const first = (await tokenMailedTo(programId, 'lee@example.com')).token
    const start = ctx.clock.now().toISOString()
    try {
      ctx.clock.advanceDays(2)
      expect(await failure(afflio.invitations.accept({ token: first, externalId: 'u_lee' }))).toMatchObject({ status: 410, code: 'gone', field: 'token' })
      expect((await afflio.invitations.list({ partnerId })).data.map((i) => i.status)).toEqual(['expired'])

      const again = await afflio.invitations.resend(partnerId, { acceptUrl })
      expect(again).toMatchObject({ status: 'pending', partnerId })
      const second = (await tokenMailedTo(programId, 'lee@example.com')).token
      expect(second).not.toBe(first)
      // A resend also retires a link that had not expired yet.
      ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
      await afflio.invitations.resend(partnerId, { acceptUrl })
      const third = (await tokenMailedTo(programId, 'lee@example.com')).token
      // The replaced link's email, still waiting to be sent, is not sent: its link would answer 410.
      const [, replaced] = (await afflio.invitations.list({ partnerId })).data
      expect(replaced).toMatchObject({ status: 'expired', emailStatus: 'cancelled' })
      expect(await failure(afflio.invitations.accept({ token: second, externalId: 'u_lee' }))).toMatchObject({ status: 410 })
      expect((await afflio.invitations.accept({ token: third, externalId: 'u_lee' })).invitation.status).toBe('accepted')
      expect((await afflio.invitations.list({ partnerId })).data.map((i) => i.status)).toEqual(['accepted', 'expired', 'expired'])
      expect(await count('email_outbox', programId)).toBe(3)
    } finally {
      ctx.clock.set(start)
    }
  })

  it('refuses an externalId that is another partner, and the import of one', async () => {
    const { afflio, programId } = await program('Hooli')
    await afflio.partners.create({ email: 'gavin@example.com', externalId: 'u_gavin' })
    expect((await failure(afflio.partners.import({ csv: 'email,externalId\nrichard@example.com,u_gavin', acceptUrl })))!.details).toEqual([
      { line: 2, field: 'externalId', message: "u_gavin is already another partner's external id" },
    ])
    await afflio.partners.import({ csv: 'email\nrichard@example.com', acceptUrl })
    const { token } = await tokenMailedTo(programId, 'richard@example.com')
    expect(await failure(afflio.invitations.accept({ token, externalId: 'u_gavin' }))).toMatchObject({ status: 409, field: 'externalId' })
    // Still unused: the right user can accept it.
    expect((await afflio.invitations.accept({ token, externalId: 'u_richard' })).partner.externalId).toBe('u_richard')
  })
})
