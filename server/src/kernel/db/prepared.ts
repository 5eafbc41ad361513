// A query built with Kysely once and run many times with new values. Building and compiling a Kysely query
// costs more CPU than SQLite takes to run a one-row insert, and the hot paths (a click, a sale) run the same
// few shapes over and over. `prepare` builds the query with stand-ins for its arguments, compiles it once
// per dialect, and then only swaps the values into the compiled parameters. In a SQLite transaction it runs
// the statement on the transaction's connection itself, skipping Kysely's executor (its connection provider,
// mutex and promise chain: ~7% of a click's CPU in the profile, a few percent measured end to end). On
// Postgres its text is sent as a named statement (named-statements.ts).
import { CompiledQuery, type Compilable, type Insertable, PostgresAdapter, type QueryResult } from 'kysely'
import type { Db, Tx } from './connect.ts'
import { type SqliteStatements, sqliteTransaction } from './contention.ts'
import { nameStatement } from './named-statements.ts'
import type { Database } from './schema.ts'

/** Stands for the argument `name` while the query is built; a query may only use it as a plain value. An argument left undefined is NULL. */
export type Arg<A> = <K extends keyof A & string>(name: K) => A[K]

const MARK = '\u0000arg:' // no real value holds a NUL: validation refuses them (kernel/http/validate.ts)

export interface Prepared<A, R> {
  execute(db: Db | Tx, args: A): Promise<QueryResult<R>>
}

export function prepare<A, R>(build: (db: Db, arg: Arg<A>) => Compilable<R>): Prepared<A, R> {
  // By dialect (its adapter's class): SQLite and Postgres compile to different text and placeholders.
  const compiled = new Map<unknown, { query: CompiledQuery<R>; slots: Array<string | null> }>()
  const arg = ((name: string) => `${MARK}${name}`) as Arg<A>
  return {
    execute(db, args) {
      const adapter = db.getExecutor().adapter
      let c = compiled.get(adapter.constructor)
      if (!c) {
        const query = build(db as Db, arg).compile()
        if (adapter instanceof PostgresAdapter) nameStatement(query.sql)
        const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null))
        compiled.set(adapter.constructor, (c = { query, slots }))
      }
      const { query, slots } = c
      const parameters = slots.map((slot, i) => (slot === null ? query.parameters[i] : ((args as Record<string, unknown>)[slot] ?? null)))
      const open = sqliteTransaction(db)
      if (!open) return db.executeQuery<R>({ ...query, parameters })
      try {
        return Promise.resolve(runOn<R>(open, query.sql, parameters))
      } catch (err) {
        return Promise.reject(err)
      }
    },
  }
}

/** What Kysely's SQLite driver answers for the statement, run synchronously on `open`. */
function runOn<R>(open: SqliteStatements, text: string, parameters: readonly unknown[]): QueryResult<R> {
  const stmt = open.prepare(text)
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] }
  const { changes, lastInsertRowid } = stmt.run(parameters)
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) }
}

/** `columns` when it names every column of the table; else a type that names the missing ones. */
type EveryColumn<T extends keyof Database, C> = [Exclude<keyof Database[T], C>] extends [never] ? unknown : { missing: Exclude<keyof Database[T], C> }

/**
 * Every column of the table, listed: a column added later fails to compile until it is listed here. A
 * prepared select names its columns so, not `*`, which named-statements.ts leaves unnamed.
 */
export function everyColumn<T extends keyof Database & string, C extends keyof Database[T] & string>(_table: T, columns: ReadonlyArray<C> & EveryColumn<T, C>): ReadonlyArray<C> {
  return columns
}

/**
 * A one-row insert of every column of the table (a column added later fails to compile until it is listed
 * here), prepared. An absent value is written as NULL, not as the column's default.
 */
export function prepareInsert<T extends keyof Database & string, C extends keyof Database[T] & string>(table: T, columns: ReadonlyArray<C> & EveryColumn<T, C>): Prepared<Insertable<Database[T]>, never> {
  return prepare<Insertable<Database[T]>, never>((db, arg) => db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, arg(c as never)])) as never) as never)
}

/** A statement without values, written once: a savepoint's, say. `text` is the same on every dialect. */
export function rawStatement(text: string): { execute(db: Db | Tx): Promise<QueryResult<unknown>> } {
  const query = CompiledQuery.raw(text)
  return { execute: (db) => db.executeQuery(query) }
}
