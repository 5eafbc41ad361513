// Postgres: many rows as one array argument a column, read back with unnest, so that a statement's text (and
// its name, named-statements.ts) is the same whatever the number of rows, and the rows cost one round trip.
import { type RawBuilder, sql } from 'kysely'
import type { Arg } from './prepared.ts'

type ElementType = 'text' | 'integer'

/** `unnest($1::text[], …) as alias(col, …)` over the prepared arguments `columns` names, in its order. */
export function unnestRows<A>(arg: Arg<A>, alias: string, columns: { [K in keyof A & string]?: ElementType }): RawBuilder<unknown> {
  const entries = Object.entries(columns) as Array<[keyof A & string, ElementType]>
  const arrays = sql.join(entries.map(([c, type]) => sql`${arg(c)}::${sql.raw(type)}[]`))
  return sql`unnest(${arrays}) as ${sql.id(alias)}(${sql.join(entries.map(([c]) => sql.id(c)))})`
}

/** The rows as the arrays unnestRows reads, one a column. */
export function toColumns<T, K extends keyof T & string>(rows: readonly T[], keys: readonly K[]): { [P in K]: Array<T[P]> } {
  return Object.fromEntries(keys.map((k) => [k, rows.map((r) => r[k])])) as { [P in K]: Array<T[P]> }
}
