// The partner list's cursors, on their own: whatever the sort value, a cursor is short and reads back as
// the place it was made for, in its own order only.
import type { PartnerSort } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { cursorAfter, MAX_CURSOR, readCursor } from './partner-order.ts'

const ID = 'prt_01m8947y6aw43698cn92sft3'
const SORTS: PartnerSort[] = ['createdAt', 'name', 'clicks', 'sales', 'revenue', 'earnings', 'lastActivity']

describe('partner list cursors', () => {
  const texts = [
    '',
    'ada',
    '2026-06-01T12:00:00.000Z',
    'a'.repeat(24),
    'a'.repeat(25),
    'a'.repeat(200),
    `${'m'.repeat(61)}.${'n'.repeat(61)}@partners.test`,
    'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや',
    'zoë 🎉',
    '😀'.repeat(80),
  ]
  const numbers = [0, 1, -1, 12, 10_000_000_000_000, -10_000_000_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21]

  it('stay within MAX_CURSOR (and the 64 every list keeps to) and read back as their place, or as the partner alone', () => {
    expect(MAX_CURSOR).toBeLessThanOrEqual(64)
    for (const order of ['asc', 'desc'] as const) {
      for (const sort of SORTS) {
        const values = sort === 'createdAt' ? [ID] : sort === 'name' || sort === 'lastActivity' ? texts : numbers
        for (const value of values) {
          const cursor = cursorAfter(sort, order, value, ID)
          expect(cursor.length, `${sort} ${order} ${value}`).toBeLessThanOrEqual(MAX_CURSOR)
          expect(cursor, cursor).toMatch(/^[0-9a-z_.A-Z-]+$/) // nothing a query string must escape
          const read = readCursor(sort, order, cursor)
          expect(read?.id, cursor).toBe(ID)
          // a value too long to carry (or past 2^53) is left out, to be read again from the partner
          const carried = sort === 'createdAt' || (typeof value === 'number' ? Number.isSafeInteger(value) : Buffer.byteLength(value) <= 24)
          expect(read?.value, cursor).toBe(carried ? value : undefined)
        }
      }
    }
  })

  it("are refused by another order, another sort, or when they name no partner's id", () => {
    const cursor = cursorAfter('name', 'asc', 'ada', ID)
    expect(readCursor('name', 'desc', cursor)).toBeNull()
    expect(readCursor('lastActivity', 'asc', cursor)).toBeNull()
    expect(readCursor('createdAt', 'desc', cursor)).toBeNull()
    expect(readCursor('name', 'asc', ID)).toBeNull()
    expect(readCursor('name', 'asc', cursor.replace(/\.[^.]+$/, '.01M8947Y6AW43698CN92SFT3'))).toBeNull()
    expect(readCursor('createdAt', 'desc', 'prt_zzzz')).toBeNull()
    expect(readCursor('clicks', 'desc', cursorAfter('clicks', 'desc', 3, ID).replace('3', '3.5'))).toBeNull()
    expect(readCursor('createdAt', 'asc', cursorAfter('createdAt', 'asc', ID, ID))).toEqual({ id: ID, value: ID })
  })
})
