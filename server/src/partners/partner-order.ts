// The partner list's order and its cursors. Pure. A page ends at a (sort value, id) pair; the next page
// starts strictly after it in the same order, so ties on the value never repeat or skip a partner.
import type { PartnerSort } from '@afflio/sdk/types'
import { unstorableAt } from '../kernel/http/validate.ts'

export type SortValue = number | string

/** Sorts whose values are counts or amounts; the others compare text. */
const NUMERIC: ReadonlySet<PartnerSort> = new Set(['clicks', 'sales', 'revenue', 'earnings'])

type Order = 'asc' | 'desc'

/**
 * The cursor after a row. Newest first it is the id alone, as it always was; otherwise the order it was
 * made for, the sort value and the id, base64url JSON (so a cursor of another order is refused, not misread).
 *
 * @example cursorAfter('clicks', 'desc', 12, 'prt_…')
 */
export function cursorAfter(sort: PartnerSort, order: Order, value: SortValue, id: string): string {
  return sort === 'createdAt' && order === 'desc' ? id : Buffer.from(JSON.stringify([sort, order, value, id])).toString('base64url')
}

/** The (value, id) a cursor of this order stands for; null when it is not one this order made. */
export function readCursor(sort: PartnerSort, order: Order, cursor: string): { value: SortValue; id: string } | null {
  if (sort === 'createdAt' && order === 'desc') return isPartnerId(cursor) ? { value: cursor, id: cursor } : null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  // A value no cursor of ours holds, and no database stores (Postgres refuses NUL in text): a tampered cursor.
  if (!Array.isArray(parsed) || parsed.length !== 4 || unstorableAt(parsed)) return null
  const [madeFor, madeIn, value, id] = parsed as unknown[]
  if (madeFor !== sort || madeIn !== order || typeof id !== 'string' || !isPartnerId(id)) return null
  const ok = NUMERIC.has(sort) ? Number.isSafeInteger(value) : typeof value === 'string'
  return ok ? { value: value as SortValue, id } : null
}

const isPartnerId = (s: string) => /^prt_[0-9a-z]{24}$/.test(s)
