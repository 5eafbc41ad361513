// For the query-plan tests: the statements that read a table, with their values, as the driver was given
// them (better-sqlite3's statements, pg's queries), so a test can explain exactly what the code ran.
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { vi } from 'vitest'

export type Ran = { sql: string; parameters: unknown[] }

/** Records the statements that read one of `tables`, with their values, while `recording`; on Postgres it must start before the pool connects. */
export function recordReads(dialect: 'sqlite' | 'postgres', ...tables: string[]) {
  const state = { recording: false, ran: [] as Ran[], restore: () => spies.forEach((s) => s.mockRestore()) }
  const reads = new RegExp(`\\bfrom "(?:${tables.join('|')})"`)
  const keep = (text: unknown, parameters: unknown) => {
    if (state.recording && typeof text === 'string' && reads.test(text)) state.ran.push({ sql: text, parameters: [...((parameters as unknown[]) ?? [])] })
  }
  const spies: Array<{ mockRestore: () => void }> = []
  if (dialect === 'sqlite') {
    const statement = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as { all: (...a: unknown[]) => unknown }
    const original = statement.all
    spies.push(vi.spyOn(statement, 'all').mockImplementation(function (this: { source: string }, ...args: unknown[]) {
      keep(this.source, args[0])
      return original.apply(this, args)
    }))
  } else {
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown
    spies.push(vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      // A named statement comes as a config object (kernel/db/named-statements.ts).
      const config = args[0] as string | { text: string; values?: unknown[] }
      if (typeof config === 'string') keep(config, args[1])
      else keep(config.text, config.values ?? args[1])
      return query.apply(this, args)
    } as never))
  }
  return state
}
