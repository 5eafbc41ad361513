// The SQL statements a piece of work runs on SQLite, for tests that it reads no more than it must. Every
// statement runs through a better-sqlite3 Statement (Kysely's driver and kernel/db/prepared.ts alike,
// cached or not), so its methods are watched on the class they share.
import SQLite from 'better-sqlite3'

const RUNS = ['all', 'get', 'run', 'iterate'] as const

/** The text of every statement `work` ran on SQLite, in order, once per run. */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const probe = new SQLite(':memory:')
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<(typeof RUNS)[number], (...args: unknown[]) => unknown>
  probe.close()
  const ran: string[] = []
  const originals = RUNS.map((name) => proto[name])
  RUNS.forEach((name, i) => {
    proto[name] = function (this: SQLite.Statement, ...args: unknown[]) {
      ran.push(this.source)
      return originals[i]!.apply(this, args)
    }
  })
  try {
    await work()
  } finally {
    RUNS.forEach((name, i) => (proto[name] = originals[i]!))
  }
  return ran
}
