// The email outbox: an email is queued in the same transaction as what it reports, and the mail loop
// (deliver-emails.ts) sends it afterwards, so a rolled-back change never mails anyone.
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { EmailContent } from './email-content.ts'
import { newId } from '../kernel/ids.ts'

export type QueuedEmail = {
  programId: string
  partnerId: string
  to: string
} & (
  | { kind: 'notification'; content: EmailContent }
  /** rendered when sent, from the newsletter and the recipient (whose status follows this email) */
  | { kind: 'newsletter'; recipientId: string }
)

export async function queueEmails(tx: Tx | Db, emails: QueuedEmail[], now: Date): Promise<void> {
  const at = now.toISOString()
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < emails.length; i += 100) {
    await tx
      .insertInto('email_outbox')
      .values(
        emails.slice(i, i + 100).map((e) => {
          const content = e.kind === 'notification' ? e.content : null
          return {
            id: newId('eml', now.getTime()),
            program_id: e.programId,
            partner_id: e.partnerId,
            kind: e.kind,
            recipient_id: e.kind === 'newsletter' ? e.recipientId : null,
            to_address: e.to,
            subject: content?.subject ?? null,
            text_body: content?.text ?? null,
            html_body: content?.html ?? null,
            headers: content && Object.keys(content.headers).length ? JSON.stringify(content.headers) : null,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: at,
            last_error: null,
            sent_at: null,
            created_at: at,
          }
        }),
      )
      .execute()
  }
}
