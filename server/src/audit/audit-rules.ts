// What an audit entry records of a change: the fields that differ, as they were and as they became.
// Secrets never enter the log: a field that holds one is recorded as changed, not by value.
import type { AuditEntry } from '@afflio/sdk/types'

type Fields = Record<string, unknown>

const SECRET = /secret|hash|token|password|signing|apikey/i
export const REDACTED = '[secret]'

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function redact(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET.test(k) && v != null ? REDACTED : v]))
}

/**
 * The fields of `before` and `after` that differ, each side keeping only those. A creation has no before,
 * a deletion no after; then every field of the other side is kept. Null when nothing changed.
 *
 * @example auditChanges({ status: 'active', name: 'Ada' }, { status: 'suspended', name: 'Ada' })
 * // { before: { status: 'active' }, after: { status: 'suspended' } }
 */
export function auditChanges(before: Fields | null, after: Fields | null): Pick<AuditEntry, 'before' | 'after'> | null {
  if (!before || !after) {
    if (!before && !after) return null
    return { before: before && redact(before), after: after && redact(after) }
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k]))
  if (!keys.length) return null
  const pick = (f: Fields) => redact(Object.fromEntries(keys.map((k) => [k, f[k] ?? null])))
  return { before: pick(before), after: pick(after) }
}
