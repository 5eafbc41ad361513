// The audit log's SQL: one insert, one cursor list. No update or delete exists, here or anywhere (the
// table's triggers refuse them).
import type { AuditEntry, ListAuditLogQuery, Page } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import { idFloor } from '../kernel/ids.ts'
import type { AuditLogTable } from '../kernel/db/schema.ts'

export type AuditRow = Selectable<AuditLogTable>

export function insertAuditEntry(db: Db, row: AuditRow): Promise<unknown> {
  return db.insertInto('audit_log').values(row).execute()
}

/** When the program's entries of one action after `since` were written (through the ids' time order: a range of the program's index). */
export async function auditTimesAfter(db: Db, programId: string, action: AuditEntry['action'], since: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('at')
    .where('program_id', '=', programId)
    .where('id', '>=', idFloor('aud', since.getTime()))
    .where('action', '=', action)
    .where('at', '>', since.toISOString())
    .execute()
  return rows.map((r) => r.at)
}

export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: { kind: r.actor_kind as AuditEntry['actor']['kind'], id: r.actor_id, label: r.actor_label },
    action: r.action as AuditEntry['action'],
    subject: { type: r.subject_type as AuditEntry['subject']['type'], id: r.subject_id },
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }
}

export function listAuditEntries(db: Db, programId: string, q: ListAuditLogQuery & { limit: number }): Promise<Page<AuditEntry>> {
  let query = db.selectFrom('audit_log').selectAll().where('program_id', '=', programId)
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType)
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId)
  if (q.action) query = query.where('action', '=', q.action)
  if (q.actorKind) query = query.where('actor_kind', '=', q.actorKind)
  if (q.since) query = query.where('at', '>=', q.since)
  if (q.until) query = query.where('at', '<', q.until)
  return paginate(query, 'id', q, toAuditEntry)
}
