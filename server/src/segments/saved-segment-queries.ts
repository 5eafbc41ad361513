// Saved segments: the rows, their API shape, and every statement on them. Deleted ones keep their row
// (deleted_at set) and are neither listed nor evaluated.
import type { Segment, SegmentDefinition } from '@afflio/sdk/types'
import type { Selectable, Updateable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { SegmentTable } from '../kernel/db/schema.ts'

export type SegmentRow = Selectable<SegmentTable>

export function parseDefinition(row: SegmentRow): SegmentDefinition {
  return JSON.parse(row.definition) as SegmentDefinition
}

export function toSegment(r: SegmentRow): Segment {
  return { id: r.id, name: r.name, description: r.description, definition: parseDefinition(r), createdAt: r.created_at, updatedAt: r.updated_at }
}

export function findSegment(db: Db | Tx, programId: string, segmentId: string): Promise<SegmentRow | undefined> {
  return db.selectFrom('segments').selectAll().where('program_id', '=', programId).where('id', '=', segmentId).where('deleted_at', 'is', null).executeTakeFirst()
}

/** The program's live segments, newest first, a cursor page of rows. */
export function segmentsPage(db: Db, programId: string, page: { cursor?: string | undefined; limit: number }) {
  return paginate(db.selectFrom('segments').selectAll().where('program_id', '=', programId).where('deleted_at', 'is', null), 'id', page, (r) => r)
}

export async function insertSegment(db: Db | Tx, row: SegmentRow): Promise<void> {
  await db.insertInto('segments').values(row).execute()
}

/** Updates a live segment; undefined when there is none. */
export function updateLiveSegment(db: Db | Tx, programId: string, segmentId: string, set: Updateable<SegmentTable>): Promise<SegmentRow | undefined> {
  return db.updateTable('segments').set(set).where('program_id', '=', programId).where('id', '=', segmentId).where('deleted_at', 'is', null).returningAll().executeTakeFirst()
}

export function markSegmentDeleted(db: Db | Tx, programId: string, segmentId: string, at: string): Promise<SegmentRow | undefined> {
  return db
    .updateTable('segments')
    .set({ deleted_at: at, updated_at: at })
    .where('program_id', '=', programId)
    .where('id', '=', segmentId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The program's currency: top N% by revenue counts it unless a condition names another. */
export function programCurrency(db: Db | Tx, programId: string) {
  return db.selectFrom('programs').select('currency').where('id', '=', programId).executeTakeFirst()
}

/** Which of these group ids are the program's groups. */
export function groupsAmong(db: Db, programId: string, groupIds: string[]) {
  return db.selectFrom('partner_groups').select('id').where('program_id', '=', programId).where('id', 'in', groupIds).execute()
}
