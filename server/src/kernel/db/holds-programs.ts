// Whether a SQLite file already holds a program, asked before a key file is made up for it. Everything sealed
// or hashed under the key belongs to a program (its Stripe secrets, its webhook endpoints' secrets, its stored
// idempotent answers, its clicks' and partners' address hashes, the unsubscribe links its emails carry), so a
// file without one has nothing a new key could fail to open or match; a file with one has lost its key (a
// backup restored without its key file, say), and a new key would only hide that until the first webhook.
// (The auth throttle's hashed addresses are not a program's, but they only count failures for a few minutes.)
import { existsSync } from 'node:fs'
import SQLite from 'better-sqlite3'

export function sqliteHoldsPrograms(file: string): boolean {
  // better-sqlite3 opens a `file:` name as a plain path too (no URI handling): the same check covers it.
  if (!existsSync(file)) return false
  // Only read from, but not opened read-only: a read-only connection to a WAL database leaves empty -wal and
  // -shm files behind, which a read-write one removes as it closes.
  const sqlite = new SQLite(file, { fileMustExist: true })
  try {
    sqlite.pragma('busy_timeout = 5000')
    const table = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'programs'`).get()
    return table !== undefined && sqlite.prepare('select 1 from programs limit 1').get() !== undefined
  } finally {
    sqlite.close()
  }
}
