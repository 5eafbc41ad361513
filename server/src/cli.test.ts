// The command line as a self-hoster runs it: help, a wrong command, migrate saying what it did, and the
// commands that need the encryption key refusing without one before they write anything.
import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { connect } from './kernel/db/connect.ts'

const bin = fileURLToPath(new URL('../bin/afflio.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'afflio-cli-'))
const runWith = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) =>
    // (a serve that starts when it should have refused is stopped by the timeout, and fails its test)
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: join(dir, 'a.db'), ...env }, timeout: 60_000 }, (error, out, err) => resolve({ code: error ? Number(error.code) : 0, out, err })),
  )
const run = (...args: string[]) => runWith({}, ...args)
const pgUrl = process.env.AFFLIO_TEST_POSTGRES_URL

describe('afflio (the CLI)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('help is an answer, not an error; a wrong command is one, and says which', async () => {
    for (const args of [['help'], ['--help'], []]) {
      const r = await run(...args)
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^usage: afflio <command>/)
    }
    const wrong = await run('serv')
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/^afflio: unknown command 'serv'\nusage:/)
  }, 60_000)

  it('migrate prints what it applied, then that the schema is up to date; it makes up no key', async () => {
    expect((await run('migrate')).out).toMatch(/^migrated: 2026-11-25-0001-spine, /m)
    expect((await run('migrate')).out).toBe('migrate: the schema is up to date\n')
    expect(existsSync(join(dir, 'a.db.key'))).toBe(false) // only serve's first start creates the key file
    expect(statSync(join(dir, 'a.db')).mode & 0o777).toBe(0o600)
  }, 60_000)

  it('rotate-secrets without AFFLIO_ENCRYPTION_KEY or a key file refuses, and creates no key and no database', async () => {
    for (const db of ['a.db', 'new.db']) {
      const r = await runWith({ DATABASE_URL: join(dir, db) }, 'rotate-secrets')
      expect(r.code, db).toBe(1)
      expect(r.err, db).toContain(`AFFLIO_ENCRYPTION_KEY is not set and there is no key file ${join(dir, db)}.key`)
      expect(r.out, db).toBe('')
      expect(existsSync(join(dir, `${db}.key`)), db).toBe(false)
    }
    expect(existsSync(join(dir, 'new.db'))).toBe(false)
    // With the key, it runs.
    const r = await runWith({ DATABASE_URL: join(dir, 'a.db'), AFFLIO_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, 'rotate-secrets')
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^rotate-secrets: 0 sealed again under key [0-9a-f]{8}, 0 already under it, 0 unreadable$/m) })
  }, 120_000)

  it('seed on a new SQLite database makes up its key file, as serve does, and seeds the demo program', async () => {
    const r = await runWith({ DATABASE_URL: join(dir, 'seeded.db') }, 'seed')
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/^program prg_\w+\npublishable key pk_/m)
    expect(statSync(join(dir, 'seeded.db.key')).mode & 0o777).toBe(0o600)
  }, 120_000)

  it('serve and seed make up no key for a SQLite database that holds programs (a backup restored without its key file): they refuse, writing nothing', async () => {
    const held = join(dir, 'held.db')
    expect((await runWith({ DATABASE_URL: held }, 'seed')).code).toBe(0)
    const restored = join(dir, 'restored.db')
    copyFileSync(held, restored) // the backup, without held.db.key
    const before = readFileSync(restored)
    for (const command of ['seed', 'serve']) {
      const r = await runWith({ DATABASE_URL: restored, PORT: '0' }, command)
      expect(r.code, command).toBe(1)
      expect(r.err, command).toBe(
        `AFFLIO_ENCRYPTION_KEY is not set and there is no key file ${restored}.key, but this database already holds programs, whose stored secrets and address hashes are under the key that file held: put its key file back or set AFFLIO_ENCRYPTION_KEY to that key. A new key is made up only for a new database.\n`,
      )
      expect(r.out, command).toBe('')
      expect(existsSync(`${restored}.key`), command).toBe(false)
    }
    expect(readFileSync(restored).equals(before)).toBe(true)
    // With its key file back, it runs.
    copyFileSync(`${held}.key`, `${restored}.key`)
    expect(await runWith({ DATABASE_URL: restored }, 'seed')).toMatchObject({ code: 0, out: expect.stringMatching(/^program prg_/m) })

    // A database migrated but without a program yet is new: nothing can be under a key, so seed makes one up.
    const empty = join(dir, 'empty.db')
    expect((await runWith({ DATABASE_URL: empty }, 'migrate')).code).toBe(0)
    expect(await runWith({ DATABASE_URL: empty }, 'seed')).toMatchObject({ code: 0, out: expect.stringMatching(/^afflio: created the secret key file /) })
    expect(existsSync(`${empty}.key`)).toBe(true)
  }, 180_000)

  it('a database that cannot be opened is named in the error, without its password', async () => {
    const notDb = join(dir, 'not-a-database.db')
    writeFileSync(notDb, 'hello\n')
    const sqlite = await runWith({ DATABASE_URL: notDb }, 'migrate')
    expect(sqlite.code).toBe(1)
    expect(sqlite.err).toBe(`Cannot open the database ${notDb} (DATABASE_URL): file is not a database\n`)
    const pg = await runWith({ DATABASE_URL: 'postgres://afflio:hunter2@127.0.0.1:9/afflio' }, 'migrate')
    expect(pg.code).toBe(1)
    expect(pg.err).toBe('Cannot open the database postgres://afflio:***@127.0.0.1:9/afflio (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:9\n')
    const inQuery = await runWith({ DATABASE_URL: 'postgres://afflio@127.0.0.1:9/afflio?password=hunter2&sslmode=disable' }, 'migrate')
    expect(inQuery.err).toBe('Cannot open the database postgres://afflio@127.0.0.1:9/afflio?password=***&sslmode=disable (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:9\n')
  }, 120_000)

  it('serve stops on SIGTERM after the requests in flight are answered, and exits 0', async () => {
    const file = join(dir, 'stop.db')
    expect((await runWith({ DATABASE_URL: file }, 'migrate')).code).toBe(0)
    const token = 'a'.repeat(32)
    const child = spawn(process.execPath, [bin, 'serve'], { env: { PATH: process.env.PATH, DATABASE_URL: file, PORT: '0', AFFLIO_ADMIN_TOKEN: token } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)))
    const holder = new SQLite(file)
    try {
      await expect.poll(() => /Afflio API on http:\/\/[^:]+:(\d+)/.exec(out)?.[1], { timeout: 60_000, interval: 100 }).toBeDefined()
      const port = /Afflio API on http:\/\/[^:]+:(\d+)/.exec(out)![1]
      // Another writer holds the lock: the request waits for it (up to 15 s) while the stop arrives.
      holder.exec('BEGIN IMMEDIATE')
      const answer = fetch(`http://127.0.0.1:${port}/v1/admin/programs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"name":"Stop","currency":"USD"}' }).then(
        async (r) => r.status,
        (err: Error) => `failed: ${err.message}`,
      )
      await new Promise((r) => setTimeout(r, 500))
      child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 1_000))
      holder.exec('COMMIT')
      expect(await answer).toBe(201)
      expect(await exited, out).toBe(0)
      expect(out).toContain('afflio: SIGTERM: finishing the requests in flight, then stopping')
      expect(holder.prepare('select name from programs').all()).toEqual([{ name: 'Stop' }])
    } finally {
      holder.close()
      child.kill('SIGKILL')
    }
  }, 120_000)

  it.skipIf(!pgUrl)('serve, rotate-secrets and seed on Postgres without AFFLIO_ENCRYPTION_KEY refuse before they migrate anything', async () => {
    const schema = `cli_${randomBytes(4).toString('hex')}`
    const admin = connect({ url: pgUrl!, encryptionKey: randomBytes(32).toString('base64') })
    await sql`create schema ${sql.id(schema)}`.execute(admin)
    try {
      const url = `${pgUrl}${pgUrl!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
      for (const command of ['serve', 'rotate-secrets', 'seed']) {
        const r = await runWith({ DATABASE_URL: url, PORT: '0' }, command)
        expect(r.code, command).toBe(1)
        expect(r.err, command).toMatch(/^AFFLIO_ENCRYPTION_KEY is not set\. With Postgres/)
        expect(r.out, command).toBe('')
      }
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${schema}`.execute(admin)
      expect(tables.rows[0]!.n).toBe(0)
    } finally {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin)
      await admin.destroy()
    }
  }, 120_000)
})
