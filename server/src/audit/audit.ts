// Recording a change: called by each feature's service inside the transaction that makes the change, so
// the entry commits with it or not at all.
import type { AuditAction, AuditActor, AuditSubjectType } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { newId } from '../kernel/ids.ts'
import { auditChanges } from './audit-rules.ts'
import { insertAuditEntry } from './queries.ts'


export interface AuditChange {
  action: AuditAction
  subject: { type: AuditSubjectType; id: string }
  /** the record's fields before (null: created) and after (null: deleted); only the differing ones are kept */
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz'
let lastId = ''

/**
 * Ids sort by time, and within one millisecond randomly: entries one request writes together (an approval
 * and the partner it creates) would list in any order. So in this process each id is after the last one:
 * the same millisecond's next id is the last plus one.
 */
export function nextAuditId(at: number): string {
  let id = newId('aud', at)
  if (id <= lastId) {
    const chars = lastId.split('')
    for (let i = chars.length - 1; i > 4; i--) {
      const d = BASE32.indexOf(chars[i]!)
      if (d < 31) {
        chars[i] = BASE32[d + 1]!
        break
      }
      chars[i] = '0'
    }
    id = chars.join('')
  }
  return (lastId = id)
}

/** The server's own doing (a Stripe webhook, a scheduled job): no key or person to name. */
export const SYSTEM: AuditActor = { kind: 'system', id: 'afflio', label: null }

/**
 * Appends one entry to the program's audit log, in `trx`. A change that changed nothing (same before and
 * after) is not recorded, unless `always` (an action worth recording whatever the fields, e.g. a revoke).
 */
export async function recordAudit(trx: Db, programId: string, context: AuditContext, change: AuditChange, { always = false } = {}): Promise<void> {
  const diff = auditChanges(change.before, change.after) ?? (always ? { before: null, after: null } : null)
  if (!diff) return
  await insertAuditEntry(trx, {
    id: nextAuditId(context.at.getTime()),
    program_id: programId,
    at: context.at.toISOString(),
    actor_kind: context.actor.kind,
    actor_id: context.actor.id,
    actor_label: context.actor.label,
    action: change.action,
    subject_type: change.subject.type,
    subject_id: change.subject.id,
    before: diff.before && JSON.stringify(diff.before),
    after: diff.after && JSON.stringify(diff.after),
  })
}
