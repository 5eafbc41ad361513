// Message threads, program side and partner side. One thread per (program, partner); unread counts come
// from per-side read markers (message ids, which sort by time), so reading never races a new message.
import type { MarkReadInput, Message, MessagePage, PortalMessages, PortalUnread, SendMessageInput, Thread, ThreadPage } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { notFound } from '../kernel/http/errors.ts'
import { findPartner } from './queries.ts'
import { hasOptedOut, inboxNewslettersPage, markNewslettersRead, unreadNewsletterCount } from './newsletter-queries.ts'
import {
  ensureThread,
  insertMessage,
  messageSeq,
  messagesPage,
  moveReadMarker,
  partnerUnreadMessageCount,
  type Side,
  threadById,
  threadsPage,
  type ThreadRow,
  toMessage,
  unreadThreadCount,
} from './thread-queries.ts'
import type { PortalSession } from '../portal/index.ts'
import { unknownReference } from '../kernel/http/references.ts'

async function partnerOf(db: Db | Tx, programId: string, partnerId: string) {
  const p = await findPartner(db, programId, partnerId)
  if (!p) throw notFound('Partner')
  return p
}

// ---- Program side ---------------------------------------------------------------------------------

/** Threads with at least one message, newest activity first; the cursor is the last thread's last message id. */
export async function listThreads(db: Db, programId: string, q: { cursor?: string | undefined; limit: number; unread?: boolean | undefined }): Promise<ThreadPage> {
  const page = await threadsPage(db, programId, q)
  return { ...page, unreadThreads: await unreadThreadCount(db, programId) }
}

/** The partner's thread (created on first look) and a page of its messages, newest first. */
export async function listThreadMessages(db: Db, programId: string, partnerId: string, q: { cursor?: string | undefined; limit: number }, now: Date): Promise<MessagePage> {
  await partnerOf(db, programId, partnerId)
  const thread = await ensureThread(db, programId, partnerId, now)
  const page = await messagesPage(db, thread.id, { beforeSeq: seqCursor(q.cursor), limit: q.limit })
  return { ...page, thread: await threadById(db, programId, thread.id) }
}

/**
 * A program message; sending marks the thread read for the program up to it, and the partner is told (reactions.ts).
 * The audit log records on the partner that it was sent and by whom (not its text: the thread keeps that).
 */
export async function sendProgramMessage(db: Db, programId: string, partnerId: string, input: SendMessageInput, senderName: string | null, audit: AuditContext): Promise<Message> {
  const now = audit.at
  return transact(db, async (tx) => {
    await partnerOf(tx, programId, partnerId)
    const thread = await ensureThread(tx, programId, partnerId, now)
    const row = await insertMessage(tx, thread, { sender: 'program', sender_name: senderName, kind: 'message', subject: null, body: input.body }, now)
    await moveReadMarker(tx, thread.id, 'program', row.seq, now)
    await recordEvent(tx, programId, 'message.posted', { messageId: row.id, partnerId, senderName, body: input.body }, now)
    await recordAudit(tx, programId, audit, { action: 'message.sent', subject: { type: 'partner', id: partnerId }, before: null, after: { messageId: row.id, senderName } })
    return toMessage(row)
  })
}

export async function markProgramRead(db: Db, programId: string, partnerId: string, input: MarkReadInput, now: Date): Promise<Thread> {
  return db.transaction().execute(async (tx) => {
    await partnerOf(tx, programId, partnerId)
    const thread = await ensureThread(tx, programId, partnerId, now)
    await markRead(tx, thread, 'program', input.upTo, now)
    return threadById(tx, programId, thread.id)
  })
}

// ---- Partner side (portal) ------------------------------------------------------------------------

export async function getPortalMessages(
  db: Db,
  session: PortalSession,
  q: { cursor?: string | undefined; newslettersCursor?: string | undefined; limit: number },
  now: Date,
): Promise<PortalMessages> {
  const { program, partner } = session
  const thread = await ensureThread(db, program.id, partner.id, now)
  const messages = await messagesPage(db, thread.id, { beforeSeq: seqCursor(q.cursor), limit: q.limit })
  const newsletters = await inboxNewslettersPage(db, program.id, partner.id, { cursor: q.newslettersCursor, limit: q.limit })
  const [unread, optedOut] = await Promise.all([portalUnread(db, session), hasOptedOut(db, program.id, partner.id)])
  return { ...unread, messages, newsletters, newsletterEmails: !optedOut }
}

/** The partner's message; sending marks the thread read for the partner up to it. */
export async function sendPartnerMessage(db: Db, session: PortalSession, input: SendMessageInput, now: Date): Promise<Message> {
  return db.transaction().execute(async (tx) => {
    const thread = await ensureThread(tx, session.program.id, session.partner.id, now)
    const row = await insertMessage(tx, thread, { sender: 'partner', sender_name: null, kind: 'message', subject: null, body: input.body }, now)
    await moveReadMarker(tx, thread.id, 'partner', row.seq, now)
    return toMessage(row)
  })
}

/** Marks the thread read (up to `upTo`, default all) and every newsletter in the inbox. */
export async function markPartnerRead(db: Db, session: PortalSession, input: MarkReadInput, now: Date): Promise<PortalUnread> {
  await db.transaction().execute(async (tx) => {
    const thread = await ensureThread(tx, session.program.id, session.partner.id, now)
    await markRead(tx, thread, 'partner', input.upTo, now)
    await markNewslettersRead(tx, session.program.id, session.partner.id, now.toISOString())
  })
  return portalUnread(db, session)
}

export async function portalUnread(db: Db | Tx, session: PortalSession): Promise<PortalUnread> {
  const { program, partner } = session
  const [messages, newsletters] = await Promise.all([partnerUnreadMessageCount(db, program.id, partner.id), unreadNewsletterCount(db, program.id, partner.id)])
  return { unreadCount: messages + newsletters, unread: { messages, newsletters } }
}

// ---- Shared ---------------------------------------------------------------------------------------

/** A messages cursor: the last message's seq (its form checked by the route's validator). */
const seqCursor = (cursor: string | undefined): number | undefined => (cursor === undefined ? undefined : Number(cursor))

async function markRead(tx: Tx, thread: ThreadRow, side: Side, upTo: string | undefined, now: Date) {
  let seq = Number(thread.message_count)
  if (upTo) {
    const found = await messageSeq(tx, thread.id, upTo)
    if (found === undefined) throw unknownReference('message', upTo, 'upTo', 'in this thread')
    seq = found
  }
  if (seq > 0) await moveReadMarker(tx, thread.id, side, seq, now)
}
