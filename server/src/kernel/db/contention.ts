// Waiting for locks, bounded: every write waits for the database's write lock (SQLite) or row locks
// (Postgres) for up to WRITE_WAIT_MS, retrying what can be retried, and then fails with DatabaseBusyError,
// which the API answers with 503 and Retry-After (kernel/http/errors.ts). Nothing here is per service:
// connect() wraps the dialect's driver and returns a Kysely whose transaction() retries, so every
// `db.transaction().execute(…)` and every single statement is covered.
//
// What is retried, and why that is safe:
// - a single statement outside a transaction (its own transaction: when it fails, it changed nothing);
// - SQLite's BEGIN IMMEDIATE (nothing has run yet), as the whole transaction's first attempt at it.
//   Transactions take the write lock when they start, so the wait happens there, never half-way through,
//   and a snapshot can never go stale under them;
// - a whole transaction, callback included, when a statement in it or its commit fails with contention
//   (Postgres: a deadlock, a serialization failure, a lock timeout). It was rolled back, so running the
//   callback again is safe as long as the callback only touches the database, which every service's does:
//   external calls (Stripe, SMTP, webhooks) happen outside transactions.
//
// SQLite's own busy handler would block the event loop while it waits (better-sqlite3 is synchronous; with
// several writes waiting, one after the other), so it is off (BUSY_TIMEOUT_MS): an attempt fails at once
// and the wait is asynchronous backoff, with the one connection given back meanwhile, so other requests
// (reads included) run while a write waits.
import { setTimeout as sleep } from 'node:timers/promises'
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  type QueryCompiler,
  type QueryResult,
  sql,
  type Transaction,
  type TransactionBuilder,
  type TransactionSettings,
} from 'kysely'
import { DatabaseBusyError, isContention } from './errors.ts'

/** How long a write may wait for locks, in all, before it fails with DatabaseBusyError. */
export const WRITE_WAIT_MS = 15_000
/** SQLite's busy_timeout once open: an attempt at the lock never blocks the event loop. */
export const BUSY_TIMEOUT_MS = 0

/** Equal-jitter backoff: 12–25 ms, 25–50 ms, … capped at 250–500 ms. */
export function contentionBackoff(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(500, 25 * 2 ** attempt)
  return Math.round(exp / 2 + random() * (exp / 2))
}

/**
 * Each open transaction's deadline, by the `Transaction` its callback is given: a transaction nested in it
 * (opened on another connection while it is open) is handed it explicitly, and waits no longer. (Not an
 * AsyncLocalStorage: one alive makes Node run promise hooks on every promise in the process, about 6% of a
 * click's CPU.)
 */
const openDeadlines = new WeakMap<object, number>()

/** What kernel/db/prepared.ts runs a statement on directly: the SQLite handle's statement cache (connect.ts). */
export interface SqliteStatements {
  prepare(sql: string): { reader: boolean; all(params: readonly unknown[]): unknown[]; run(params: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint } }
}

interface ContentionOptions {
  waitMs: number
  /** SQLite: one connection behind a mutex, transactions begin with BEGIN IMMEDIATE */
  sqlite: boolean
  /** SQLite: the one connection's statements, lent to open transactions (sqliteTransaction) */
  statements?: SqliteStatements
}

/** Each open SQLite transaction's connection, by the `Transaction` its callback is given, while the callback runs. */
const openSqlite = new WeakMap<object, SqliteStatements>()

/**
 * The SQLite connection `db` holds, when `db` is a transaction whose callback is running: the transaction
 * holds the one connection, so a statement run on it directly is in that transaction, as Kysely would run
 * it, without Kysely's executor (kernel/db/prepared.ts). Otherwise (Postgres, or outside a transaction,
 * where another request may hold the connection) null.
 */
export function sqliteTransaction(db: object): SqliteStatements | null {
  return openSqlite.get(db) ?? null
}

/** Wraps a dialect so its driver waits for locks as described above. */
export class ContentionDialect implements Dialect {
  constructor(
    readonly inner: Dialect,
    readonly options: ContentionOptions,
  ) {}
  createDriver(): Driver {
    return new ContentionDriver(this.inner.createDriver(), this.options)
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler()
  }
  createAdapter(): DialectAdapter {
    return this.inner.createAdapter()
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.inner.createIntrospector(db)
  }
}

class ContentionDriver implements Driver {
  constructor(
    readonly inner: Driver,
    readonly options: ContentionOptions,
  ) {}
  init() {
    return this.inner.init()
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    // A single statement's wait counts from here: time queued for SQLite's one connection is time waited too.
    const deadline = Date.now() + this.options.waitMs
    return new WaitingConnection(this, await this.inner.acquireConnection(), deadline)
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    const conn = c as WaitingConnection
    if (this.options.sqlite) {
      // IMMEDIATE takes the write lock now, before anything ran: busy, it fails, and the transaction's
      // attempts (retrying(), below) wait for it until the transaction's deadline, the connection given back.
      const begin = CompiledQuery.raw(settings.accessMode === 'read only' ? 'begin' : 'begin immediate')
      await conn.inner.executeQuery(begin)
    } else {
      await this.inner.beginTransaction(conn.inner, settings)
    }
    conn.inTransaction = true
  }
  async commitTransaction(c: DatabaseConnection) {
    const conn = c as WaitingConnection
    // A failed COMMIT is followed by Kysely's ROLLBACK, which ends the transaction here.
    await this.inner.commitTransaction(conn.inner)
    conn.inTransaction = false
  }
  async rollbackTransaction(c: DatabaseConnection) {
    const conn = c as WaitingConnection
    try {
      await this.inner.rollbackTransaction(conn.inner)
    } finally {
      conn.inTransaction = false
    }
  }
  savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.savepoint!((c as WaitingConnection).inner, name, compile)
  }
  rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.rollbackToSavepoint!((c as WaitingConnection).inner, name, compile)
  }
  releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.releaseSavepoint!((c as WaitingConnection).inner, name, compile)
  }
  releaseConnection(c: DatabaseConnection) {
    return this.inner.releaseConnection((c as WaitingConnection).inner)
  }
  destroy() {
    return this.inner.destroy()
  }
}

