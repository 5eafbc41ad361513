// Postgres parses and plans every statement it is sent, unless the statement is named: then a connection
// parses and plans it once and afterwards only binds new values. The hot paths' statements (prepared.ts:
// a click's, a sale's and its reactions') are named here; everything else runs unnamed, as Kysely sends it.
// Behind pgbouncer in transaction mode this needs pgbouncer 1.21 or later with `max_prepared_statements`
// set, or DATABASE_PREPARED_STATEMENTS=false (docs/scaling.md).
import type pg from 'pg'

const names = new Map<string, string>()
/** Room for every prepared shape (about 40, and the events' by count) with margin; past it, texts run unnamed. */
const MOST_NAMES = 500

/**
 * Names `text` on Postgres connections. Not a text whose result columns are the table's (`*`): a newer
 * process migrating a column in would make Postgres refuse an older one's statement ("cached plan must not
 * change result type") for as long as its connection lived. A migration that changes a column's type does
 * the same to the statements reading or binding that column: restart the older processes after it.
 */
export function nameStatement(text: string): void {
  if (names.size < MOST_NAMES && !names.has(text) && !text.includes('*')) names.set(text, `afflio_${names.size}`)
}

/** Sends the named texts under their names on every connection of `pool`. */
export function sendNamedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    // (text, values?, callback?) as pg takes it: pool.query passes a callback, which must reach pg.
    client.query = ((text: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' ? names.get(text) : undefined
      if (!name) return query(text, ...rest)
      return Array.isArray(rest[0]) ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query({ name, text }, ...rest)
    }) as typeof client.query
  })
}
