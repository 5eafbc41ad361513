// An invitation email into the outbox, in the caller's transaction: the mail loop sends it after the
// import commits, and never when it rolls back.
import type { Tx } from '../kernel/db/connect.ts'
import { invitationEmail } from './email-content.ts'
import { queueEmails } from './email-queries.ts'

export interface InvitationEmail {
  programId: string
  programName: string
  brandColor: string | null
  partnerId: string
  to: string
  name: string | null
  link: string
  expiresAt: string
}

/** Queues the invitation; the email's id (its delivery status is the outbox row's). */
export async function queueInvitationEmail(tx: Tx, e: InvitationEmail, now: Date): Promise<string> {
  const content = invitationEmail({ programName: e.programName, brandColor: e.brandColor, name: e.name, link: e.link, expiresAt: e.expiresAt })
  const [id] = await queueEmails(tx, [{ programId: e.programId, partnerId: e.partnerId, to: e.to, kind: 'notification', content }], now)
  return id!
}
