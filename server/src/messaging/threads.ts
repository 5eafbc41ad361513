// Message threads, program side and partner side. One thread per (program, partner); unread counts come
// from per-side read markers (message ids, which sort by time), so reading never races a new message.
import type { MarkReadInput, Message, MessagePage, PortalMessages, PortalUnread, SendMessageInput, Thread, ThreadPage } from '@afflio/sdk/types'
import type { ExpressionBuilder } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'
import { markdownToHtml, textToHtml } from '../kernel/markdown.ts'
import { badRequest, notFound } from '../kernel/http/errors.ts'
import { ensureThread, type MessageRow, type ThreadRow, insertMessage } from './queries.ts'
import type { PortalSession } from '../portal/index.ts'

export function toMessage(r: MessageRow): Message {
  return { id: r.id, partnerId: r.partner_id, sender: r.sender, senderName: r.sender_name, kind: r.kind, subject: r.subject, body: r.body, createdAt: r.created_at }
}

type Side = 'program' | 'partner'
const other = (side: Side): Side => (side === 'program' ? 'partner' : 'program')

/** Messages from the other side after this side's read marker: a correlated count, or (for exists) the rows. */
function unreadMessages(side: Side, eb: ExpressionBuilder<Database & { t: Database['message_threads'] }, 't'>) {
  const marker = side === 'program' ? 't.program_last_read_seq' : 't.partner_last_read_seq'
  return eb
    .selectFrom('messages as m')
    .whereRef('m.thread_id', '=', 't.id')
    .where('m.sender', '=', other(side))
    .whereRef('m.seq', '>', marker)
}
const unreadCount = (side: Side) => (eb: ExpressionBuilder<Database & { t: Database['message_threads'] }, 't'>) =>
  unreadMessages(side, eb).select((e) => e.fn.countAll<number>().as('n'))
const hasUnread = (side: Side) => (eb: ExpressionBuilder<Database & { t: Database['message_threads'] }, 't'>) =>
  eb.exists(unreadMessages(side, eb).select('m.id'))

interface ThreadListRow extends ThreadRow {
  partner_email: string
  partner_name: string | null
  unread: number | string | null
  partner_unread: number | string | null
}

function threadQuery(db: Db | Tx, programId: string) {
  return db
    .selectFrom('message_threads as t')
    .innerJoin('partners as p', 'p.id', 't.partner_id')
    .selectAll('t')
    .select(['p.email as partner_email', 'p.name as partner_name'])
    .select((eb) => [unreadCount('program')(eb).as('unread'), unreadCount('partner')(eb).as('partner_unread')])
    .where('t.program_id', '=', programId)
}

async function toThreads(db: Db | Tx, rows: ThreadListRow[]): Promise<Thread[]> {
  const lastIds = rows.map((r) => r.last_message_id).filter((id): id is string => id !== null)
  const last = lastIds.length ? await db.selectFrom('messages').selectAll().where('id', 'in', lastIds).execute() : []
  const byId = new Map(last.map((m) => [m.id, toMessage(m)]))
  return rows.map((r) => ({
    id: r.id,
    partner: { id: r.partner_id, email: r.partner_email, name: r.partner_name },
    lastMessage: (r.last_message_id && byId.get(r.last_message_id)) || null,
    unreadCount: Number(r.unread),
    partnerUnreadCount: Number(r.partner_unread),
    programLastReadAt: r.program_last_read_at,
    partnerLastReadAt: r.partner_last_read_at,
    createdAt: r.created_at,
  }))
}

async function loadThread(db: Db | Tx, programId: string, threadId: string): Promise<Thread> {
  const row = await threadQuery(db, programId).where('t.id', '=', threadId).executeTakeFirstOrThrow()
  return (await toThreads(db, [row]))[0]!
}

