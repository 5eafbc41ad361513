// Frozen: on SQLite a click's dedup check reads the window's visits from memory (tracking/recent-visits.ts)
// and confirms a candidate by its rowid, so clicks_dedup (link, visitor hash, time) has no reader there, and
// its random keys made it the most expensive index a click wrote. Postgres keeps it: several processes
// share the table there, and the batch insert checks the window in SQL.
import type { Kysely } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await db.schema.dropIndex('clicks_dedup').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await db.schema.createIndex('clicks_dedup').on('clicks').columns(['link_id', 'visitor_hash', 'created_at']).execute()
}
