// Notes managers keep on a partner: written and deleted with an audit entry in the same transaction, never
// shown to the partner. A note is not edited: a correction is a new note (and the old one deleted).
import type { CreatePartnerNoteInput, Page, PartnerNote } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { deleteNote, findNote, insertNote, notesPage, toPartnerNote } from './note-queries.ts'
import { findPartnerId } from './queries.ts'

async function mustExist(db: Db | Tx, programId: string, partnerId: string) {
  if (!(await findPartnerId(db, programId, partnerId))) throw notFound('Partner')
}

export async function listPartnerNotes(db: Db, programId: string, partnerId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<PartnerNote>> {
  await mustExist(db, programId, partnerId)
  return notesPage(db, programId, partnerId, page)
}

export async function addPartnerNote(db: Db, programId: string, partnerId: string, input: CreatePartnerNoteInput, audit: AuditContext): Promise<PartnerNote> {
  return db.transaction().execute(async (tx) => {
    await mustExist(tx, programId, partnerId)
    const row = {
      id: newId('pnt', audit.at.getTime()),
      program_id: programId,
      partner_id: partnerId,
      body: input.body,
      author_kind: audit.actor.kind,
      author_id: audit.actor.id,
      author_label: audit.actor.label,
      created_at: audit.at.toISOString(),
    }
    await insertNote(tx, row)
    await recordAudit(tx, programId, audit, { action: 'partner.note_added', subject: { type: 'partner', id: partnerId }, before: null, after: { noteId: row.id, body: row.body } })
    return toPartnerNote(row)
  })
}

/** Deletes a note; the audit entry keeps what it said. */
export async function deletePartnerNote(db: Db, programId: string, partnerId: string, noteId: string, audit: AuditContext): Promise<PartnerNote> {
  return db.transaction().execute(async (tx) => {
    const row = await findNote(tx, programId, partnerId, noteId)
    if (!row) throw notFound('Note')
    await deleteNote(tx, noteId)
    await recordAudit(tx, programId, audit, { action: 'partner.note_deleted', subject: { type: 'partner', id: partnerId }, before: { noteId: row.id, body: row.body }, after: null })
    return toPartnerNote(row)
  })
}
