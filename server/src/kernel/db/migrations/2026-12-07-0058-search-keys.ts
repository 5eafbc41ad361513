// Frozen: searches and the name order the same on SQLite and Postgres, in all of Unicode. They compared
// lower(column) with a term lower-cased in JavaScript, and SQLite's lower() folds ASCII only: `Émile` was not
// found by `Émile` (the column stayed `Émile`, the term became `émile`). The name order was lower(name) in
// each database's collation. Now keys computed in JavaScript (kernel/text-keys.ts, copied below as of now)
// are stored beside the text: `name_key` (search), `name_sort_key` (order) on partners, `name_key` on
// programs, `description_key` on marketplace listings; compared byte-wise (`collate "C"` on Postgres, as
// SQLite compares). Existing rows are keyed here, a thousand at a time.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')
const searchKey = (text: string) => text.normalize('NFC').toLowerCase().replace(/ς/g, 'σ')
const sortKey = (text: string) => searchKey(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
const BATCH = 1000

const KEYS: Array<{ table: string; id: string; source: string; keys: Record<string, (text: string) => string>; notNull: boolean }> = [
  { table: 'partners', id: 'id', source: 'name', keys: { name_key: searchKey, name_sort_key: sortKey }, notNull: false },
  { table: 'programs', id: 'id', source: 'name', keys: { name_key: searchKey }, notNull: true },
  { table: 'marketplace_listings', id: 'program_id', source: 'description', keys: { description_key: searchKey }, notNull: false },
]

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  for (const { table, id, source, keys, notNull } of KEYS) {
    for (const column of Object.keys(keys)) {
      // SQLite adds a NOT NULL column only with a default; Postgres sets NOT NULL once the keys are in.
      await db.schema
        .alterTable(table)
        .addColumn(column, 'text', (c) => (pg ? c.modifyFront(sql`collate "C"`) : notNull ? c.notNull().defaultTo('') : c))
        .execute()
    }
    let after = ''
    for (;;) {
      const rows: Array<{ id: string; text: string | null }> = await db
        .selectFrom(table)
        .select([`${id} as id`, `${source} as text`])
        .where(id, '>', after)
        .orderBy(id)
        .limit(BATCH)
        .execute()
      for (const row of rows) {
        if (row.text === null) continue
        const set = Object.fromEntries(Object.entries(keys).map(([column, key]) => [column, key(row.text!)]))
        await db.updateTable(table).set(set).where(id, '=', row.id).execute()
      }
      if (rows.length < BATCH) break
      after = rows[rows.length - 1]!.id
    }
    if (pg && notNull) for (const column of Object.keys(keys)) await db.schema.alterTable(table).alterColumn(column, (c) => c.setNotNull()).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table, keys } of KEYS) for (const column of Object.keys(keys)) await db.schema.alterTable(table).dropColumn(column).execute()
}
