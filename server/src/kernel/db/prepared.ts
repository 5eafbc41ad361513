// A query built with Kysely once and run many times with new values. Building and compiling a Kysely query
// costs more CPU than SQLite takes to run a one-row insert, and the hot paths (a click, a sale) run the same
// few shapes over and over. `prepare` builds the query with stand-ins for its arguments, compiles it once
// per dialect, and then only swaps the values into the compiled parameters.
import type { CompiledQuery, Compilable, QueryResult } from 'kysely'
import type { Db, Tx } from './connect.ts'

/** Stands for the argument `name` while the query is built; a query may only use it as a plain value. */
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
      const dialect = db.getExecutor().adapter.constructor
      let c = compiled.get(dialect)
      if (!c) {
        const query = build(db as Db, arg).compile()
        const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null))
        compiled.set(dialect, (c = { query, slots }))
      }
      const { query, slots } = c
      const parameters = slots.map((slot, i) => (slot === null ? query.parameters[i] : (args as Record<string, unknown>)[slot]))
      return db.executeQuery<R>({ ...query, parameters })
    },
  }
}
