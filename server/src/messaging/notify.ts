// Tells a partner something from the program: a system message in their thread (shown in the portal)
// and, unless turned off, the same by email through the outbox. Other areas call it inside their own
// transaction, so the notice exists if and only if the change does.
import type { Db, Tx } from '../kernel/db/connect.ts'
import { notificationEmail } from './email-content.ts'
import { notFound } from '../kernel/http/errors.ts'
import { findPartnerToNotify } from './queries.ts'
import { ensureThread, insertMessage } from './thread-queries.ts'
import { queueEmails } from './email-queries.ts'

export interface NotifyInput {
  programId: string
  partnerId: string
  /** one line: the email's subject and the message's title */
  subject: string
  /** plain text (escaped wherever it is shown) */
  body: string
  /** also email the partner (default true); transactional, so newsletter opt-outs do not apply */
  email?: boolean
}

/**
 * Posts a system message (sender 'program', no manager name) into the partner's thread and queues an
 * email to the partner. Returns the message id. Throws a 404 ApiError when the partner is not the program's.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.updateTable('partners').set({ status: 'active' }).where('id', '=', partnerId).execute()
 *   await notifyPartner(tx, { programId, partnerId, subject: 'Welcome aboard', body: 'Your application was approved.' }, now)
 * })
 */
export async function notifyPartner(tx: Tx | Db, input: NotifyInput, now: Date): Promise<{ messageId: string }> {
  const partner = await findPartnerToNotify(tx, input.programId, input.partnerId)
  if (!partner) throw notFound('Partner')
  const thread = await ensureThread(tx, input.programId, partner.id, now)
  const message = await insertMessage(tx, thread, { sender: 'program', sender_name: null, kind: 'notification', subject: input.subject, body: input.body }, now)
  if (input.email ?? true) {
    const content = notificationEmail({ programName: partner.program_name, subject: input.subject, body: input.body })
    await queueEmails(tx, [{ programId: input.programId, partnerId: partner.id, to: partner.email, kind: 'notification', content }], now)
  }
  return { messageId: message.id }
}