/** One acquisition of a connection: single statements on it are retried until its deadline. */
class WaitingConnection implements DatabaseConnection {
  inTransaction = false
  /** Nothing has run on this acquisition yet: giving the connection back while waiting changes nothing. */
  #fresh = true

  constructor(
    readonly driver: ContentionDriver,
    public inner: DatabaseConnection,
    readonly deadline: number,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query)
    return this.retrying(() => this.inner.executeQuery<R>(query))
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.#fresh = false
    return this.inner.streamQuery<R>(query, chunkSize)
  }

  async retrying<T>(run: () => Promise<T>): Promise<T> {
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await run()
        this.#fresh = false
        return result
      } catch (err) {
        if (!isContention(err)) {
          this.#fresh = false
          throw err
        }
        // Failed with contention: it did nothing, so the connection is as fresh as before.
        const wait = contentionBackoff(attempt)
        if (Date.now() + wait > this.deadline) throw new DatabaseBusyError(Date.now() - started, { cause: err })
        await this.#pause(wait)
      }
    }
  }

  async #pause(ms: number) {
    // SQLite has one connection: hand it back while we sleep, so other requests' reads go on. Only before
    // anything ran on it (a one-statement query, or BEGIN): a session's later statements keep it.
    if (!(this.driver.options.sqlite && this.#fresh)) return void (await sleep(ms))
    await this.driver.inner.releaseConnection(this.inner)
    try {
      await sleep(ms)
    } finally {
      this.inner = await this.driver.inner.acquireConnection()
    }
  }
}

/**
 * Kysely whose `transaction()` runs the callback again when the transaction fails with contention (it was
 * rolled back), with jittered backoff, until the write's bound; then DatabaseBusyError.
 */
export class ContentionKysely<DB> extends Kysely<DB> {
  #options: ContentionOptions

  constructor(dialect: ContentionDialect) {
    super({ dialect })
    this.#options = dialect.options
  }

  override transaction(): TransactionBuilder<DB> {
    return retrying(super.transaction(), this.#options)
  }

  /** A transaction opened while `outer` is open, on another connection: it waits for locks until `outer`'s deadline, no longer. */
  transactionWithin(outer: Transaction<DB>): TransactionBuilder<DB> {
    return retrying(super.transaction(), this.#options, openDeadlines.get(outer))
  }
}

/**
 * `db.transaction()` for a transaction nested in `outer` (`transact` inside `transact`): it keeps the
 * outer's deadline, so the two together wait no longer than the outer's bound.
 */
export function transactionWithin<DB>(db: Kysely<DB>, outer: Transaction<DB>): TransactionBuilder<DB> {
  return db instanceof ContentionKysely ? db.transactionWithin(outer) : db.transaction()
}

/** `inherited`: the deadline of the transaction this one is nested in; else the bound counts from `execute`. */
function retrying<DB>(builder: TransactionBuilder<DB>, options: ContentionOptions, inherited?: number): TransactionBuilder<DB> {
  const { waitMs, statements } = options
  const postgres = !options.sqlite
  const execute = builder.execute.bind(builder)
  const setIsolationLevel = builder.setIsolationLevel.bind(builder)
  const setAccessMode = builder.setAccessMode.bind(builder)
  return Object.assign(builder, {
    setIsolationLevel: (level: Parameters<typeof setIsolationLevel>[0]) => retrying(setIsolationLevel(level), options, inherited),
    setAccessMode: (mode: Parameters<typeof setAccessMode>[0]) => retrying(setAccessMode(mode), options, inherited),
    execute: <T>(callback: (tx: Transaction<DB>) => Promise<T>): Promise<T> => {
      const started = Date.now()
      const deadline = inherited ?? started + waitMs
      return (async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await execute(async (tx) => {
              openDeadlines.set(tx, deadline)
              // On Postgres a lock wait may last only as long as the bound has left: the connection's
              // lock_timeout is the whole bound, right for a first attempt that is not nested.
              if (postgres && (attempt > 0 || inherited !== undefined)) await sql`select set_config('lock_timeout', ${`${Math.max(1, deadline - Date.now())}ms`}, true)`.execute(tx)
              if (statements) openSqlite.set(tx, statements)
              try {
                return await callback(tx)
              } finally {
                openSqlite.delete(tx) // the commit or rollback follows: a later use of tx goes through Kysely, which refuses it
              }
            })
          } catch (err) {
            if (err instanceof DatabaseBusyError || !isContention(err)) throw err
            const wait = contentionBackoff(attempt)
            if (Date.now() + wait > deadline) throw new DatabaseBusyError(Date.now() - started, { cause: err })
            await sleep(wait)
          }
        }
      })()
    },
  })
}
