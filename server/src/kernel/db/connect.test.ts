// The Postgres pool's size (DATABASE_POOL_SIZE): a process never holds more connections than it was given,
// and a request beyond them waits for one instead of failing. A new SQLite file's mode.
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { connect, migrate } from './connect.ts'

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

describe.skipIf(!pgUrl)('migrations on Postgres', () => {
  it("migrate a fresh schema named only by the URL's search_path, beside another schema already migrated", async () => {
    const key = randomBytes(32).toString('base64')
    const [first, fresh] = [`mig_a_${randomBytes(4).toString('hex')}`, `mig_b_${randomBytes(4).toString('hex')}`]
    const admin = connect({ url: pgUrl!, encryptionKey: key })
    await sql`create schema ${sql.id(first)}`.execute(admin)
    await sql`create schema ${sql.id(fresh)}`.execute(admin)
    // As `afflio migrate` is run: DATABASE_URL alone, its options setting the search_path.
    const inSchema = (schema: string) => connect({ url: `${pgUrl}${pgUrl!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`, encryptionKey: key })
    try {
      for (const schema of [first, fresh]) {
        const db = inSchema(schema)
        try {
          expect((await migrate(db)).length).toBeGreaterThan(40)
          const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${schema} and table_name in ('kysely_migration', 'kysely_migration_lock', 'programs')`.execute(db)
          expect(tables.rows[0]!.n).toBe(3)
          expect(await migrate(db)).toEqual([]) // and again: up to date
        } finally {
          await db.destroy()
        }
      }
    } finally {
      await sql`drop schema ${sql.id(first)} cascade`.execute(admin)
      await sql`drop schema ${sql.id(fresh)} cascade`.execute(admin)
      await admin.destroy()
    }
  }, 120_000)
})

describe('a SQLite database file', () => {
  it('is created readable by its owner only, and so are its -wal and -shm files, whatever the umask', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afflio-connect-'))
    const umask = process.umask(0o022)
    try {
      const file = join(dir, 'afflio.db')
      const db = connect({ url: file, encryptionKey: randomBytes(32).toString('base64') })
      try {
        await migrate(db)
        for (const f of [file, `${file}-wal`, `${file}-shm`]) {
          expect(existsSync(f), f).toBe(true)
          expect((statSync(f).mode & 0o777).toString(8), f).toBe('600')
        }
      } finally {
        await db.destroy()
      }
    } finally {
      process.umask(umask)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("an existing file keeps the mode its operator gave it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afflio-connect-'))
    try {
      const file = join(dir, 'shared.db')
      writeFileSync(file, '')
      chmodSync(file, 0o640)
      const db = connect({ url: `sqlite:${file}`, encryptionKey: randomBytes(32).toString('base64') })
      await migrate(db)
      await db.destroy()
      expect((statSync(file).mode & 0o777).toString(8)).toBe('640')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
