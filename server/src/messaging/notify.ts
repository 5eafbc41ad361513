// Tells a partner something from the program: a system message in their thread (shown in the portal), a
// notice of its kind, and the same by email unless the partner turned that kind off. Other areas call it
// inside their own transaction, so the notice exists if and only if the change does.
import type { NoticeKind } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import { type NoticeInput, postNotice } from './notices.ts'
import { findPartnerToNotify } from './queries.ts'
import { ensureThread, insertMessage } from './thread-queries.ts'

/** A notice (notices.ts) with a subject for its thread message: its kind defaults to `message`. */
export type NotifyInput = Omit<NoticeInput, 'kind' | 'title'> & { kind?: NoticeKind; subject: string }

/**
 * Posts a system message (sender 'program', no manager name) into the partner's thread and a notice, and
 * queues an email to the partner unless they turned the kind off. Returns the message id. Throws a 404 ApiError when the partner is not the program's.
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
  const notice = { programId: input.programId, partnerId: partner.id, kind: input.kind ?? 'message', title: input.subject, body: input.body }
  await postNotice(tx, { ...notice, ...(input.email === undefined ? {} : { email: input.email }) }, now)
  return { messageId: message.id }
}
