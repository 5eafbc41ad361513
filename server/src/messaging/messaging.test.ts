// Communication: threads and unread counts on both sides, what a partner's token can reach, newsletters
// (recipient snapshot, portal inbox, email through a real SMTP server started here, unsubscribe, retries),
// and notifyPartner. Through the SDK and HTTP against the real app and database.
import type { AddressInfo } from 'node:net'
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMailTransport, deliverEmails, type MailTransport, startMailLoop } from './deliver-emails.ts'
import { notifyPartner } from './notify.ts'
import { openSecret } from '../kernel/secrets.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

const PUBLIC_URL = 'http://afflio.test'
const FROM = 'Afflio <no-reply@afflio.test>'

describe.each(dialects)('messaging and newsletters on %s', (dialect) => {
  let ctx: TestContext
  let a: Afflio
  let aKey = ''
  let b: Afflio
  const ids = { alice: '', bob: '', dave: '', pat: '', carol: '' }

  // A local SMTP server: requires the URL's credentials, keeps every message, and can refuse recipients.
  let smtp: SMTPServer
  let transport: MailTransport
  const received: Array<{ to: string[]; mail: ParsedMail }> = []
  let refuse: { code: number; message: string } | null = null

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const portalFor = async (partnerId: string) => new AfflioPortal({ token: (await a.embedTokens.create({ partnerId })).token, baseUrl: PUBLIC_URL, fetch, maxRetries: 0 })
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
  const deliver = () => deliverEmails(ctx.db, { now: ctx.clock.now(), transport, from: FROM, publicUrl: PUBLIC_URL })
  const mailTo = (email: string) => received.filter((r) => r.to.includes(email)).map((r) => r.mail)
  const header = (mail: ParsedMail, name: string) =>
    mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '') ?? null

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    const pa = await ctx.createProgram({ name: 'Acme' })
    const pb = await ctx.createProgram({ name: 'Other' })
    aKey = pa.secretKey
    a = new Afflio({ secretKey: pa.secretKey, baseUrl: PUBLIC_URL, fetch, maxRetries: 0 })
    b = new Afflio({ secretKey: pb.secretKey, baseUrl: PUBLIC_URL, fetch, maxRetries: 0 })
    ids.alice = (await a.partners.create({ email: 'alice@partner.test', name: 'Alice', country: 'DE' })).id
    ids.bob = (await a.partners.create({ email: 'bob@partner.test', name: 'Bob', country: 'DE' })).id
    ids.dave = (await a.partners.create({ email: 'dave@partner.test', country: 'US' })).id
    ids.pat = (await a.partners.create({ email: 'pat@partner.test', country: 'DE' })).id
    await ctx.db.updateTable('partners').set({ status: 'pending' }).where('id', '=', ids.pat).execute()
    ids.carol = (await b.partners.create({ email: 'carol@partner.test' })).id

    smtp = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, cb) {
        if (auth.username === 'mailer' && auth.password === 's3cret') cb(null, { user: auth.username })
        else cb(new Error('bad credentials'))
      },
      onRcptTo(_address, _session, cb) {
        if (!refuse) return cb()
        cb(Object.assign(new Error(refuse.message), { responseCode: refuse.code }))
      },
      onData(stream, session, cb) {
        simpleParser(stream).then(
          (mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail })
            cb()
          },
          (err: Error) => cb(err),
        )
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
    const { port } = smtp.server.address() as AddressInfo
    transport = createMailTransport(`smtp://mailer:s3cret@127.0.0.1:${port}`)
  })

  afterAll(async () => {
    transport?.close?.()
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()))
    await ctx?.close()
  })

  beforeEach(() => {
    received.length = 0
    refuse = null
  })

  describe('threads', () => {
    it('counts unread messages on both sides', async () => {
      const hello = await a.threads.send(ids.alice, { body: 'Hi Alice, welcome!', senderName: 'Dana' })
      expect(hello).toMatchObject({ partnerId: ids.alice, sender: 'program', senderName: 'Dana', kind: 'message', body: 'Hi Alice, welcome!' })

      const alice = await portalFor(ids.alice)
      let inbox = await alice.messages.inbox()
      expect(inbox.unreadCount).toBe(1)
      expect(inbox.unread).toEqual({ messages: 1, newsletters: 0 })
      expect(inbox.messages.data.map((m) => m.body)).toEqual(['Hi Alice, welcome!'])

      ctx.clock.set('2026-11-01T12:01:00.000Z')
      const q1 = await alice.messages.send({ body: 'Thanks! One question…' })
      const q2 = await alice.messages.send({ body: 'Can I use coupons?' })
      expect(q2).toMatchObject({ sender: 'partner', senderName: null })
      // Replying marks the partner's side read.
      expect((await alice.messages.inbox()).unreadCount).toBe(0)

      let list = await a.threads.list()
      expect(list.unreadThreads).toBe(1)
      expect(list.data).toHaveLength(1)
      expect(list.data[0]).toMatchObject({ partner: { id: ids.alice, email: 'alice@partner.test', name: 'Alice' }, unreadCount: 2, partnerUnreadCount: 0 })
      expect(list.data[0]!.lastMessage!.id).toBe(q2.id)

      // Read up to the first question only: one stays unread.
      let thread = await a.threads.markRead(ids.alice, { upTo: q1.id })
      expect(thread.unreadCount).toBe(1)
      thread = await a.threads.markRead(ids.alice)
      expect(thread.unreadCount).toBe(0)
      expect(thread.programLastReadAt).toBe('2026-11-01T12:01:00.000Z')
      // A late read of an older message does not make anything unread again.
      expect((await a.threads.markRead(ids.alice, { upTo: hello.id })).unreadCount).toBe(0)
      expect((await a.threads.list({ unread: true })).data).toEqual([])

      const answer = await a.threads.send(ids.alice, { body: 'Yes, coupons count.' })
      inbox = await alice.messages.inbox()
      expect(inbox.unreadCount).toBe(1)
      expect((await a.threads.list()).data[0]!.partnerUnreadCount).toBe(1)
      expect((await alice.messages.markRead()).unreadCount).toBe(0)
      const page = await a.threads.messages(ids.alice, { limit: 2 })
      expect(page.data.map((m) => m.id)).toEqual([answer.id, q2.id])
      expect(page.thread.partnerLastReadAt).not.toBeNull()
      const older = await a.threads.messages(ids.alice, { limit: 2, cursor: page.nextCursor! })
      expect(older.data.map((m) => m.id)).toEqual([q1.id, hello.id])
      expect(older.nextCursor).toBeNull()
    })

    it('lists threads by newest activity, with a cursor', async () => {
      ctx.clock.set('2026-11-01T13:00:00.000Z')
      await a.threads.send(ids.bob, { body: 'Hi Bob' })
      const first = await a.threads.list({ limit: 1 })
      expect(first.data.map((t) => t.partner.id)).toEqual([ids.bob])
      const second = await a.threads.list({ limit: 1, cursor: first.nextCursor! })
      expect(second.data.map((t) => t.partner.id)).toEqual([ids.alice])
      expect(second.nextCursor).toBeNull()
      // A thread only looked at (no message yet) is not listed.
      expect((await a.threads.messages(ids.dave)).data).toEqual([])
      expect((await a.threads.list()).data).toHaveLength(2)
    })

    it("uses a console token's manager as the sender name", async () => {
      const { token } = await a.consoleTokens.create({ manager: 'dana@acme.test' })
      const res = await raw(`/v1/threads/${ids.bob}/messages`, token, { method: 'POST', body: JSON.stringify({ body: 'From the console', senderName: 'Someone else' }) })
      expect(res.status).toBe(201)
      expect(await res.json()).toMatchObject({ senderName: 'dana@acme.test' })
    })

    it("keeps a partner to their own thread, and programs to their own partners", async () => {
      const alice = await portalFor(ids.alice)
      const inbox = await alice.messages.inbox()
      expect(inbox.messages.data.every((m) => m.partnerId === ids.alice)).toBe(true)
      expect(inbox.messages.data.some((m) => m.body === 'Hi Bob')).toBe(false)

      // Naming another partner gets nowhere: the portal has no partner parameter.
      const token = alice.token
      const post = await raw('/v1/portal/messages', token, { method: 'POST', body: JSON.stringify({ body: 'sneaky', partnerId: ids.bob }) })
      expect(post.status).toBe(400)
      const get = await raw(`/v1/portal/messages?partnerId=${ids.bob}`, token)
      expect(get.status).toBe(200)
      expect(((await get.json()) as { messages: { data: Array<{ partnerId: string }> } }).messages.data.every((m) => m.partnerId === ids.alice)).toBe(true)
      // A partner's token is not a program credential.
      expect((await raw(`/v1/threads/${ids.bob}/messages`, token)).status).toBe(401)
      expect((await raw(`/v1/portal/threads/${ids.bob}/messages`, token)).status).toBe(404)
      // Marking read names only messages of one's own thread.
      const bobMessage = (await a.threads.messages(ids.bob)).data[0]!
      expect(await errorOf(alice.messages.markRead({ upTo: bobMessage.id }))).toMatchObject({ status: 404, code: 'not_found', field: 'upTo' })

      // Another program's key sees none of this program's partners.
      expect((await errorOf(b.threads.messages(ids.alice))).status).toBe(404)
      expect((await errorOf(b.threads.send(ids.alice, { body: 'hi' }))).status).toBe(404)
      expect((await b.threads.list()).data).toEqual([])
    })

    it("records that a manager messaged a partner, and who, in the audit log (not the text); a refused send records nothing", async () => {
      // A message goes out in the program's name: the log says who sent one to whom, the thread keeps what it said.
      const manager = new Afflio({ secretKey: (await a.consoleTokens.create({ manager: 'dana@acme.test' })).token, baseUrl: PUBLIC_URL, fetch, maxRetries: 0 })
      const entries = async () => (await a.auditLog.list({ action: 'message.sent', subjectId: ids.bob, limit: 100 })).data
      const earlier = (await entries()).length
      const sent = await manager.threads.send(ids.bob, { body: 'Audited hello' })
      expect((await errorOf(manager.threads.send(ids.bob, { body: '   ' }))).status).toBe(400)
      const log = await entries()
      expect(log).toHaveLength(earlier + 1)
      expect(log[0]).toMatchObject({ actor: { kind: 'console', id: 'dana@acme.test' }, subject: { type: 'partner', id: ids.bob }, before: null, after: { messageId: sent.id, senderName: 'dana@acme.test' } })
      expect(JSON.stringify(log)).not.toContain('Audited hello')
    })

    it('refuses bad input', async () => {
      const bad = async (p: Promise<unknown>, status = 400) => expect((await errorOf(p)).status).toBe(status)
      await bad(a.threads.send(ids.alice, { body: '   ' }))
      await bad(a.threads.send(ids.alice, { body: 'x'.repeat(5001) }))
      await bad(a.threads.send(ids.alice, {} as never))
      await bad(a.threads.send('prt_nope', { body: 'hi' }), 404)
      await bad(a.threads.markRead(ids.alice, { upTo: 'nope' }))
      const alice = await portalFor(ids.alice)
      await bad(alice.messages.send({ body: '' }))
      const res = await raw('/v1/portal/messages', alice.token, { method: 'POST', body: '{not json' })
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } })
    })
  })

  describe('newsletters', () => {
    it('refuses bad input', async () => {
      const bad = async (input: unknown) => {
        const e = await errorOf(a.newsletters.create(input as never))
        expect(e.status).toBe(400)
        expect(e.code).toBe('invalid_request')
      }
      const ok = { subject: 'Hi', body: 'Body', audience: { all: true } }
      await bad({ ...ok, subject: 'Two\nlines' })
      await bad({ ...ok, subject: '' })
      await bad({ ...ok, body: '' })
      await bad({ ...ok, format: 'html' })
      await bad({ subject: 'Hi', body: 'Body' })
      await bad({ ...ok, audience: { all: false } })
      await bad({ ...ok, audience: { partnerIds: [] } })
      // An id naming nothing in the program: 404 on its field (kernel/http/references.ts)
      expect(await errorOf(a.newsletters.create({ ...ok, audience: { partnerIds: [ids.carol] } }))).toMatchObject({ status: 404, code: 'not_found', field: 'audience.partnerIds' })
      expect(await errorOf(a.newsletters.create({ ...ok, audience: { segmentId: 'seg_000000000000000000000000' } }))).toMatchObject({ status: 404, code: 'not_found', field: 'audience.segmentId' })
      await bad({ ...ok, audience: { all: true, segmentId: 'seg_x' } })
      expect((await errorOf(a.newsletters.get('nl_nope'))).status).toBe(404)
      expect((await errorOf(a.newsletters.send('nl_nope'))).status).toBe(404)
      const carolOnly = await b.newsletters.create({ subject: 'B', body: 'b', audience: { all: true } })
      expect((await errorOf(a.newsletters.send(carolOnly.id))).status).toBe(404)
    })

    it('sends to all: snapshots recipients, fills the inbox, emails each partner with an unsubscribe link', async () => {
      ctx.clock.set('2026-11-02T09:00:00.000Z')
      await ctx.drain()
      await deliver() // the notices of the messages above: this test counts the newsletter's emails
      received.length = 0
      const draft = await a.newsletters.create({
        subject: 'November update',
        body: '# New rates\n\n**30%** on Pro. <script>alert(1)</script>\n\n- [Terms](https://acme.test/terms)',
        format: 'markdown',
        audience: { all: true },
      })
      expect(draft).toMatchObject({ status: 'draft', recipientCount: 0, sentAt: null, audience: { all: true } })

      const key = 'send-nov-update'
      // A partner's token cannot send it.
      expect((await raw(`/v1/newsletters/${draft.id}/send`, (await portalFor(ids.alice)).token, { method: 'POST' })).status).toBe(401)
      const sent = await a.newsletters.send(draft.id, { idempotencyKey: key })
      // Accepted partners only: pat (pending) is not in the audience.
      expect(sent).toMatchObject({ status: 'sent', sentAt: '2026-11-02T09:00:00.000Z', recipientCount: 3, delivery: { pending: 3, sent: 0, failed: 0, unsubscribed: 0 } })
      // A retry with the same key replays; a new send is a conflict.
      expect(await a.newsletters.send(draft.id, { idempotencyKey: key })).toEqual(sent)
      const again = await errorOf(a.newsletters.send(draft.id))
      expect([again.status, again.code]).toEqual([409, 'conflict'])

      const alice = await portalFor(ids.alice)
      const inbox = await alice.messages.inbox()
      expect(inbox.unread.newsletters).toBe(1)
      expect(inbox.newsletterEmails).toBe(true)
      expect(inbox.newsletters.data).toHaveLength(1)
      const item = inbox.newsletters.data[0]!
      expect(item).toMatchObject({ id: draft.id, subject: 'November update', read: false, sentAt: '2026-11-02T09:00:00.000Z' })
      expect(item.html).toContain('<h1>New rates</h1>')
      expect(item.html).toContain('&lt;script&gt;')
      expect(item.html).not.toContain('<script>')
      expect((await (await portalFor(ids.bob)).messages.inbox()).newsletters.data).toHaveLength(1)

      expect(await deliver()).toEqual({ attempted: 3, sent: 3, failed: 0 })
      expect(await deliver()).toEqual({ attempted: 0, sent: 0, failed: 0 })
      expect(received.map((r) => r.to[0]).sort()).toEqual(['alice@partner.test', 'bob@partner.test', 'dave@partner.test'])
      const mail = mailTo('alice@partner.test')[0]!
      expect(mail.subject).toBe('November update')
      expect(mail.from?.value[0]).toEqual({ name: 'Acme', address: 'no-reply@afflio.test' })
      const listUnsubscribe = header(mail, 'List-Unsubscribe')!
      const link = /^<(http:\/\/afflio\.test\/v1\/unsubscribe\/un_[0-9a-z]+)>$/.exec(listUnsubscribe)?.[1]
      expect(link).toBeDefined()
      expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
      expect(mail.text).toContain(`Stop newsletter emails: ${link}`)
      expect(mail.html).toContain(`href="${link}"`)
      expect(mail.html).toContain('<strong>30%</strong>')
      expect(mail.html).not.toContain('<script>')
      // Each recipient has their own link.
      expect(header(mailTo('bob@partner.test')[0]!, 'List-Unsubscribe')).not.toBe(listUnsubscribe)

      const after = await a.newsletters.get(draft.id)
      expect(after.delivery).toEqual({ pending: 0, sent: 3, failed: 0, unsubscribed: 0 })
      const recipients = await a.newsletters.recipients(draft.id)
      expect(recipients.data.map((r) => [r.email, r.status, r.sentAt, r.error]).sort()).toEqual(
        ['alice@partner.test', 'bob@partner.test', 'dave@partner.test'].map((e) => [e, 'sent', '2026-11-02T09:00:00.000Z', null]).sort(),
      )
      expect((await a.newsletters.list()).data.map((n) => n.id)).toContain(draft.id)

      // Reading the inbox clears the newsletter's unread mark too.
      expect(await alice.messages.markRead()).toEqual({ unreadCount: 0, unread: { messages: 0, newsletters: 0 } })
      expect((await alice.messages.inbox()).newsletters.data[0]!.read).toBe(true)
      expect((await a.newsletters.recipients(draft.id)).data.find((r) => r.partnerId === ids.alice)!.readAt).not.toBeNull()

      // The link's page asks first and changes nothing (mail scanners open every link); its button POSTs,
      // as a mail client's one-click does; repeats are fine.
      const path = new URL(link!).pathname
      const asks = await ctx.app.request(path)
      expect([asks.status, await asks.text()]).toEqual([200, expect.stringMatching(/Stop receiving newsletter emails from Acme\?.*<form method="post">/)])
      expect((await alice.messages.inbox()).newsletterEmails).toBe(true)
      const page = await ctx.app.request(path, { method: 'POST' })
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('no longer receive newsletter emails from Acme')
      expect((await ctx.app.request(path, { method: 'POST' })).status).toBe(200)
      const bobLink = new URL(/<([^>]+)>/.exec(header(mailTo('bob@partner.test')[0]!, 'List-Unsubscribe')!)![1]!).pathname
      const oneClick = await ctx.app.request(bobLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
      expect(oneClick.status).toBe(200)
      expect((await ctx.app.request('/v1/unsubscribe/un_unknown')).status).toBe(404)
      expect((await alice.messages.inbox()).newsletterEmails).toBe(false)
    })

    it('stops emailing unsubscribed partners but keeps their inbox', async () => {
      ctx.clock.set('2026-11-03T09:00:00.000Z')
      const nl = await a.newsletters.create({ subject: 'Second', body: 'Plain <text> & more', audience: { all: true } })
      const sent = await a.newsletters.send(nl.id)
      expect(sent.delivery).toEqual({ pending: 1, sent: 0, failed: 0, unsubscribed: 2 })
      expect(await deliver()).toMatchObject({ sent: 1 })
      expect(received.map((r) => r.to[0])).toEqual(['dave@partner.test'])
      expect(received[0]!.mail.text).toContain('Plain <text> & more')
      expect(received[0]!.mail.html).toContain('Plain &lt;text&gt; &amp; more')

      const alice = await portalFor(ids.alice)
      expect((await alice.messages.inbox()).newsletters.data.map((n) => n.subject)).toEqual(['Second', 'November update'])
      expect((await alice.messages.inbox()).newsletters.data[0]!.html).toBe('<p>Plain &lt;text&gt; &amp; more</p>')

      // Unsubscribing between send and delivery cancels the waiting email.
      received.length = 0
      const third = await a.newsletters.send((await a.newsletters.create({ subject: 'Third', body: 'x', audience: { partnerIds: [ids.dave] } })).id)
      expect(third.delivery.pending).toBe(1)
      const dave = await portalFor(ids.dave)
      expect(await dave.messages.setPreferences({ newsletterEmails: false })).toEqual({ newsletterEmails: false })
      expect(await deliver()).toEqual({ attempted: 0, sent: 0, failed: 0 })
      expect(received).toEqual([])
      expect((await a.newsletters.get(third.id)).delivery).toMatchObject({ pending: 0, unsubscribed: 1 })

      // Opting back in from the portal: the next newsletter is emailed again.
      await alice.messages.setPreferences({ newsletterEmails: true })
      const fourth = await a.newsletters.send((await a.newsletters.create({ subject: 'Fourth', body: 'y', audience: { partnerIds: [ids.alice, ids.dave] } })).id)
      expect(fourth.delivery).toMatchObject({ pending: 1, unsubscribed: 1 })
      await deliver()
      expect(received.map((r) => r.to[0])).toEqual(['alice@partner.test'])
    })

    it('sends to a segment, evaluated at send', async () => {
      ctx.clock.set('2026-11-04T09:00:00.000Z')
      const seg = await a.segments.create({ name: 'Germany', definition: { conditions: [{ type: 'country', in: ['DE'] }] } })
      const nl = await a.newsletters.create({ subject: 'Hallo', body: 'Nur für DE', audience: { segmentId: seg.id } })
      const bobby = (await a.partners.create({ email: 'bobby@partner.test', country: 'DE' })).id
      const sent = await a.newsletters.send(nl.id)
      // pat is in the segment but pending: not an audience for newsletters.
      expect(sent.recipientCount).toBe(3)
      expect((await a.newsletters.recipients(nl.id)).data.map((r) => r.partnerId).sort()).toEqual([ids.alice, ids.bob, bobby].sort())
      expect((await (await portalFor(ids.dave)).messages.inbox()).newsletters.data.map((n) => n.subject)).not.toContain('Hallo')

      const empty = await a.segments.create({ name: 'Nowhere', definition: { conditions: [{ type: 'country', in: ['FR'] }] } })
      const none = await a.newsletters.create({ subject: 'Nobody', body: 'x', audience: { segmentId: empty.id } })
      expect((await errorOf(a.newsletters.send(none.id))).status).toBe(400)
      expect((await a.newsletters.get(none.id)).status).toBe('draft')
    })

    it('records who sent a newsletter, to whom and what it said, in the audit log; a refused send records nothing', async () => {
      // A send emails every partner of the audience from the program's address at once: it must name who did it.
      const manager = new Afflio({ secretKey: (await a.consoleTokens.create({ manager: 'dana@acme.test' })).token, baseUrl: PUBLIC_URL, fetch, maxRetries: 0 })
      const nl = await a.newsletters.create({ subject: 'Audited', body: 'Read me', audience: { partnerIds: [ids.alice, ids.bob] } })
      const sent = await manager.newsletters.send(nl.id)
      expect((await errorOf(manager.newsletters.send(nl.id))).status).toBe(409)
      const log = (await a.auditLog.list({ subjectType: 'newsletter', subjectId: nl.id })).data
      expect(log).toMatchObject([
        { action: 'newsletter.sent', actor: { kind: 'console', id: 'dana@acme.test' }, before: { status: 'draft' }, after: { status: 'sent', subject: 'Audited', audience: { partnerIds: [ids.alice, ids.bob] }, recipientCount: sent.recipientCount } },
      ])
    })

    it('retries a refused delivery with backoff, then records it failed with the error', async () => {
      await deliver() // the segment newsletter's emails, out of the way
      received.length = 0
      ctx.clock.set('2026-11-05T09:00:00.000Z')
      const nl = await a.newsletters.send((await a.newsletters.create({ subject: 'Flaky', body: 'z', audience: { partnerIds: [ids.alice] } })).id)
      refuse = { code: 451, message: 'Try again later' }
      expect(await deliver()).toEqual({ attempted: 1, sent: 0, failed: 1 })
      let r = (await a.newsletters.recipients(nl.id)).data[0]!
      expect(r.status).toBe('pending')
      expect(r.error).toContain('451')
      // Not due again before the backoff.
      expect((await deliver()).attempted).toBe(0)
      for (const minutes of [1, 5, 30, 120, 360]) {
        ctx.clock.set(new Date(ctx.clock.now().getTime() + minutes * 60_000).toISOString())
        expect(await deliver()).toMatchObject({ attempted: 1, failed: 1 })
      }
      r = (await a.newsletters.recipients(nl.id)).data[0]!
      expect(r).toMatchObject({ status: 'failed', sentAt: null })
      expect(r.error).toContain('Try again later')
      ctx.clock.set(new Date(ctx.clock.now().getTime() + 86_400_000).toISOString())
      expect((await deliver()).attempted).toBe(0)
      expect(received).toEqual([])
      expect((await a.newsletters.recipients(nl.id, { status: 'failed' })).data).toHaveLength(1)

      // A permanent refusal of the recipient fails at once.
      refuse = { code: 550, message: 'No such mailbox' }
      const nl2 = await a.newsletters.send((await a.newsletters.create({ subject: 'Bounce', body: 'z', audience: { partnerIds: [ids.alice] } })).id)
      expect(await deliver()).toMatchObject({ attempted: 1, failed: 1 })
      expect((await a.newsletters.get(nl2.id)).delivery).toMatchObject({ failed: 1, pending: 0 })
      expect((await a.newsletters.recipients(nl2.id)).data[0]!.error).toContain('550')
    })
  })

  describe('notifyPartner', () => {
    it('posts a system message and emails it, in the caller’s transaction', async () => {
      ctx.clock.set('2026-11-06T09:00:00.000Z')
      const programId = (await a.program.get()).id
      await ctx.db.transaction().execute((tx) =>
        notifyPartner(tx, { programId, partnerId: ids.dave, subject: 'Payout sent', body: 'We paid you $12.00 <via PayPal>.' }, ctx.clock.now()),
      )
      const dave = await portalFor(ids.dave)
      const inbox = await dave.messages.inbox()
      expect(inbox.messages.data[0]).toMatchObject({ sender: 'program', senderName: null, kind: 'notification', subject: 'Payout sent', body: 'We paid you $12.00 <via PayPal>.' })
      expect(inbox.unread.messages).toBe(1)
      // Transactional: sent even though dave opted out of newsletters.
      await deliver()
      const mail = mailTo('dave@partner.test')[0]!
      expect(mail.subject).toBe('Payout sent')
      expect(mail.html).toContain('&lt;via PayPal&gt;')
      // Its own kind's link (a program message), not the newsletters'.
      expect(header(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/afflio\.test\/v1\/unsubscribe\/n1\.prg_\w+\.prt_\w+\.message\.[\w-]{43}>$/)

      // email: false posts the message only; a rolled-back transaction leaves nothing.
      received.length = 0
      await notifyPartner(ctx.db, { programId, partnerId: ids.dave, subject: 'Quiet', body: 'in-app only', email: false }, ctx.clock.now())
      await ctx.db
        .transaction()
        .execute(async (tx) => {
          await notifyPartner(tx, { programId, partnerId: ids.dave, subject: 'Rolled back', body: 'never' }, ctx.clock.now())
          throw new Error('abort')
        })
        .catch(() => {})
      expect(await deliver()).toMatchObject({ attempted: 0 })
      expect((await dave.messages.inbox()).messages.data.map((m) => m.subject)).toEqual(['Quiet', 'Payout sent'])
      await expect(notifyPartner(ctx.db, { programId, partnerId: ids.carol, subject: 'x', body: 'y' }, ctx.clock.now())).rejects.toMatchObject({ status: 404 })
    })

    it('is sent by the mail loop while it runs', async () => {
      const programId = (await a.program.get()).id
      const loop = startMailLoop(ctx.db, { transport, from: FROM, publicUrl: PUBLIC_URL, intervalMs: 20, now: ctx.clock.now })
      try {
        await notifyPartner(ctx.db, { programId, partnerId: ids.bob, subject: 'Loop', body: 'sent by the loop' }, ctx.clock.now())
        for (let i = 0; i < 200 && mailTo('bob@partner.test').length === 0; i++) await new Promise((r) => setTimeout(r, 20))
      } finally {
        await loop.stop()
      }
      expect(mailTo('bob@partner.test')[0]?.subject).toBe('Loop')
      expect(startMailLoop(ctx.db, { from: FROM, publicUrl: PUBLIC_URL })).toBeDefined() // no SMTP URL: email off, a no-op
    })
  })

  describe('a sent email', () => {
    it('keeps no invitation link once sent or given up: the token is stored as a sha256 only', async () => {
      // The invitation's own email (the clock stands still here, so ids do not order emails).
      const outboxOf = async (to: string) => {
        const inv = await ctx.db.selectFrom('partner_invitations').select('email_id').where('email', '=', to).orderBy('created_at', 'desc').executeTakeFirstOrThrow()
        return ctx.db.selectFrom('email_outbox').selectAll().where('id', '=', inv.email_id!).executeTakeFirstOrThrow()
      }
      const invite = async (partnerId: string) => expect((await raw(`/v1/partners/${partnerId}/invitation`, aKey, { method: 'POST', body: JSON.stringify({ acceptUrl: 'https://host.example/accept' }) })).status).toBe(201)

      await invite(ids.alice)
      // Waiting to be sent, the email holds its link encrypted (the deployment's key): the mail loop sends it from there.
      const waiting = await outboxOf('alice@partner.test')
      expect(JSON.stringify(waiting)).not.toContain('inv_')
      expect([waiting.text_body, waiting.html_body]).toEqual([expect.stringMatching(/^v1:/), expect.stringMatching(/^v1:/)])
      expect(openSecret(ctx.db, waiting.text_body!)).toMatch(/accept\?invitation=inv_/)
      expect(openSecret(ctx.db, waiting.html_body!)).toMatch(/accept\?invitation=inv_/)
      await deliver()
      const link = /https:\/\/host\.example\/accept\?invitation=(inv_\w+)/.exec(mailTo('alice@partner.test').at(-1)!.text!)
      expect(link).not.toBeNull()
      expect(mailTo('alice@partner.test').at(-1)!.html).toContain(`https://host.example/accept?invitation=${link![1]}`)
      const sent = await outboxOf('alice@partner.test')
      expect(sent).toMatchObject({ status: 'sent', subject: 'You are invited to the Acme partner program', text_body: null, html_body: null })
      expect(JSON.stringify(sent)).not.toContain('inv_')
      // The link in the partner's inbox still works.
      expect((await raw('/v1/invitations/accept', aKey, { method: 'POST', body: JSON.stringify({ token: link![1], externalId: 'user_alice' }) })).status).toBe(200)

      // Refused for good: given up, and nothing kept either.
      refuse = { code: 550, message: 'No such mailbox' }
      await invite(ids.bob)
      await deliver()
      expect(await outboxOf('bob@partner.test')).toMatchObject({ status: 'failed', text_body: null, html_body: null })
    })
  })
})
