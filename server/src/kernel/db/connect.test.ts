// The Postgres pool's size (DATABASE_POOL_SIZE): a process never holds more connections than it was given,
// and a request beyond them waits for one instead of failing.
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { connect } from './connect.ts'

const pgUrl = process.env.AFFLIO_TEST_POSTGRES_URL

describe.skipIf(!pgUrl)('the Postgres pool', () => {
  it('opens at most poolSize connections; one more transaction waits for a free one', async () => {
    const db = connect({ url: pgUrl!, poolSize: 2, encryptionKey: randomBytes(32).toString('base64') })
    try {
      const started: number[] = []
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const hold = (i: number) =>
        db.transaction().execute(async (tx) => {
          started.push(i)
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)
          if (i < 2) await gate
          return rows[0]!.pid
        })
      const running = [hold(0), hold(1), hold(2)]
      await new Promise((r) => setTimeout(r, 300))
      expect(started.sort()).toEqual([0, 1]) // the third waits for a connection
      release()
      const pids = await Promise.all(running)
      expect(started).toHaveLength(3)
      expect(new Set(pids).size).toBe(2)
    } finally {
      await db.destroy()
    }
  })
})
