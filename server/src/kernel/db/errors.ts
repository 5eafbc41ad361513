/** True for a unique or primary-key violation, on SQLite and Postgres. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/**
 * True for a lock the database could not give us in time, or a transaction it aborted because of another:
 * SQLite's SQLITE_BUSY and SQLITE_LOCKED (and their extended codes); Postgres's serialization failure
 * (40001), deadlock (40P01) and lock timeout (55P03). A statement or transaction that failed with one of
 * these changed nothing, so it can be run again as a whole.
 */
export function isContention(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  return code === '40001' || code === '40P01' || code === '55P03' || /^SQLITE_(BUSY|LOCKED)/.test(code)
}

/** A write that kept meeting contention until its bound ran out; nothing of it was committed. The API answers 503. */
export class DatabaseBusyError extends Error {
  constructor(
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The database stayed busy for ${Math.round(waitedMs / 100) / 10} s`, options)
    this.name = 'DatabaseBusyError'
  }
}
