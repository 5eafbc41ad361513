import type { Page } from '@afflio/sdk/types'
import type { SelectQueryBuilder } from 'kysely'

/** A page asked for: after the cursor (the last id seen), at most `limit` rows. */
export type PageQuery = { cursor?: string | undefined; limit: number }

/**
 * Newest first, keyed on the id (ids sort by creation time): the cursor is the last id seen.
 * Stable under inserts, unlike offsets.
 */
export async function paginate<DB, TB extends keyof DB, Row extends { id: string }, Out>(
  query: SelectQueryBuilder<DB, TB, Row>,
  idColumn: string,
  { cursor, limit }: PageQuery,
  map: (row: Row) => Out,
): Promise<Page<Out>> {
  let q = query as SelectQueryBuilder<any, any, Row>
  if (cursor) q = q.where(idColumn, '<', cursor)
  const rows = await q.orderBy(idColumn, 'desc').limit(limit + 1).execute()
  const more = rows.length > limit
  const data = (more ? rows.slice(0, limit) : rows).map(map)
  return { data, nextCursor: more ? rows[limit - 1]!.id : null }
}
