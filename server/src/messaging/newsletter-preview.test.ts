// A newsletter before it goes out: the preview as partners will receive it, and the test copy sent at once
// to the manager through a real SMTP server started here. Neither saves a newsletter nor queues an email.
import type { AddressInfo } from 'node:net'
import { Afflio, AfflioApiError } from '@afflio/sdk'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailTransport, type MailTransport } from './deliver-emails.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

const PUBLIC_URL = 'https://partners.acme.test'
const draft = { subject: 'May update', body: '# New plans\n- **30%** on Pro\n<script>x</script>', format: 'markdown' as const }

describe.each(dialects)('newsletter preview and test copy on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let smtp: SMTPServer
  let transport: MailTransport
  const received: Array<{ to: string[]; mail: ParsedMail }> = []
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: AfflioApiError) => ({ status: e.status, code: e.code, field: e.field }))

  beforeAll(async () => {
    smtp = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, session, cb) => void simpleParser(stream).then((mail) => cb(void received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail })), cb),
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
    transport = createMailTransport(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`)
    ctx = await createTestContext({ dialect, mail: { transport, from: 'Afflio <no-reply@afflio.test>', publicUrl: PUBLIC_URL } })
    afflio = new Afflio({ secretKey: (await ctx.createProgram({ name: 'Acme' })).secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  })
  afterAll(async () => {
    transport?.close?.()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    await ctx?.close()
  })

  it('renders the email as partners will receive it, in the program’s template, and saves nothing', async () => {
    const preview = await afflio.newsletters.preview(draft)
    expect(preview.subject).toBe('May update')
    expect(preview.html).toContain('<h1>New plans</h1>')
    expect(preview.html).toContain('<strong>30%</strong>')
    expect(preview.html).not.toContain('<script>')
    expect(preview.html).toContain('partner of Acme')
    expect(preview.html).toContain(`${PUBLIC_URL}/v1/unsubscribe/example`)
    expect(preview.text).toContain('- **30%** on Pro')
    // Plain text stays plain: the Markdown is not rendered
    expect((await afflio.newsletters.preview({ ...draft, format: 'text' })).html).not.toContain('<h1>')
    expect((await afflio.newsletters.list()).data).toEqual([])
    expect(await failure(afflio.newsletters.preview({ ...draft, body: '  ' }))).toMatchObject({ status: 400, field: 'body' })
  })

  it('sends a test copy to the console’s manager, or to the address given, at once', async () => {
    const { token } = await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
    const console = new Afflio({ secretKey: token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await console.newsletters.sendTest(draft)).toEqual({ to: 'dana@acme.test' })
    expect(await afflio.newsletters.sendTest({ ...draft, to: 'ops@acme.test' })).toEqual({ to: 'ops@acme.test' })
    expect(received.map((r) => [r.to, r.mail.subject])).toEqual([
      [['dana@acme.test'], '[Test] May update'],
      [['ops@acme.test'], '[Test] May update'],
    ])
    expect(received[0]!.mail.html).toContain('<strong>30%</strong>')
    // No newsletter and no outbox row: only the audit log's record of each copy, with its address
    expect((await afflio.newsletters.list()).data).toEqual([])
    expect(await ctx.db.selectFrom('email_outbox').select('id').execute()).toEqual([])
    const log = (await afflio.auditLog.list({ action: 'newsletter.test_sent' })).data
    expect(log.map((e) => [e.actor.kind, e.after])).toEqual([
      ['secret_key', { to: 'ops@acme.test', subject: 'May update' }],
      ['console', { to: 'dana@acme.test', subject: 'May update' }],
    ])
  })

  it('sends at most 10 test copies a program in any hour, whoever asks, then 429 with Retry-After', async () => {
    const keys = await ctx.createProgram({ name: 'Relay' })
    const owner = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const { token } = await owner.consoleTokens.create({ manager: 'eve@relay.test' })
    const console = new Afflio({ secretKey: token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const start = ctx.clock.now().getTime()
    const at = (minutes: number) => ctx.clock.set(new Date(start + minutes * 60_000).toISOString())
    const before = received.length
    for (let i = 0; i < 10; i++) {
      at(i) // one a minute: the first at 0, the tenth at 9
      await (i % 2 ? owner : console).newsletters.sendTest({ ...draft, to: `victim${i}@elsewhere.test` })
    }
    at(30)
    const refused = await ctx.app.request('/v1/newsletters/test', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...draft, to: 'victim10@elsewhere.test' }),
    })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe(String(30 * 60)) // the first copy leaves the hour at 60
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect(await failure(owner.newsletters.sendTest({ ...draft, to: 'ops@relay.test' }))).toMatchObject({ status: 429, code: 'rate_limited' })
    expect(received.length - before).toBe(10) // nothing went out past the cap
    // Another program's copies are its own
    expect(await afflio.newsletters.sendTest({ ...draft, to: 'ops@acme.test' })).toEqual({ to: 'ops@acme.test' })

    at(60) // the first copy has left the hour: room for one more, not two
    expect(await owner.newsletters.sendTest({ ...draft, to: 'ops@relay.test' })).toEqual({ to: 'ops@relay.test' })
    expect(await failure(owner.newsletters.sendTest({ ...draft, to: 'ops@relay.test' }))).toMatchObject({ status: 429 })
    const log = await owner.auditLog.list({ action: 'newsletter.test_sent', limit: 100 })
    expect(log.data.map((e) => e.after?.['to'])).toEqual(['ops@relay.test', ...Array.from({ length: 10 }, (_, i) => `victim${9 - i}@elsewhere.test`)])
    expect(log.data.at(-1)!.actor).toMatchObject({ kind: 'console', label: 'eve@relay.test' })
  })

  it('asks for an address when the caller has none on record, and says when no mail server is configured', async () => {
    expect(await failure(afflio.newsletters.sendTest(draft))).toMatchObject({ status: 400, code: 'invalid_request', field: 'to' })
    const { token } = await afflio.consoleTokens.create({ manager: 'user-42' })
    const console = new Afflio({ secretKey: token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await failure(console.newsletters.sendTest(draft))).toMatchObject({ status: 400, field: 'to' })
    expect(await failure(afflio.newsletters.sendTest({ ...draft, to: 'not an address' }))).toMatchObject({ status: 400, field: 'to' })

    const bare = await createTestContext({ dialect })
    try {
      const noMail = new Afflio({ secretKey: (await bare.createProgram({ name: 'Acme' })).secretKey, baseUrl: 'http://afflio.test', fetch: ((i: RequestInfo | URL, init?: RequestInit) => bare.app.request(i as string, init)) as typeof globalThis.fetch, maxRetries: 0 })
      expect(await failure(noMail.newsletters.sendTest({ ...draft, to: 'ops@acme.test' }))).toMatchObject({ status: 422, code: 'mail_not_configured' })
    } finally {
      await bare.close()
    }
  })
})
