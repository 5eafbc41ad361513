// Frozen: the partner list's name order read from an index. `GET /v1/partners?sort=name` orders by the name's
// sort key (0058), or the email for a partner without a name, then the id; with no index on that it sorted
// every partner of the program for each page (50,000 partners: ~40 ms a page on SQLite, ~100 ms on Postgres,
// 400 ms with a search), and a later page could only start after sorting them all. This index holds the
// order itself: a page is a seek to its cursor and a walk of its length. The expression is the one the list
// writes (partners/performance-queries.ts), compared byte-wise on both databases (`collate "C"` on Postgres,
// SQLite's own order), and must stay written alike there for either database to use the index.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

export async function up(db: Kysely<any>): Promise<void> {
  const key = isPostgres(db) ? '(coalesce(name_sort_key, email) collate "C")' : 'coalesce(name_sort_key, email)'
  await db.schema.createIndex('partners_program_name_order').on('partners').expression(sql.raw(`program_id, ${key}, id`)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('partners_program_name_order').execute()
}
