import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { migrations } from './migrations/index.ts'
import type { Database } from './schema.ts'

export type Db = Kysely<Database>
export type Tx = Transaction<Database>

// int8 (counts, sums of money) arrives from pg as a string; our amounts fit in a double's 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
pg.types.setTypeParser(1700, (v) => Number(v))

export interface ConnectOptions {
  /** `postgres://…` for Postgres; otherwise a SQLite file path (or `:memory:`) */
  url: string
  /** Postgres: the schema to use (tests use a fresh one per run) */
  schema?: string
}

/** Opens the database named by `url`: SQLite by default, Postgres for postgres:// URLs. */
export function connect({ url, schema }: ConnectOptions): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 })
    if (schema) pool.on('connect', (c) => void c.query(`set search_path to "${schema}"`))
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '')
  const sqlite = new SQLite(file)
  // WAL lets readers run beside the one writer; the busy timeout waits out a writer instead of failing.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres')
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).map((r) => r.migrationName)
}
