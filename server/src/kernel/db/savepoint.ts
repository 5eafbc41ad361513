import type { Tx } from './connect.ts'
import { rawStatement } from './prepared.ts'

type Statement = ReturnType<typeof rawStatement>

// A savepoint's three statements, written once per name: sales in a group commit and each event's reactions
// take one every time, and building even a raw query per use costs more than SQLite takes to run it.
const byName = new Map<string, { save: Statement; release: Statement; rollback: Statement }>()

/** `savepoint`, `release savepoint` and `rollback to savepoint` for a name (a plain identifier). */
export function savepointStatements(name: string) {
  let s = byName.get(name)
  if (!s) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a savepoint name: ${name}`)
    s = { save: rawStatement(`savepoint "${name}"`), release: rawStatement(`release savepoint "${name}"`), rollback: rawStatement(`rollback to savepoint "${name}"`) }
    byName.set(name, s)
  }
  return s
}

/**
 * Runs `fn` inside a savepoint of `tx`: when it throws, its writes are undone and the transaction goes on.
 * It is part of `tx` (its connection, its lock_timeout): it waits for locks within `tx`'s deadline.
 */
export async function inSavepoint<T>(tx: Tx, name: string, fn: () => Promise<T>): Promise<T> {
  const s = savepointStatements(name)
  await s.save.execute(tx)
  try {
    const result = await fn()
    await s.release.execute(tx)
    return result
  } catch (err) {
    await s.rollback.execute(tx)
    await s.release.execute(tx)
    throw err
  }
}
