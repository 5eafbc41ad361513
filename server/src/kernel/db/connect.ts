import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { bindSecretBox, loadSecretBox, type SecretKeySource } from '../secrets.ts'
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
  /**
   * The keys that seal stored secrets (kernel/secrets.ts); default AFFLIO_ENCRYPTION_KEY and
   * AFFLIO_ENCRYPTION_KEY_PREVIOUS from the environment. Without a key, a SQLite file gets a key file beside it
   * (`<file>.key`, created on first use, mode 0600); Postgres has none, and serve() refuses to start.
   */
  encryptionKey?: string
  previousEncryptionKeys?: string
  /** Where the key file's creation is announced; default console.log */
  log?: (line: string) => void
}

/** Opens the database named by `url`: SQLite by default, Postgres for postgres:// URLs. */
export function connect({ url, schema, encryptionKey, previousEncryptionKeys, log }: ConnectOptions): Db {
  const keys: SecretKeySource = { encryptionKey, previousEncryptionKeys, log }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 })
    if (schema) pool.on('connect', (c) => void c.query(`set search_path to "${schema}"`))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    bindSecretBox(db, loadSecretBox(keys))
    return db
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '')
  const sqlite = new SQLite(file)
  // WAL lets readers run beside the one writer; the busy timeout waits out a writer instead of failing.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  // Planner statistics for the indexes that need them (cheap: analyses only what has none or stale).
  sqlite.pragma('optimize = 0x10002')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  const inMemory = file === '' || file === ':memory:' || file.startsWith('file::memory:')
  bindSecretBox(db, loadSecretBox({ ...keys, keyFile: inMemory ? undefined : `${file}.key`, ephemeral: inMemory }))
  return db
}

// Kysely prepares every query afresh; compiling SQL was ~10% of a click. Kysely's SQLite driver runs one
// query at a time on the connection, so sharing a prepared statement between calls is safe.
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql)
      if (!stmt) {
        if (cache.size > 500) cache.clear()
        cache.set(sql, (stmt = sqlite.prepare(sql)))
      }
      return stmt
    },
  }
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres')
}

/**
 * Brings the schema up to date; throws with the failing migration's error. On Postgres, `schema` names
 * where Kysely keeps its own tables: without it, it may find another schema's and skip creating its lock.
 */
export async function migrate(db: Db, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema && { migrationTableSchema: schema }) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).map((r) => r.migrationName)
}
