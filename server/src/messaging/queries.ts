// Plain queries for message threads: one thread per (program, partner), created on first use.
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { MessageTable, MessageThreadTable } from '../kernel/db/schema.ts'
import { newId } from '../kernel/ids.ts'

export type ThreadRow = Selectable<MessageThreadTable>
export type MessageRow = Selectable<MessageTable>

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

/** The manager named when a console token was minted (the sender name of their messages). */
export async function findConsoleManager(db: Db, tokenHash: string): Promise<string | null> {
  const row = await db.selectFrom('console_tokens').select('manager').where('token_hash', '=', tokenHash).executeTakeFirst()
  return row?.manager ?? null
}
