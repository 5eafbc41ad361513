// Managers' notes on partners: the rows, their API shape, and every statement on them.
import type { Page, PartnerNote } from '@afflio/sdk/types'
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { PartnerNoteTable } from '../kernel/db/schema.ts'

type NoteRow = Selectable<PartnerNoteTable>

export function toPartnerNote(r: NoteRow): PartnerNote {
  return { id: r.id, partnerId: r.partner_id, body: r.body, author: { kind: r.author_kind, id: r.author_id, label: r.author_label }, createdAt: r.created_at }
}

/** The partner's notes, newest first. */
export function notesPage(db: Db, programId: string, partnerId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<PartnerNote>> {
  return paginate(db.selectFrom('partner_notes').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId), 'id', page, toPartnerNote)
}

export async function insertNote(tx: Tx, row: Insertable<PartnerNoteTable>): Promise<void> {
  await tx.insertInto('partner_notes').values(row).execute()
}

export function findNote(tx: Tx, programId: string, partnerId: string, noteId: string): Promise<NoteRow | undefined> {
  return tx.selectFrom('partner_notes').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId).where('id', '=', noteId).executeTakeFirst()
}

export async function deleteNote(tx: Tx, noteId: string): Promise<void> {
  await tx.deleteFrom('partner_notes').where('id', '=', noteId).execute()
}
