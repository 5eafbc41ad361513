// Plain queries for message threads: one thread per (program, partner), created on first use.
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../db/connect.ts'
import type { MessageTable, MessageThreadTable } from '../db/schema.ts'
import { newId } from '../lib/ids.ts'

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
      last_message_id: null,
      last_message_at: null,
      partner_last_read_id: null,
      partner_last_read_at: null,
      program_last_read_id: null,
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

/** Appends a message to a thread and moves the thread's activity marker. */
export async function insertMessage(
  tx: Tx | Db,
  thread: ThreadRow,
  msg: Pick<Insertable<MessageTable>, 'sender' | 'sender_name' | 'kind' | 'subject' | 'body'>,
  now: Date,
): Promise<MessageRow> {
  const row: MessageRow = {
    id: newId('msg', now.getTime()),
    program_id: thread.program_id,
    thread_id: thread.id,
    partner_id: thread.partner_id,
    sender: msg.sender,
    sender_name: msg.sender_name ?? null,
    kind: msg.kind,
    subject: msg.subject ?? null,
    body: msg.body,
    created_at: now.toISOString(),
  }
  await tx.insertInto('messages').values(row).execute()
  // Ids sort by time; a concurrent later message must not be overtaken by this one.
  await tx
    .updateTable('message_threads')
    .set({ last_message_id: row.id, last_message_at: row.created_at })
    .where('id', '=', thread.id)
    .where((eb) => eb.or([eb('last_message_id', 'is', null), eb('last_message_id', '<', row.id)]))
    .execute()
  return row
}

/** The manager named when a console token was minted (the sender name of their messages). */
export async function findConsoleManager(db: Db, tokenHash: string): Promise<string | null> {
  const row = await db.selectFrom('console_tokens').select('manager').where('token_hash', '=', tokenHash).executeTakeFirst()
  return row?.manager ?? null
}
