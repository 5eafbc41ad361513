// Newsletter unsubscribe tokens are kept as their sha256 (migration 0060 hashes those stored before): a link
// sent before the upgrade still works after it, one waiting to be sent goes out with its token, a wrong
// token is refused, and the database holds no token as sent.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deliverEmails, type MailTransport } from './deliver-emails.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

const PUBLIC_URL = 'http://afflio.test'
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe.each(dialects)('unsubscribe tokens kept as hashes (migration 0060) on %s', (dialect) => {
  let ctx: TestContext
  let secretKey = ''
  let programId = ''
  const sent: Array<{ to: string; text: string; headers?: Record<string, string> }> = []
  const transport: MailTransport = { sendMail: async (m) => void sent.push({ to: m.to, text: m.text, ...(m.headers && { headers: m.headers }) }) }
  const deliver = () => deliverEmails(ctx.db, { now: ctx.clock.now(), transport, from: 'Afflio <no-reply@afflio.test>', publicUrl: PUBLIC_URL })
  const api = (path: string, method = 'GET', body?: unknown) =>
    ctx.app.request(path, { method, headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) })
  const optedOut = async (partnerId: string) => (await ctx.db.selectFrom('email_optouts').select('partner_id').where('partner_id', '=', partnerId).executeTakeFirst()) !== undefined
  /** Every text value of the tables that held or hold the token. */
  const storedText = async () => {
    const db = ctx.db as unknown as Kysely<any>
    const rows = [...(await db.selectFrom('newsletter_recipients').selectAll().execute()), ...(await db.selectFrom('email_outbox').selectAll().execute())]
    return rows.flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string'))
  }

  beforeEach(async () => {
    sent.length = 0
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-07-0059-keyed-address-hashes' })
    const p = await ctx.createProgram({ name: 'Acme' })
    secretKey = p.secretKey
    programId = p.program.id
  })
  afterEach(() => ctx.close())

  it('a link sent before the upgrade works after it; a waiting email goes out with its token; a wrong token is refused', async () => {
    const partner = async (email: string) => ((await (await api('/v1/partners', 'POST', { email })).json()) as { id: string }).id
    const [ada, bob] = [await partner('ada@partners.test'), await partner('bob@partners.test')]
    // Written as the schema of 0059 has it: the newsletter was sent to both, ada's email already left, bob's waits.
    const db = ctx.db as unknown as Kysely<any>
    const at = '2026-11-01T09:00:00.000Z'
    await db.insertInto('newsletters').values({ id: 'nl_1', program_id: programId, subject: 'News', body: 'Hello', format: 'text', audience: '{"all":true}', status: 'sent', recipient_count: 2, created_by: null, created_at: at, sent_at: at }).execute()
    const recipient = (id: string, partnerId: string, email: string, status: string, token: string) =>
      ({ id, program_id: programId, newsletter_id: 'nl_1', partner_id: partnerId, email, status, error: null, unsubscribe_token: token, read_at: null, sent_at: status === 'sent' ? at : null, created_at: at })
    await db.insertInto('newsletter_recipients').values([recipient('nlr_ada', ada, 'ada@partners.test', 'sent', 'un_adasentlink'), recipient('nlr_bob', bob, 'bob@partners.test', 'pending', 'un_bobwaiting')]).execute()
    const email = (id: string, partnerId: string, to: string, recipientId: string, status: string) => ({
      id, program_id: programId, partner_id: partnerId, kind: 'newsletter', recipient_id: recipientId, notice_id: null, to_address: to, subject: null, text_body: null, html_body: null,
      headers: null, status, attempts: status === 'sent' ? 1 : 0, next_attempt_at: status === 'sent' ? null : at, last_error: null, sent_at: status === 'sent' ? at : null, created_at: at,
    })
    await db.insertInto('email_outbox').values([email('eml_ada', ada, 'ada@partners.test', 'nlr_ada', 'sent'), email('eml_bob', bob, 'bob@partners.test', 'nlr_bob', 'pending')]).execute()

    await ctx.migrateToLatest()

    const hashes = await ctx.db.selectFrom('newsletter_recipients').select(['id', 'unsubscribe_token_hash']).orderBy('id').execute()
    expect(hashes).toEqual([
      { id: 'nlr_ada', unsubscribe_token_hash: sha256('un_adasentlink') },
      { id: 'nlr_bob', unsubscribe_token_hash: sha256('un_bobwaiting') },
    ])
    // The link ada got before the upgrade: its page asks, its button opts her out.
    const asks = await ctx.app.request('/v1/unsubscribe/un_adasentlink')
    expect([asks.status, await asks.text()]).toEqual([200, expect.stringContaining('Stop receiving newsletter emails from Acme?')])
    expect((await ctx.app.request('/v1/unsubscribe/un_adasentlink', { method: 'POST' })).status).toBe(200)
    expect(await optedOut(ada)).toBe(true)
    // A wrong token, and the stored hash itself presented as a token, are refused.
    for (const wrong of ['un_adasentlinx', sha256('un_adasentlink')]) {
      expect((await ctx.app.request(`/v1/unsubscribe/${wrong}`)).status).toBe(404)
      expect((await ctx.app.request(`/v1/unsubscribe/${wrong}`, { method: 'POST' })).status).toBe(404)
    }

    // bob's email, waiting over the upgrade, goes out with the link his recipient row can still be found by.
    expect(await deliver()).toEqual({ attempted: 1, sent: 1, failed: 0 })
    expect(sent.map((m) => [m.to, m.headers?.['List-Unsubscribe']])).toEqual([['bob@partners.test', `<${PUBLIC_URL}/v1/unsubscribe/un_bobwaiting>`]])
    expect(await optedOut(bob)).toBe(false)
    expect((await ctx.app.request('/v1/unsubscribe/un_bobwaiting', { method: 'POST' })).status).toBe(200)
    expect(await optedOut(bob)).toBe(true)
    // Sent, the email keeps no token; no row holds one as sent.
    expect((await storedText()).filter((v) => v.includes('un_'))).toEqual([])
  })

  it('runs again after stopping half-way (SQLite migrates outside a transaction), and drops the bodies of emails already gone', async () => {
    const partner = async (email: string) => ((await (await api('/v1/partners', 'POST', { email })).json()) as { id: string }).id
    const [ada, bob] = [await partner('ada@partners.test'), await partner('bob@partners.test')]
    const db = ctx.db as unknown as Kysely<any>
    const at = '2026-11-01T09:00:00.000Z'
    await db.insertInto('newsletters').values({ id: 'nl_1', program_id: programId, subject: 'News', body: 'Hello', format: 'text', audience: '{"all":true}', status: 'sent', recipient_count: 2, created_by: null, created_at: at, sent_at: at }).execute()
    const recipient = (id: string, partnerId: string, email: string, token: string) =>
      ({ id, program_id: programId, newsletter_id: 'nl_1', partner_id: partnerId, email, status: 'sent', error: null, unsubscribe_token: token, read_at: null, sent_at: at, created_at: at })
    await db.insertInto('newsletter_recipients').values([recipient('nlr_ada', ada, 'ada@partners.test', 'un_ada'), recipient('nlr_bob', bob, 'bob@partners.test', 'un_bob')]).execute()
    // An invitation sent before bodies were dropped on sending: its body still holds its link.
    await db.insertInto('email_outbox').values({
      id: 'eml_inv', program_id: programId, partner_id: ada, kind: 'invitation', recipient_id: null, notice_id: null, to_address: 'ada@partners.test', subject: 'Join', text_body: 'Join: http://afflio.test/invite/inv_secret',
      html_body: '<a href="http://afflio.test/invite/inv_secret">Join</a>', headers: null, status: 'sent', attempts: 1, next_attempt_at: null, last_error: null, sent_at: at, created_at: at,
    }).execute()
    // 0060 stopped after hashing ada's token: its column added and renamed, bob's token still plain.
    await db.schema.alterTable('email_outbox').addColumn('unsubscribe_token', 'text').execute()
    await db.schema.alterTable('newsletter_recipients').renameColumn('unsubscribe_token', 'unsubscribe_token_hash').execute()
    await db.updateTable('newsletter_recipients').set({ unsubscribe_token_hash: sha256('un_ada') }).where('id', '=', 'nlr_ada').execute()

    await ctx.migrateToLatest()

    expect(await db.selectFrom('newsletter_recipients').select(['id', 'unsubscribe_token_hash']).orderBy('id').execute()).toEqual([
      { id: 'nlr_ada', unsubscribe_token_hash: sha256('un_ada') },
      { id: 'nlr_bob', unsubscribe_token_hash: sha256('un_bob') },
    ])
    for (const token of ['un_ada', 'un_bob']) expect((await ctx.app.request(`/v1/unsubscribe/${token}`)).status).toBe(200)
    expect(await db.selectFrom('email_outbox').select(['text_body', 'html_body']).where('id', '=', 'eml_inv').executeTakeFirst()).toEqual({ text_body: null, html_body: null })
  })

  it('a newsletter sent now: the database holds each token only as its hash, the email holds the token', async () => {
    await ctx.migrateToLatest()
    const ada = ((await (await api('/v1/partners', 'POST', { email: 'ada@partners.test' })).json()) as { id: string }).id
    const nl = (await (await api('/v1/newsletters', 'POST', { subject: 'News', body: 'Hello', audience: { all: true } })).json()) as { id: string }
    expect((await api(`/v1/newsletters/${nl.id}/send`, 'POST')).status).toBeLessThan(300)
    // Waiting: neither the recipient nor the waiting email shows the token.
    expect((await storedText()).filter((v) => /un_[0-9a-z]/.test(v))).toEqual([])

    expect(await deliver()).toMatchObject({ sent: 1 })
    const token = /\/v1\/unsubscribe\/(un_[0-9a-z]+)>$/.exec(sent[0]!.headers!['List-Unsubscribe']!)![1]!
    expect((await ctx.db.selectFrom('newsletter_recipients').select('unsubscribe_token_hash').executeTakeFirstOrThrow()).unsubscribe_token_hash).toBe(sha256(token))
    expect((await storedText()).filter((v) => v.includes(token))).toEqual([])
    expect((await ctx.app.request(`/v1/unsubscribe/${token}x`, { method: 'POST' })).status).toBe(404)
    expect(await optedOut(ada)).toBe(false)
    expect((await ctx.app.request(`/v1/unsubscribe/${token}`, { method: 'POST' })).status).toBe(200)
    expect(await optedOut(ada)).toBe(true)
  })
})
