// Frozen: searches and the name order the same on SQLite and Postgres, in all of Unicode. They compared
// lower(column) with a term lower-cased in JavaScript, and SQLite's lower() folds ASCII only: `Émile` was not
// found by `Émile` (the column stayed `Émile`, the term became `émile`). The name order was lower(name) in
// each database's collation. Now keys computed in JavaScript (kernel/text-keys.ts, copied below as of now)
// are stored beside the text: `name_key` (search), `name_sort_key` (order) on partners; on marketplace
// listings `description_key` and `name_key`, the program's name (which no route renames); compared byte-wise (`collate "C"` on Postgres, as
// SQLite compares). Existing rows are keyed here, a thousand at a time.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')
const searchKey = (text: string) => text.normalize('NFC').toLowerCase().replace(/ς/g, 'σ')
const sortKey = (text: string) => searchKey(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
const BATCH = 1000

const KEYS: Array<{ table: string; id: string; keys: Record<string, [source: string, key: (text: string) => string]>; notNull: boolean }> = [
  { table: 'partners', id: 'id', keys: { name_key: ['name', searchKey], name_sort_key: ['name', sortKey] }, notNull: false },
  {
    table: 'marketplace_listings',
    id: 'program_id',
    keys: { description_key: ['description', searchKey], name_key: ['(select name from programs where programs.id = program_id)', searchKey] },
    notNull: false,
  },
]

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  for (const { table, id, keys, notNull } of KEYS) {
    for (const column of Object.keys(keys)) {
      // SQLite adds a NOT NULL column only with a default; Postgres sets NOT NULL once the keys are in.
      await db.schema
        .alterTable(table)
        .addColumn(column, 'text', (c) => (pg ? c.modifyFront(sql`collate "C"`) : notNull ? c.notNull().defaultTo('') : c))
        .execute()
    }
    let after = ''
    for (;;) {
      const rows = (await db
        .selectFrom(table)
        .select([sql.ref(id).as('id'), ...Object.entries(keys).map(([column, [source]]) => sql.raw(source).as(column))])
        .where(id, '>', after)
        .orderBy(id)
        .limit(BATCH)
        .execute()) as Array<Record<string, string | null>>
      for (const row of rows) {
        const set = Object.fromEntries(Object.entries(keys).map(([column, [, key]]) => [column, row[column] === null ? null : key(row[column]!)]))
        if (Object.values(set).some((v) => v !== null)) await db.updateTable(table).set(set).where(id, '=', row.id!).execute()
      }
      if (rows.length < BATCH) break
      after = rows[rows.length - 1]!.id!
    }
    if (pg && notNull) for (const column of Object.keys(keys)) await db.schema.alterTable(table).alterColumn(column, (c) => c.setNotNull()).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table, keys } of KEYS) for (const column of Object.keys(keys)) await db.schema.alterTable(table).dropColumn(column).execute()
}
