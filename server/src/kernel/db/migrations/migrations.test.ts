// Every migration up, down and up again, in order: each `down` must leave exactly the schema the migrations
// before it built (columns with their types, nullability and defaults, indexes, keys, foreign keys,
// triggers), and its `up` must then build the same schema again.
import { type Kysely, type Migration, Migrator, NO_MIGRATIONS, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { besideOthers, createTestContext, dialects, type TestContext } from '../../../testing.ts'
import { migrations } from './index.ts'

type Snapshot = Record<string, unknown>

/** SQLite's schema as the catalog has it; columns by name (ADD COLUMN always appends, a rebuild may not). */
async function sqliteSchema(db: Kysely<any>): Promise<Snapshot> {
  const objects = (await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
    select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)).rows
  const out: Snapshot = {}
  for (const o of objects) {
    if (o.type === 'table') {
      const columns = (await sql<Record<string, unknown>>`select name, type, "notnull", dflt_value, pk from pragma_table_xinfo(${o.name}) order by name`.execute(db)).rows
      const foreignKeys = (await sql<Record<string, unknown>>`select "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${o.name}) order by "from"`.execute(db)).rows
      // Unique and primary-key constraints show as automatic indexes, named by position: compare their columns.
      const keys = (await sql<{ name: string; unique: number; origin: string }>`select name, "unique", origin from pragma_index_list(${o.name}) where origin != 'c' order by name`.execute(db)).rows
      const keyColumns = await Promise.all(keys.map(async (k) => ({ ...k, name: undefined, columns: (await sql<{ name: string }>`select name from pragma_index_info(${k.name}) order by seqno`.execute(db)).rows.map((r) => r.name) })))
      out[`table ${o.name}`] = { columns, foreignKeys, keys: keyColumns.map((k) => JSON.stringify(k)).sort() }
    } else {
      // Indexes and triggers: their definition as written (SQLite keeps it, and renames the table in it).
      out[`${o.type} ${o.name}`] = { table: o.tbl_name, sql: o.sql }
    }
  }
  return out
}

async function postgresSchema(db: Kysely<any>): Promise<Snapshot> {
  const columns = (await sql<Record<string, unknown>>`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name, column_name`.execute(db)).rows
  const indexes = (await sql<Record<string, unknown>>`
    select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename not like 'kysely_%' order by indexname`.execute(db)).rows
  const constraints = (await sql<Record<string, unknown>>`
    select t.relname as table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) as def from pg_constraint c
    join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname not like 'kysely_%' order by t.relname, c.conname`.execute(db)).rows
  const triggers = (await sql<Record<string, unknown>>`
    select t.relname as table_name, g.tgname, pg_get_triggerdef(g.oid) as def from pg_trigger g
    join pg_class t on t.oid = g.tgrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and not g.tgisinternal order by g.tgname`.execute(db)).rows
  const functions = (await sql<Record<string, unknown>>`
    select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = current_schema() order by p.proname`.execute(db)).rows
  // The schema's name differs per test run and shows in definitions: take it out.
  return JSON.parse(JSON.stringify({ columns, indexes, constraints, triggers, functions }).replaceAll(/"?t_[a-z0-9]{12}"?\./g, ''))
}

describe.each(dialects)('migrations on %s', (dialect) => {
  let ctx: TestContext
  afterEach(() => ctx.close())

  it('undoes each migration to exactly the schema before it, and redoes it to the same schema', async () => {
    const names = Object.keys(migrations).sort()
    ctx = await createTestContext({ dialect, migratedUpTo: names[0] })
    const db = ctx.db as unknown as Kysely<any>
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> }, ...(schema && { migrationTableSchema: schema }) })
    type Moved = { error?: unknown; results?: Array<{ migrationName: string; status: string }> }
    const move = (run: () => Promise<Moved>) =>
      besideOthers(schema, async () => {
        const { error, results } = await run()
        if (error) throw error
        return results?.map((r) => [r.migrationName, r.status])
      })
    const up = (name: string) => expect(move(() => migrator.migrateUp())).resolves.toEqual([[name, 'Success']])
    const down = (name: string) => expect(move(() => migrator.migrateDown())).resolves.toEqual([[name, 'Success']])
    const snapshot = () => (dialect === 'postgres' ? postgresSchema(db) : sqliteSchema(db))

    await move(() => migrator.migrateTo(NO_MIGRATIONS))
    let before = await snapshot()
    for (const name of names) {
      await up(name)
      const after = await snapshot()
      await down(name)
      expect(await snapshot(), `down of ${name}`).toEqual(before)
      await up(name)
      expect(await snapshot(), `up of ${name} after its down`).toEqual(after)
      before = after
    }
  }, 600_000) // three snapshots a migration, 50-odd migrations: minutes on a loaded machine
})
