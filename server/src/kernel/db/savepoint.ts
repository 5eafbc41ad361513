import { sql } from 'kysely'
import type { Tx } from './connect.ts'

/** Runs `fn` inside a savepoint of `tx`: when it throws, its writes are undone and the transaction goes on. */
export async function inSavepoint<T>(tx: Tx, name: string, fn: () => Promise<T>): Promise<T> {
  const id = sql.id(name)
  await sql`savepoint ${id}`.execute(tx)
  try {
    const result = await fn()
    await sql`release savepoint ${id}`.execute(tx)
    return result
  } catch (err) {
    await sql`rollback to savepoint ${id}`.execute(tx)
    await sql`release savepoint ${id}`.execute(tx)
    throw err
  }
}