async function partnerOf(db: Db | Tx, programId: string, partnerId: string) {
  const p = await db.selectFrom('partners').select(['id', 'status']).where('id', '=', partnerId).where('program_id', '=', programId).executeTakeFirst()
  if (!p) throw notFound('Partner')
  return p
}

// ---- Program side ---------------------------------------------------------------------------------

/** Threads with at least one message, newest activity first; the cursor is the last thread's last message id. */
export async function listThreads(db: Db, programId: string, q: { cursor?: string | undefined; limit: number; unread?: boolean | undefined }): Promise<ThreadPage> {
  let query = threadQuery(db, programId).where('t.last_message_id', 'is not', null)
  if (q.unread) query = query.where(hasUnread('program'))
  if (q.cursor) query = query.where('t.last_message_id', '<', q.cursor)
  const rows = await query.orderBy('t.last_message_id', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  const unreadThreads = await db
    .selectFrom('message_threads as t')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.program_id', '=', programId)
    .where(hasUnread('program'))
    .executeTakeFirstOrThrow()
  return { data: await toThreads(db, page), nextCursor: more ? page[page.length - 1]!.last_message_id : null, unreadThreads: Number(unreadThreads.n) }
}

/** The partner's thread (created on first look) and a page of its messages, newest first. */
export async function listThreadMessages(db: Db, programId: string, partnerId: string, q: { cursor?: string | undefined; limit: number }, now: Date): Promise<MessagePage> {
  await partnerOf(db, programId, partnerId)
  const thread = await ensureThread(db, programId, partnerId, now)
  const page = await messagesPage(db, thread.id, q)
  return { ...page, thread: await loadThread(db, programId, thread.id) }
}

/** A program message; sending marks the thread read for the program up to it. */
export async function sendProgramMessage(db: Db, programId: string, partnerId: string, input: SendMessageInput, senderName: string | null, now: Date): Promise<Message> {
  return db.transaction().execute(async (tx) => {
    await partnerOf(tx, programId, partnerId)
    const thread = await ensureThread(tx, programId, partnerId, now)
    const row = await insertMessage(tx, thread, { sender: 'program', sender_name: senderName, kind: 'message', subject: null, body: input.body }, now)
    await moveMarker(tx, thread, 'program', row.seq, now)
    return toMessage(row)
  })
}

export async function markProgramRead(db: Db, programId: string, partnerId: string, input: MarkReadInput, now: Date): Promise<Thread> {
  return db.transaction().execute(async (tx) => {
    await partnerOf(tx, programId, partnerId)
    const thread = await ensureThread(tx, programId, partnerId, now)
    await markRead(tx, thread, 'program', input.upTo, now)
    return loadThread(tx, programId, thread.id)
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
  const messages = await messagesPage(db, thread.id, q)
  let nq = db
    .selectFrom('newsletter_recipients as r')
    .innerJoin('newsletters as n', 'n.id', 'r.newsletter_id')
    .select(['r.id as recipient_id', 'r.read_at', 'n.id', 'n.subject', 'n.body', 'n.format', 'n.sent_at'])
    .where('r.program_id', '=', program.id)
    .where('r.partner_id', '=', partner.id)
  if (q.newslettersCursor) nq = nq.where('r.id', '<', q.newslettersCursor)
  const rows = await nq.orderBy('r.id', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  const [unread, optout] = await Promise.all([
    portalUnread(db, session),
    db.selectFrom('email_optouts').select('partner_id').where('program_id', '=', program.id).where('partner_id', '=', partner.id).executeTakeFirst(),
  ])
  return {
    ...unread,
    messages,
    newsletters: {
      data: page.map((n) => ({
        id: n.id,
        subject: n.subject,
        body: n.body,
        format: n.format,
        html: n.format === 'markdown' ? markdownToHtml(n.body) : textToHtml(n.body),
        sentAt: n.sent_at!,
        read: n.read_at !== null,
      })),
      nextCursor: more ? page[page.length - 1]!.recipient_id : null,
    },
    newsletterEmails: !optout,
  }
}

/** The partner's message; sending marks the thread read for the partner up to it. */
export async function sendPartnerMessage(db: Db, session: PortalSession, input: SendMessageInput, now: Date): Promise<Message> {
  return db.transaction().execute(async (tx) => {
    const thread = await ensureThread(tx, session.program.id, session.partner.id, now)
    const row = await insertMessage(tx, thread, { sender: 'partner', sender_name: null, kind: 'message', subject: null, body: input.body }, now)
    await moveMarker(tx, thread, 'partner', row.seq, now)
    return toMessage(row)
  })
}

/** Marks the thread read (up to `upTo`, default all) and every newsletter in the inbox. */
export async function markPartnerRead(db: Db, session: PortalSession, input: MarkReadInput, now: Date): Promise<PortalUnread> {
  await db.transaction().execute(async (tx) => {
    const thread = await ensureThread(tx, session.program.id, session.partner.id, now)
    await markRead(tx, thread, 'partner', input.upTo, now)
    await tx
      .updateTable('newsletter_recipients')
      .set({ read_at: now.toISOString() })
      .where('program_id', '=', session.program.id)
      .where('partner_id', '=', session.partner.id)
      .where('read_at', 'is', null)
      .execute()
  })
  return portalUnread(db, session)
}

export async function portalUnread(db: Db | Tx, session: PortalSession): Promise<PortalUnread> {
  const { program, partner } = session
  const [messages, newsletters] = await Promise.all([
    db
      .selectFrom('message_threads as t')
      .select((eb) => unreadCount('partner')(eb).as('n'))
      .where('t.program_id', '=', program.id)
      .where('t.partner_id', '=', partner.id)
      .executeTakeFirst(),
    db
      .selectFrom('newsletter_recipients')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('program_id', '=', program.id)
      .where('partner_id', '=', partner.id)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  const unread = { messages: Number(messages?.n ?? 0), newsletters: Number(newsletters.n) }
  return { unreadCount: unread.messages + unread.newsletters, unread }
}

// ---- Shared ---------------------------------------------------------------------------------------

/** Newest first; the cursor is the last message's seq. */
async function messagesPage(db: Db | Tx, threadId: string, q: { cursor?: string | undefined; limit: number }) {
  let query = db.selectFrom('messages').selectAll().where('thread_id', '=', threadId)
  if (q.cursor !== undefined) {
    if (!/^\d{1,9}$/.test(q.cursor)) throw badRequest('cursor: not a cursor from this list', 'cursor')
    query = query.where('seq', '<', Number(q.cursor))
  }
  const rows = await query.orderBy('seq', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { data: page.map(toMessage), nextCursor: more ? String(page[page.length - 1]!.seq) : null }
}

async function markRead(tx: Tx, thread: ThreadRow, side: Side, upTo: string | undefined, now: Date) {
  let seq = Number(thread.message_count)
  if (upTo) {
    const found = await tx.selectFrom('messages').select('seq').where('id', '=', upTo).where('thread_id', '=', thread.id).executeTakeFirst()
    if (!found) throw badRequest('upTo: no such message in this thread', 'upTo')
    seq = Number(found.seq)
  }
  if (seq > 0) await moveMarker(tx, thread, side, seq, now)
}

/** Read markers only move forward: a late or replayed read never makes messages unread again. */
async function moveMarker(tx: Tx, thread: ThreadRow, side: Side, seq: number, now: Date) {
  const [seqCol, atCol] = side === 'program' ? (['program_last_read_seq', 'program_last_read_at'] as const) : (['partner_last_read_seq', 'partner_last_read_at'] as const)
  await tx
    .updateTable('message_threads')
    .set({ [seqCol]: seq, [atCol]: now.toISOString() })
    .where('id', '=', thread.id)
    .where(seqCol, '<', seq)
    .execute()
}
