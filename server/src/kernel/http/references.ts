// One answer for an id, in a request's body or query, that names nothing in the caller's program: the
// id no program has and another program's id answer alike (404 not_found, naming the field and the
// object), so a key learns nothing about other programs. The path's own object answers `notFound`.
import type { Db, Tx } from '../db/connect.ts'
import { ApiError } from './errors.ts'
import { existingIds, type ReferenceKind } from './references-queries.ts'

export type { ReferenceKind }

/**
 * The error for `id`, given in `field`, that is no `what` of this program (`where`: a narrower place the
 * id must be in, such as the thread a message belongs to).
 *
 * @example
 * throw unknownReference('group', 'grp_x', 'groupId') // 404 {"code":"not_found","message":"No group grp_x in this program","field":"groupId"}
 */
export function unknownReference(what: ReferenceKind | `active ${ReferenceKind}`, id: string, field: string, where = 'in this program'): ApiError {
  const message = `No ${what} ${id} ${where}`
  return new ApiError(404, 'not_found', message, field, undefined, [{ field, message }])
}

/**
 * Checks that each id the fields of `input` name (one, or a list) is a `kind` of the program, and throws
 * `unknownReference` for the first that is not; returns `input`. Absent and null fields are not checked;
 * `at` prefixes the field named (`add` for `add.groupId`).
 * For a list's filters (a write checks inside its transaction, with the feature's own lookup).
 *
 * @example
 * await checkReferences(db, programId, parseQuery(c, s.listSales), { partnerId: 'partner', customerId: 'customer' })
 */
export async function checkReferences<T extends object>(db: Db | Tx, programId: string, input: T, kinds: { [K in keyof T & string]?: ReferenceKind }, at?: string): Promise<T> {
  for (const [field, kind] of Object.entries(kinds) as Array<[keyof T & string, ReferenceKind]>) {
    const value = input[field] as unknown
    if (value === undefined || value === null) continue
    const ids = (Array.isArray(value) ? value : [value]) as string[]
    if (ids.length === 0) continue
    const found = await existingIds(db, programId, kind, ids)
    const missing = ids.find((id) => !found.has(id))
    if (missing !== undefined) throw unknownReference(kind, missing, at ? `${at}.${field}` : field)
  }
  return input
}
