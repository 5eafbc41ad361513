// An email waiting in the outbox keeps its bodies encrypted (an invitation's holds its single-use link):
// one that waited over the upgrade is encrypted when `afflio serve` starts (a migration holds no key),
// `afflio rotate-secrets` re-encrypts waiting ones under a new key, and the email sent holds the link.
// On a SQLite file opened with given keys, as the server and the CLI open it.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { readEnv } from '../env.ts'
import type { Db } from '../kernel/db/connect.ts'
import { openSecret, rotateSecrets, secretBoxFor } from '../kernel/secrets.ts'
import { serve } from '../serve.ts'
import { ADMIN_TOKEN, keyedDatabaseFile } from '../testing.ts'
import { deliverEmails, type MailTransport } from './deliver-emails.ts'

describe('waiting emails encrypted at rest', () => {
  const k1 = randomBytes(32).toString('base64')
  const k2 = randomBytes(32).toString('hex')
  const now = () => new Date('2026-11-01T12:00:00Z')
  const { open } = keyedDatabaseFile('afflio-outbox-')
  const bodies = (db: Db) => db.selectFrom('email_outbox').select(['id', 'text_body', 'html_body']).where('status', '=', 'pending').orderBy('id').execute()

  it('encrypts a waiting body on insert and at the start of serve; rotate-secrets re-encrypts it; the email sent holds the link', async () => {
    let db = await open(k1)
    const app = createApp({ db, now, adminToken: ADMIN_TOKEN })
    const req = (path: string, token: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const created = (await (await req('/v1/admin/programs', ADMIN_TOKEN, { name: 'Acme', currency: 'USD' })).json()) as { secretKey: string; program: { id: string } }
    const partner = (await (await req('/v1/partners', created.secretKey, { email: 'ada@partners.test' })).json()) as { id: string }
    // SMTP_URL unset: the invitation waits in the outbox.
    expect((await req(`/v1/partners/${partner.id}/invitation`, created.secretKey, { acceptUrl: 'https://host.example/accept' })).status).toBe(201)
    // And one queued before bodies were encrypted: plain text, as the upgrade leaves it.
    const legacyLink = 'https://host.example/accept?invitation=inv_legacywaiting'
    await db
      .insertInto('email_outbox')
      .values({
        id: 'eml_legacy', program_id: created.program.id, partner_id: partner.id, kind: 'notification', recipient_id: null, notice_id: null, to_address: 'old@partners.test',
        subject: 'You are invited', text_body: `Accept the invitation: ${legacyLink}`, html_body: `<a href="${legacyLink}">Accept</a>`, headers: null, unsubscribe_token: null,
        status: 'pending', attempts: 0, next_attempt_at: now().toISOString(), last_error: null, sent_at: null, created_at: now().toISOString(),
      })
      .execute()
    const invited = (await bodies(db)).find((r) => r.id !== 'eml_legacy')!
    expect(JSON.stringify(invited)).not.toContain('inv_')
    expect(openSecret(db, invited.text_body)).toMatch(/https:\/\/host\.example\/accept\?invitation=inv_\w+/)

    // serve's start encrypts the legacy one (no SMTP: nothing is sent).
    const server = await serve(db, readEnv({ PORT: '0', HOST: '127.0.0.1' }))
    await server.close()
    const box1 = secretBoxFor(db)
    const started = await bodies(db)
    expect(started).toHaveLength(2)
    expect(JSON.stringify(started)).not.toContain('inv_')
    for (const r of started) for (const v of [r.text_body!, r.html_body!]) expect(box1.isCurrent(v)).toBe(true)
    await db.destroy()

    // A new key, the old one previous: rotate-secrets re-encrypts the waiting bodies under the new key.
    db = await open(k2, k1)
    expect((await rotateSecrets(db)).failed).toEqual([])
    const box2 = secretBoxFor(db)
    for (const r of await bodies(db)) for (const v of [r.text_body!, r.html_body!]) expect(box2.isCurrent(v)).toBe(true)
    await db.destroy()

    // The old key gone, the mail loop still reads them, and the emails sent hold their links.
    db = await open(k2)
    const sent: Array<{ to: string; text: string; html?: string }> = []
    const transport: MailTransport = { sendMail: async (m) => void sent.push({ to: m.to, text: m.text, ...(m.html && { html: m.html }) }) }
    expect(await deliverEmails(db, { now: now(), transport, from: 'no-reply@afflio.test', publicUrl: 'http://afflio.test' })).toEqual({ attempted: 2, sent: 2, failed: 0 })
    const byTo = Object.fromEntries(sent.map((m) => [m.to, m]))
    expect(byTo['old@partners.test']).toEqual({ to: 'old@partners.test', text: `Accept the invitation: ${legacyLink}`, html: `<a href="${legacyLink}">Accept</a>` })
    const link = /https:\/\/host\.example\/accept\?invitation=inv_\w+/.exec(byTo['ada@partners.test']!.text)![0]
    expect(byTo['ada@partners.test']!.html).toContain(link)
    expect(await bodies(db)).toEqual([])
    await db.destroy()
  })
})
