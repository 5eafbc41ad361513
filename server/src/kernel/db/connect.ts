import { chmodSync, closeSync, openSync } from 'node:fs'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import { bindSecretBox, loadSecretBox, MissingSecretKey, type SecretBox, type SecretKeySource } from '../secrets.ts'
import { BACKSTOP_PAGES, startCheckpointer } from './checkpointer.ts'
import { sqliteHoldsPrograms } from './holds-programs.ts'
import { BUSY_TIMEOUT_MS, ContentionDialect, ContentionKysely, WRITE_WAIT_MS } from './contention.ts'
import { migrations } from './migrations/index.ts'
import { sendNamedStatements } from './named-statements.ts'
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
  /** Postgres: the most connections this process opens at once (DATABASE_POOL_SIZE); default 10 */
  poolSize?: number
  /** How long a write may wait for locks before it fails with DatabaseBusyError (503); default 15 s */
  writeWaitMs?: number
  /**
   * The keys that seal stored secrets (kernel/secrets.ts); default AFFLIO_ENCRYPTION_KEY and
   * AFFLIO_ENCRYPTION_KEY_PREVIOUS from the environment. Without a key, a SQLite file gets a key file beside it
   * (`<file>.key`, created on first use, mode 0600) while it holds no program: a file with programs and no
   * key file has lost its key, and has none; Postgres has none, and serve() refuses to start.
   */
  encryptionKey?: string
  previousEncryptionKeys?: string
  /** SQLite file without AFFLIO_ENCRYPTION_KEY or a key file: create the key file if it holds no program yet (default), or have no key (a maintenance command) */
  createKeyFile?: boolean
  /** Throw the reason there is no key before the database is opened (a command that needs the key); default false */
  requireKey?: boolean
  /** Where the key file's creation is announced; default console.log */
  log?: (line: string) => void
  /** Postgres: send the hot paths' statements named, parsed once per connection (named-statements.ts); default true */
  preparedStatements?: boolean
  /** SQLite file: WAL checkpoints in a worker thread instead of in the committing request (checkpointer.ts); `afflio serve` sets it */
  backgroundCheckpoints?: boolean
}

/** Opens the database named by `url`: SQLite by default, Postgres for postgres:// URLs. */
export function connect({ url, schema, poolSize = 10, writeWaitMs = WRITE_WAIT_MS, encryptionKey, previousEncryptionKeys, createKeyFile = true, requireKey = false, log, backgroundCheckpoints = false, preparedStatements = true }: ConnectOptions): Db {
  const keys: SecretKeySource = { encryptionKey, previousEncryptionKeys, createKeyFile, log }
  const required = (box: SecretBox | MissingSecretKey) => {
    if (requireKey && box instanceof MissingSecretKey) throw new Error(box.reason)
    return box
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const box = required(loadSecretBox(keys))
    // A lock wait ends at the bound (55P03) instead of queueing for ever; the URL's own lock_timeout wins.
    const pool = new pg.Pool({ connectionString: url, max: poolSize, lock_timeout: writeWaitMs })
    if (schema) pool.on('connect', (c) => void c.query(`set search_path to "${schema}"`))
    if (preparedStatements) sendNamedStatements(pool)
    const db = new ContentionKysely<Database>(new ContentionDialect(new PostgresDialect({ pool }), { waitMs: writeWaitMs, sqlite: false }))
    bindSecretBox(db, box)
    return db
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '')
  const inMemory = file === '' || file === ':memory:' || file.startsWith('file::memory:')
  // A key file is made up only for a database that holds no program yet (holds-programs.ts).
  const box = required(loadSecretBox({ ...keys, keyFile: inMemory ? undefined : `${file}.key`, ephemeral: inMemory, holdsKeyedData: () => sqliteHoldsPrograms(file) }))
  if (!inMemory && !file.startsWith('file:')) createPrivately(file) // a file: URI is SQLite's to read
  const sqlite = new SQLite(file)
  // WAL lets readers run beside the one writer. Set up under a generous busy timeout (this blocks, once,
  // at start); then an attempt to take the write lock does not block the event loop (BUSY_TIMEOUT_MS): a
  // write waits asynchronously, retrying, for up to writeWaitMs (kernel/db/contention.ts).
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  // Planner statistics for the indexes that need them (cheap: analyses only what has none or stale).
  sqlite.pragma('optimize = 0x10002')
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  let checkpointer: { stop: () => void } | null = null
  if (backgroundCheckpoints && !inMemory) {
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
    checkpointer = startCheckpointer(file)
  }
  const statements = withStatementCache(sqlite, () => checkpointer?.stop())
  const dialect = new SqliteDialect({ database: statements })
  const db = new ContentionKysely<Database>(new ContentionDialect(dialect, { waitMs: writeWaitMs, sqlite: true, statements }))
  bindSecretBox(db, box)
  return db
}

/**
 * A new database file is created readable by its owner only (mode 0600, whatever the umask): it holds
 * payout details, emails and key hashes. SQLite gives its -wal and -shm files the database file's mode.
 * A file that exists is left as it is: its mode is the operator's.
 */
function createPrivately(file: string): void {
  let fd: number
  try {
    fd = openSync(file, 'wx', 0o600)
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return
    throw err
  }
  closeSync(fd)
  chmodSync(file, 0o600)
}

// Kysely prepares every query afresh; compiling SQL was ~10% of a click. Kysely's SQLite driver runs one
// query at a time on the connection, so sharing a prepared statement between calls is safe.
function withStatementCache(sqlite: SQLite.Database, onClose: () => void) {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => {
      onClose()
      sqlite.close()
    },
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

/** One trivial query: Postgres connects on the first one, so a server that cannot be reached fails here. */
export async function reach(db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres')
}

/**
 * Brings the schema up to date; throws with the failing migration's error. On Postgres, `schema` names
 * where Kysely keeps its own tables, by default the connection's current schema (its search_path):
 * unnamed, Kysely found another schema's tables in the same database and skipped creating its own lock.
 */
export async function migrate(db: Db, schema?: string): Promise<string[]> {
  if (isPostgres(db)) {
    // Migrations wait for the locks they need as long as it takes (another process's migrations, say):
    // on one connection, without the bound that requests have.
    return db.connection().execute(async (conn) => {
      await sql`set lock_timeout = 0`.execute(conn)
      try {
        const current = schema ?? (await sql<{ s: string | null }>`select current_schema() as s`.execute(conn)).rows[0]?.s ?? undefined
        return await runMigrations(conn, current)
      } finally {
        await sql`reset lock_timeout`.execute(conn)
      }
    })
  }
  return runMigrations(db, schema)
}

async function runMigrations(db: Db, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema && { migrationTableSchema: schema }) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).map((r) => r.migrationName)
}
