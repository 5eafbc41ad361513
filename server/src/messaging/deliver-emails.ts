// Sends the email outbox over SMTP (nodemailer): due emails are claimed with a lease, sent, and marked
// sent, retried with backoff, or failed; a newsletter recipient's status follows its email.
import nodemailer from 'nodemailer'
import { startOutboxLoop } from '../kernel/outbox-loop.ts'
import type { Db } from '../kernel/db/connect.ts'
import { afterTry, leaseEnd } from '../kernel/retry-schedule.ts'
import { openSecret } from '../kernel/secrets.ts'
import { EMAIL_BACKOFF, fromHeader, newsletterEmail, noticeEmail, unsubscribeUrl } from './email-content.ts'
import { cancelEmail, claimEmail, dueEmails, recordEmailTry } from './email-queries.ts'
import { markRecipientUnsubscribed, recordRecipientTry } from './newsletter-queries.ts'
import { KIND_WORDS } from './notice-rules.ts'
import { noticeUnsubscribeToken } from './unsubscribe.ts'

/** What the deliverer needs of a transport: nodemailer's `sendMail`. */
export interface MailTransport {
  sendMail(mail: {
    from: { name: string; address: string } | string
    to: string
    subject: string
    text: string
    html?: string
    headers?: Record<string, string>
    /** `<outbox row id@afflio>`: a send repeated after a crash (before it was marked sent) is recognisably the same email */
    messageId?: string
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
 * newsletter and its unsubscribe token (encrypted in the email's row); one for a partner who has since unsubscribed is
 * cancelled instead. A notice email is rendered now too, with a signed link that turns its kind off.
 * A recipient the server refuses for good (5xx to RCPT TO) fails at once; other
 * errors are retried with backoff (EMAIL_BACKOFF), then fail with the last error.
 */
export async function deliverEmails(db: Db, opts: DeliverEmailsOptions): Promise<DeliverEmailsResult> {
  const due = await dueEmails(db, opts.now, opts.batch ?? 10)
  const outcomes = await Promise.all(
    due.map(async (d): Promise<'sent' | 'failed' | 'skipped'> => {
      if (!(await claimEmail(db, d, leaseEnd(opts.now, LEASE_MS)))) return 'skipped' // another deliverer has it
      // A stored body or token no configured key decrypts: this try fails (retried: the key may be restored).
      let unreadable: string | null = null
      const opened = (stored: string | null): string | null => {
        try {
          return openSecret(db, stored)
        } catch (err) {
          unreadable = (err as Error).message
          return null
        }
      }

      let mail: { subject: string; text: string; html: string | null; headers: Record<string, string> }
      if (d.kind === 'newsletter') {
        if (d.opted_out_at || !d.unsubscribe_token) {
          await db.transaction().execute(async (tx) => {
            await cancelEmail(tx, d.id)
            if (d.recipient_id) await markRecipientUnsubscribed(tx, d.recipient_id)
          })
          return 'skipped'
        }
        const content = newsletterEmail({
          programName: d.program_name,
          brandColor: d.brand_color,
          subject: d.n_subject!,
          body: d.n_body!,
          format: d.n_format!,
          unsubscribeUrl: unsubscribeUrl(opts.publicUrl, opened(d.unsubscribe_token) ?? ''),
        })
        mail = content
      } else if (d.kind === 'notice') {
        const kind = d.notice_kind!
        const token = noticeUnsubscribeToken(db, { programId: d.program_id, partnerId: d.partner_id!, kind })
        mail = noticeEmail({
          programName: d.program_name,
          brandColor: d.brand_color,
          title: d.notice_title!,
          body: d.notice_body!,
          kindWords: KIND_WORDS[kind],
          unsubscribeUrl: unsubscribeUrl(opts.publicUrl, token),
        })
      } else {
        // A prerendered email's bodies are encrypted at rest (queueEmails): an invitation's holds its link.
        mail = { subject: d.subject ?? '', text: opened(d.text_body) ?? '', html: opened(d.html_body), headers: d.headers ? (JSON.parse(d.headers) as Record<string, string>) : {} }
      }

      let error: string | null = null
      let permanent = false
      try {
        if (unreadable !== null) throw new Error(unreadable)
        await opts.transport.sendMail({
          from: fromHeader(opts.from, d.program_name),
          to: d.to_address,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          headers: mail.headers,
          messageId: `<${d.id}@afflio>`,
        })
      } catch (err) {
        const e = err as { message?: string; command?: string; responseCode?: number }
        error = (e.message ?? String(err)).slice(0, ERROR_TEXT)
        permanent = e.command === 'RCPT TO' && typeof e.responseCode === 'number' && e.responseCode >= 500
      }

      const outcome = error === null ? 'ok' : permanent ? 'failed_for_good' : 'failed'
      const step = afterTry({ backoff: EMAIL_BACKOFF, attempts: Number(d.attempts), outcome, now: opts.now, done: 'sent' })
      const sentAt = error === null ? opts.now.toISOString() : null
      await db.transaction().execute(async (tx) => {
        await recordEmailTry(tx, d.id, step, error, sentAt)
        if (d.recipient_id) await recordRecipientTry(tx, d.recipient_id, step.status, error, sentAt)
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
