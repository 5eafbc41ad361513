// The email outbox: an email is queued in the same transaction as what it reports, and the mail loop
// (deliver-emails.ts) sends it afterwards, so a rolled-back change never mails anyone.
import type { NoticeKind } from '@afflio/sdk/types'
import type { Insertable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { prepareInsert } from '../kernel/db/prepared.ts'
import type { EmailOutboxTable } from '../kernel/db/schema.ts'
import type { AfterTry } from '../kernel/retry-schedule.ts'
import { sealSecret } from '../kernel/secrets.ts'
import type { EmailContent } from './email-content.ts'
import { newId } from '../kernel/ids.ts'

export type QueuedEmail = {
  programId: string
  to: string
} & (
  /** prerendered; partnerId null for someone who is no partner (an applicant) */
  | { kind: 'notification'; partnerId: string | null; content: EmailContent }
  /**
   * rendered when sent, from the newsletter and the recipient (whose status follows this email); the
   * recipient's unsubscribe token, which it keeps only as a sha256, waits here encrypted
   */
  | { kind: 'newsletter'; partnerId: string; recipientId: string; unsubscribeToken: string }
  /** rendered when sent, from the notice (with the link that turns its kind off) */
  | { kind: 'notice'; partnerId: string; noticeId: string }
)

const emailColumns = [
  'id', 'program_id', 'partner_id', 'kind', 'recipient_id', 'notice_id', 'to_address', 'subject', 'text_body', 'html_body', 'headers', 'unsubscribe_token', 'status', 'attempts',
  'next_attempt_at', 'last_error', 'sent_at', 'created_at',
] as const
// Prepared (kernel/db/prepared.ts): every credited sale's notice queues one email.
const insertEmail = prepareInsert('email_outbox', emailColumns)

/** Queues the emails; their ids, in order. */
export async function queueEmails(tx: Tx | Db, emails: QueuedEmail[], now: Date): Promise<string[]> {
  const at = now.toISOString()
  const rows = emails.map((e): Insertable<EmailOutboxTable> => {
    const content = e.kind === 'notification' ? e.content : null
    return {
      id: newId('eml', now.getTime()),
      program_id: e.programId,
      partner_id: e.partnerId,
      kind: e.kind,
      recipient_id: e.kind === 'newsletter' ? e.recipientId : null,
      notice_id: e.kind === 'notice' ? e.noticeId : null,
      to_address: e.to,
      subject: content?.subject ?? null,
      // Encrypted at rest: a prerendered body can hold a secret until sent (an invitation's single-use link).
      text_body: sealSecret(tx, content?.text ?? null),
      html_body: sealSecret(tx, content?.html ?? null),
      headers: content && Object.keys(content.headers).length ? JSON.stringify(content.headers) : null,
      unsubscribe_token: e.kind === 'newsletter' ? sealSecret(tx, e.unsubscribeToken) : null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      sent_at: null,
      created_at: at,
    }
  })
  if (rows.length === 1) await insertEmail.execute(tx, rows[0]!)
  // Chunked: SQLite caps bound parameters per statement.
  else for (let i = 0; i < rows.length; i += 100) await tx.insertInto('email_outbox').values(rows.slice(i, i + 100)).execute()
  return rows.map((r) => r.id)
}

/**
 * Emails due (pending, next attempt reached), oldest first, with what sending needs: the program's name and
 * brand colour; for a newsletter email its newsletter and the partner's opt-out (its unsubscribe token is
 * the email's own, encrypted); for a notice email the notice.
 */
export function dueEmails(db: Db, now: Date, batch: number) {
  return db
    .selectFrom('email_outbox as e')
    .innerJoin('programs as p', 'p.id', 'e.program_id')
    .leftJoin('newsletter_recipients as r', 'r.id', 'e.recipient_id')
    .leftJoin('newsletters as n', 'n.id', 'r.newsletter_id')
    .leftJoin('email_optouts as o', (j) => j.onRef('o.program_id', '=', 'e.program_id').onRef('o.partner_id', '=', 'e.partner_id'))
    .leftJoin('notices as nt', 'nt.id', 'e.notice_id')
    .selectAll('e')
    .select(['p.name as program_name', 'p.brand_color', 'n.subject as n_subject', 'n.body as n_body', 'n.format as n_format', 'o.newsletters_at as opted_out_at'])
    .select(['nt.kind as notice_kind', 'nt.title as notice_title', 'nt.body as notice_body'])
    .where('e.status', '=', 'pending')
    .where('e.next_attempt_at', '<=', now.toISOString())
    .orderBy('e.next_attempt_at')
    .orderBy('e.id')
    .limit(batch)
    .execute()
}

export type DueEmail = Awaited<ReturnType<typeof dueEmails>>[number]

/**
 * Claims a due email by moving its next attempt to `until`, if it is still as read (a conditional update):
 * false when another deliverer has it.
 */
export async function claimEmail(db: Db, email: { id: string; next_attempt_at: string | null }, until: string): Promise<boolean> {
  const claimed = await db
    .updateTable('email_outbox')
    .set({ next_attempt_at: until })
    .where('id', '=', email.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', email.next_attempt_at)
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

/** What a finished email (sent, given up, cancelled) no longer keeps: its bodies and token can hold a secret. */
const cleared = { text_body: null, html_body: null, unsubscribe_token: null }

export async function cancelEmail(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('email_outbox').set({ status: 'cancelled', next_attempt_at: null, ...cleared }).where('id', '=', id).execute()
}

/** These emails are not sent if they still wait (an invitation replaced before its email left). */
export async function cancelWaitingEmails(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await tx.updateTable('email_outbox').set({ status: 'cancelled', next_attempt_at: null, ...cleared }).where('id', 'in', ids).where('status', '=', 'pending').execute()
}

/** A partner opted out of newsletters, or of one kind of notice: their emails of it still waiting are not sent. */
export async function cancelPendingEmails(tx: Tx, programId: string, partnerId: string, of: 'newsletter' | NoticeKind): Promise<void> {
  let q = tx
    .updateTable('email_outbox')
    .set({ status: 'cancelled', next_attempt_at: null, ...cleared })
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('status', '=', 'pending')
  if (of === 'newsletter') q = q.where('kind', '=', 'newsletter')
  else q = q.where('kind', '=', 'notice').where('notice_id', 'in', tx.selectFrom('notices').select('id').where('partner_id', '=', partnerId).where('kind', '=', of))
  await q.execute()
}

/**
 * Records a try: sent, pending again, or failed (kernel/retry-schedule.ts decides), with the last error.
 * A finished email (sent, or given up) keeps its subject but not its bodies or unsubscribe token: a
 * prerendered body can carry a secret (an invitation's single-use link, whose token is otherwise stored as
 * a sha256 only), a newsletter email's token opts its partner out, and nothing reads them once the email
 * will not be sent again. Notice and newsletter emails store no body (rendered when sent).
 */
export async function recordEmailTry(tx: Tx, id: string, step: AfterTry<'sent'>, error: string | null, sentAt: string | null): Promise<void> {
  const finished = step.status !== 'pending'
  await tx
    .updateTable('email_outbox')
    .set({ status: step.status, attempts: step.attempts, next_attempt_at: step.nextAttemptAt, last_error: error, sent_at: sentAt, ...(finished && cleared) })
    .where('id', '=', id)
    .execute()
}
