// Message threads and their messages: one thread per (program, partner), created on first use. Unread
// counts come from per-side read markers (message seqs), so reading never races a new message.
import type { Message, Page, Thread } from '@afflio/sdk/types'
import type { ExpressionBuilder, Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { Database, MessageTable, MessageThreadTable } from '../kernel/db/schema.ts'
import { newId } from '../kernel/ids.ts'

export type ThreadRow = Selectable<MessageThreadTable>
export type MessageRow = Selectable<MessageTable>
/** Whose messages and read marker: the program's (its managers) or the partner's. */
export type Side = 'program' | 'partner'

export function toMessage(r: MessageRow): Message {
  return { id: r.id, partnerId: r.partner_id, sender: r.sender, senderName: r.sender_name, kind: r.kind, subject: r.subject, body: r.body, createdAt: r.created_at }
}

/** The partner's thread, created when missing (a concurrent creator wins quietly: the insert does nothing). */
export async function ensureThread(tx: Tx | Db, programId: string, partnerId: string, now: Date): Promise<ThreadRow> {
  const found = await findThread(tx, programId, partnerId)
  if (found) return found
  await tx
    .insertInto('message_threads')
    .values({
      id: newId('thr', now.getTime()),
      program_id: programId,
      partner_id: partnerId,
      message_count: 0,
      last_message_id: null,
      last_message_at: null,
      partner_last_read_seq: 0,
      partner_last_read_at: null,
      program_last_read_seq: 0,
      program_last_read_at: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['program_id', 'partner_id']).doNothing())
    .execute()
  return (await findThread(tx, programId, partnerId))!
}

export function findThread(db: Tx | Db, programId: string, partnerId: string): Promise<ThreadRow | undefined> {
  return db.selectFrom('message_threads').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId).executeTakeFirst()
}

/**
 * Appends a message to a thread: numbers it (the thread's count + 1, taken by an update, so concurrent
 * writers serialise on the thread row) and moves the thread's activity.
 */
export async function insertMessage(
  tx: Tx | Db,
  thread: ThreadRow,
  msg: Pick<Insertable<MessageTable>, 'sender' | 'sender_name' | 'kind' | 'subject' | 'body'>,
  now: Date,
): Promise<MessageRow> {
  const id = newId('msg', now.getTime())
  const at = now.toISOString()
  await tx
    .updateTable('message_threads')
    .set((eb) => ({ message_count: eb('message_count', '+', 1), last_message_id: id, last_message_at: at }))
    .where('id', '=', thread.id)
    .execute()
  const { message_count } = await tx.selectFrom('message_threads').select('message_count').where('id', '=', thread.id).executeTakeFirstOrThrow()
  const row: MessageRow = {
    id,
    program_id: thread.program_id,
    thread_id: thread.id,
    partner_id: thread.partner_id,
    seq: Number(message_count),
    sender: msg.sender,
    sender_name: msg.sender_name ?? null,
    kind: msg.kind,
    subject: msg.subject ?? null,
    body: msg.body,
    created_at: at,
  }
  await tx.insertInto('messages').values(row).execute()
  return row
}

/** Newest first; the cursor is the last message's seq. */
export async function messagesPage(db: Db | Tx, threadId: string, q: { beforeSeq?: number | undefined; limit: number }): Promise<Page<Message>> {
  let query = db.selectFrom('messages').selectAll().where('thread_id', '=', threadId)
  if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq)
  const rows = await query.orderBy('seq', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { data: page.map(toMessage), nextCursor: more ? String(page[page.length - 1]!.seq) : null }
}

/** The seq of a message of the thread; undefined when the thread has no such message. */
export async function messageSeq(tx: Tx, threadId: string, messageId: string): Promise<number | undefined> {
  const found = await tx.selectFrom('messages').select('seq').where('id', '=', messageId).where('thread_id', '=', threadId).executeTakeFirst()
  return found && Number(found.seq)
}

/** Read markers only move forward: a late or replayed read never makes messages unread again. */
export async function moveReadMarker(tx: Tx, threadId: string, side: Side, seq: number, now: Date): Promise<void> {
  const [seqCol, atCol] = side === 'program' ? (['program_last_read_seq', 'program_last_read_at'] as const) : (['partner_last_read_seq', 'partner_last_read_at'] as const)
  await tx
    .updateTable('message_threads')
    .set({ [seqCol]: seq, [atCol]: now.toISOString() })
    .where('id', '=', threadId)
    .where(seqCol, '<', seq)
    .execute()
}

// ---- Threads as API shapes, with unread counts ----------------------------------------------------

type ThreadEb = ExpressionBuilder<Database & { t: Database['message_threads'] }, 't'>
const other = (side: Side): Side => (side === 'program' ? 'partner' : 'program')

/** Messages from the other side after this side's read marker: a correlated count, or (for exists) the rows. */
function unreadMessages(side: Side, eb: ThreadEb) {
  const marker = side === 'program' ? 't.program_last_read_seq' : 't.partner_last_read_seq'
  return eb
    .selectFrom('messages as m')
    .whereRef('m.thread_id', '=', 't.id')
    .where('m.sender', '=', other(side))
    .whereRef('m.seq', '>', marker)
}
const unreadCount = (side: Side) => (eb: ThreadEb) => unreadMessages(side, eb).select((e) => e.fn.countAll<number>().as('n'))
const hasUnread = (side: Side) => (eb: ThreadEb) => eb.exists(unreadMessages(side, eb).select('m.id'))

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

/** One of the program's threads, as the API shows it. */
export async function threadById(db: Db | Tx, programId: string, threadId: string): Promise<Thread> {
  const row = await threadQuery(db, programId).where('t.id', '=', threadId).executeTakeFirstOrThrow()
  return (await toThreads(db, [row]))[0]!
}

/** Threads with at least one message, newest activity first; the cursor is the last thread's last message id. */
export async function threadsPage(db: Db, programId: string, q: { cursor?: string | undefined; limit: number; unread?: boolean | undefined }): Promise<Page<Thread>> {
  let query = threadQuery(db, programId).where('t.last_message_id', 'is not', null)
  if (q.unread) query = query.where(hasUnread('program'))
  if (q.cursor) query = query.where('t.last_message_id', '<', q.cursor)
  const rows = await query.orderBy('t.last_message_id', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { data: await toThreads(db, page), nextCursor: more ? page[page.length - 1]!.last_message_id : null }
}

/** The program's threads with a message it has not read. */
export async function unreadThreadCount(db: Db, programId: string): Promise<number> {
  const row = await db
    .selectFrom('message_threads as t')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.program_id', '=', programId)
    .where(hasUnread('program'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Messages from the program the partner has not read. */
export async function partnerUnreadMessageCount(db: Db | Tx, programId: string, partnerId: string): Promise<number> {
  const row = await db
    .selectFrom('message_threads as t')
    .select((eb) => unreadCount('partner')(eb).as('n'))
    .where('t.program_id', '=', programId)
    .where('t.partner_id', '=', partnerId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
