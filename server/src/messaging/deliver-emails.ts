// Sends the email outbox over SMTP (nodemailer): due emails are claimed with a lease, sent, and marked
// sent, retried with backoff, or failed; a newsletter recipient's status follows its email.
import nodemailer from 'nodemailer'
import { startOutboxLoop } from '../kernel/outbox-loop.ts'
import type { Db } from '../kernel/db/connect.ts'
import { emailRetryDelayMs, fromHeader, newsletterEmail, unsubscribeUrl } from './email-content.ts'

/** What the deliverer needs of a transport: nodemailer's `sendMail`. */
export interface MailTransport {
  sendMail(mail: {
    from: { name: string; address: string } | string
    to: string
    subject: string
    text: string
    html?: string
    headers?: Record<string, string>
  }): Promise<unknown>
  close?(): void
}

export interface DeliverEmailsOptions {
  now: Date
  transport: MailTransport
  /** MAIL_FROM: `Name <address>` or an address; the program's name becomes the display name */
  from: string
  /** AFFLIO_PUBLIC_URL: the base of unsubscribe links */
  publicUrl: string
  /** Emails sent per call, in parallel. Default 10 */
  batch?: number
}

export interface DeliverEmailsResult {
  attempted: number
  sent: number
  /** failed this time (retried later, or given up) */
  failed: number
}

// A claimed email is not picked up by another deliverer for this long (it outlasts the SMTP timeouts below).
const LEASE_MS = 3 * 60_000
const ERROR_TEXT = 500

/** An SMTP transport from a URL (smtp://user:pass@host:port, smtps://…; `?pool=true` keeps connections open). */
export function createMailTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
}

/**
 * Sends due emails (pending, next attempt reached). A newsletter email is rendered now, from the
 * newsletter and its recipient's unsubscribe token; one for a partner who has since unsubscribed is
 * cancelled instead. A recipient the server refuses for good (5xx to RCPT TO) fails at once; other
 * errors are retried with backoff (emailRetryDelayMs), then fail with the last error.
 */
export async function deliverEmails(db: Db, opts: DeliverEmailsOptions): Promise<DeliverEmailsResult> {
  const at = opts.now.toISOString()
  const due = await db
    .selectFrom('email_outbox as e')
    .innerJoin('programs as p', 'p.id', 'e.program_id')
    .leftJoin('newsletter_recipients as r', 'r.id', 'e.recipient_id')
    .leftJoin('newsletters as n', 'n.id', 'r.newsletter_id')
    .leftJoin('email_optouts as o', (j) => j.onRef('o.program_id', '=', 'e.program_id').onRef('o.partner_id', '=', 'e.partner_id'))
    .selectAll('e')
    .select(['p.name as program_name', 'r.unsubscribe_token', 'n.subject as n_subject', 'n.body as n_body', 'n.format as n_format', 'o.newsletters_at as opted_out_at'])
    .where('e.status', '=', 'pending')
    .where('e.next_attempt_at', '<=', at)
    .orderBy('e.next_attempt_at')
    .orderBy('e.id')
    .limit(opts.batch ?? 10)
    .execute()

  const outcomes = await Promise.all(
    due.map(async (d): Promise<'sent' | 'failed' | 'skipped'> => {
      const claimed = await db
        .updateTable('email_outbox')
        .set({ next_attempt_at: new Date(opts.now.getTime() + LEASE_MS).toISOString() })
        .where('id', '=', d.id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', d.next_attempt_at)
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) return 'skipped' // another deliverer has it

      let mail: { subject: string; text: string; html: string | null; headers: Record<string, string> }
      if (d.kind === 'newsletter') {
        if (d.opted_out_at || !d.unsubscribe_token) {
          await db.transaction().execute(async (tx) => {
            await tx.updateTable('email_outbox').set({ status: 'cancelled', next_attempt_at: null }).where('id', '=', d.id).execute()
            if (d.recipient_id) await tx.updateTable('newsletter_recipients').set({ status: 'unsubscribed' }).where('id', '=', d.recipient_id).execute()
          })
          return 'skipped'
        }
        const content = newsletterEmail({
          programName: d.program_name,
          subject: d.n_subject!,
          body: d.n_body!,
          format: d.n_format!,
          unsubscribeUrl: unsubscribeUrl(opts.publicUrl, d.unsubscribe_token),
        })
        mail = content
      } else {
        mail = { subject: d.subject ?? '', text: d.text_body ?? '', html: d.html_body, headers: d.headers ? (JSON.parse(d.headers) as Record<string, string>) : {} }
      }

      let error: string | null = null
      let permanent = false
      try {
        await opts.transport.sendMail({
          from: fromHeader(opts.from, d.program_name),
          to: d.to_address,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          headers: mail.headers,
        })
      } catch (err) {
        const e = err as { message?: string; command?: string; responseCode?: number }
        error = (e.message ?? String(err)).slice(0, ERROR_TEXT)
        permanent = e.command === 'RCPT TO' && typeof e.responseCode === 'number' && e.responseCode >= 500
      }

      const attempts = Number(d.attempts) + 1
      const sentAt = opts.now.toISOString()
      const delay = error === null || permanent ? null : emailRetryDelayMs(attempts)
      const status = error === null ? 'sent' : delay === null ? 'failed' : 'pending'
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('email_outbox')
          .set({
            status,
            attempts,
            next_attempt_at: delay === null ? null : new Date(opts.now.getTime() + delay).toISOString(),
            last_error: error,
            sent_at: error === null ? sentAt : null,
          })
          .where('id', '=', d.id)
          .execute()
        if (d.recipient_id) {
          await tx
            .updateTable('newsletter_recipients')
            .set({ status, error, sent_at: error === null ? sentAt : null })
            .where('id', '=', d.recipient_id)
            .where('status', '=', 'pending') // an unsubscribe meanwhile wins
            .execute()
        }
      })
      return error === null ? 'sent' : 'failed'
    }),
  )
  return {
    attempted: outcomes.filter((o) => o !== 'skipped').length,
    sent: outcomes.filter((o) => o === 'sent').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  }
}

export interface MailLoop {
  stop(): Promise<void>
}

export interface MailLoopOptions {
  /** SMTP_URL; without it email is off and the loop does nothing */
  smtpUrl?: string | undefined
  from: string
  publicUrl: string
  intervalMs?: number
  batch?: number
  now?: () => Date
  /** Instead of one built from smtpUrl */
  transport?: MailTransport
  onError?: (err: unknown) => void
}

/**
 * Runs `deliverEmails` every `intervalMs` (default 5 s) until stopped; a tick that finds a full batch
 * runs again at once. Unref'd timer. Without an SMTP URL (or transport) it is a no-op: email is off.
 *
 * @example
 * const mail = startMailLoop(db, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, publicUrl: env.AFFLIO_PUBLIC_URL })
 * await mail.stop()
 */
export function startMailLoop(db: Db, opts: MailLoopOptions): MailLoop {
  const transport = opts.transport ?? (opts.smtpUrl ? createMailTransport(opts.smtpUrl) : null)
  if (!transport) return { stop: async () => {} }
  const interval = opts.intervalMs ?? 5_000
  const batch = opts.batch ?? 10
  const now = opts.now ?? (() => new Date())
  const loop = startOutboxLoop(
    async () => ({ full: (await deliverEmails(db, { now: now(), batch, transport, from: opts.from, publicUrl: opts.publicUrl })).attempted >= batch }),
    interval,
    opts.onError ?? ((e) => console.error('email delivery failed:', e)),
  )
  return {
    async stop() {
      await loop.stop()
      if (!opts.transport) transport.close?.()
    },
  }
}
