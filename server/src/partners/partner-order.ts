// The partner list's order and its cursors. Pure. A page ends at a (sort value, id) pair; the next page
// starts strictly after it in the same order, so ties on the value never repeat or skip a partner.
import type { PartnerSort } from '@afflio/sdk/types'

export type SortValue = number | string

/** Sorts whose values are counts or amounts; the others compare text. */
const NUMERIC: ReadonlySet<PartnerSort> = new Set(['clicks', 'sales', 'revenue', 'earnings'])

type Order = 'asc' | 'desc'

/** Each sort's letter in a cursor, so a cursor of another order is refused, not misread. */
const LETTER: Record<PartnerSort, string> = { createdAt: 't', name: 'n', clicks: 'c', sales: 's', revenue: 'r', earnings: 'e', lastActivity: 'a' }

/**
 * A text value travels in the cursor up to this many UTF-8 bytes (32 base64url characters): every time
 * and short names. A longer name (up to 200 characters, or a 320-character email) is left out and read
 * again from the partner (as is a figure past 2^53), so no cursor is longer than MAX_CURSOR whatever the
 * values.
 */
const CARRIED_BYTES = 24

/** The longest cursor the list makes (`GET /v1/partners` refuses longer ones): within every list's 64. */
export const MAX_CURSOR = 60

const ID_TAIL = /^[0-9a-z]{24}$/
const isPartnerId = (s: string) => /^prt_[0-9a-z]{24}$/.test(s)

/**
 * Where the next page starts: after the partner `id` at `value`. `value` is undefined when the cursor
 * names the partner alone; the caller reads the partner's value now (performance-queries' `sortValueOf`).
 */
export type After = { id: string; value: SortValue | undefined }

/**
 * The cursor after a row, at most MAX_CURSOR characters. Newest first it is the id alone, as it always
 * was. Otherwise the sort's letter and the order's, then the value (a number in decimal, text in
 * base64url; left out for the creation order, whose value is the id, and for a value too long to
 * carry), then the id without its `prt_`, dot-separated: `cd.12.01m8947y6aw43698cn92sft3`.
 *
 * @example cursorAfter('clicks', 'desc', 12, 'prt_01m8947y6aw43698cn92sft3') // 'cd.12.01m8947y6aw43698cn92sft3'
 */
export function cursorAfter(sort: PartnerSort, order: Order, value: SortValue, id: string): string {
  if (sort === 'createdAt' && order === 'desc') return id
  const head = `${LETTER[sort]}${order[0]}`
  const tail = id.slice('prt_'.length)
  if (sort === 'createdAt') return `${head}.${tail}`
  if (NUMERIC.has(sort)) return typeof value === 'number' && Number.isSafeInteger(value) ? `${head}.${value}.${tail}` : `${head}.${tail}`
  const bytes = Buffer.from(String(value), 'utf8')
  return bytes.length <= CARRIED_BYTES ? `${head}.${bytes.toString('base64url')}.${tail}` : `${head}.${tail}`
}

/** Where a cursor of this order starts the next page; null when it is not one this order made. */
export function readCursor(sort: PartnerSort, order: Order, cursor: string): After | null {
  if (sort === 'createdAt' && order === 'desc') return isPartnerId(cursor) ? { value: cursor, id: cursor } : null
  if (cursor.length > MAX_CURSOR) return null
  const parts = cursor.split('.')
  const [head, tail] = [parts[0], parts[parts.length - 1]!]
  if (head !== `${LETTER[sort]}${order[0]}` || !ID_TAIL.test(tail)) return null
  const id = `prt_${tail}`
  if (parts.length === 2) return { value: sort === 'createdAt' ? id : undefined, id }
  if (parts.length !== 3 || sort === 'createdAt') return null
  const value = NUMERIC.has(sort) ? readNumber(parts[1]!) : readText(parts[1]!)
  return value === null ? null : { value, id }
}

/** An integer as cursorAfter writes it (no `+`, no leading zeros, no exponent), or null. */
function readNumber(s: string): number | null {
  if (!/^-?(0|[1-9]\d{0,15})$/.test(s)) return null
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : null
}

/**
 * Text as cursorAfter writes it, or null: base64url of at most CARRIED_BYTES bytes of UTF-8 (read back
 * exactly as written), without NUL (no database stores it; Postgres refuses it in text).
 */
function readText(s: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null
  const bytes = Buffer.from(s, 'base64url')
  if (bytes.length > CARRIED_BYTES || bytes.toString('base64url') !== s) return null
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
  return text.includes('\u0000') ? null : text
}
