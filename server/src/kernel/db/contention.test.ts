// Writes under contention (issue 11, point 3): a write waits for the lock, bounded, retrying what can be
// retried, and past the bound answers 503 with Retry-After, having written nothing.
// SQLite: a second connection on the test database file holds BEGIN IMMEDIATE (the write lock), for less
// and for longer than the bound. Postgres: a real deadlock, and a table lock held past a short bound.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Afflio } from '@afflio/sdk'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { createApp } from '../../app.ts'
import { onError } from '../http/errors.ts'
import { ADMIN_TOKEN, createTestContext, dialects, type TestContext } from '../../testing.ts'
import { transact } from '../events.ts'
import { connect, type Db } from './connect.ts'
import { contentionBackoff, WRITE_WAIT_MS } from './contention.ts'
import { DatabaseBusyError, isContention } from './errors.ts'
import { inSavepoint } from './savepoint.ts'

const pgUrl = process.env.AFFLIO_TEST_POSTGRES_URL

/** A program with a partner and a click on its link: a sale naming the click earns a commission. */
async function saleSetup(ctx: TestContext, app = ctx.app) {
  const keys = await ctx.createProgram({ currency: 'USD' })
  const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => app.request(i as string, init), maxRetries: 0 })
  await afflio.partners.create({ email: 'ann@partners.test', linkCode: 'ANN' })
  const click = await app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': '198.18.0.1' }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN' }) })
  const { clickId } = (await click.json()) as { clickId: string }
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const sale = (invoiceId: string, headers: Record<string, string> = {}) => post('/v1/track/sale', { invoiceId, amountMinor: 5000, currency: 'USD', clickId }, headers)
  return { keys, afflio, clickId, post, sale }
}

async function count(db: Db, table: 'sales' | 'commissions' | 'idempotency_keys', invoiceId?: string) {
  let q = db.selectFrom(table).select((e) => e.fn.countAll().as('n'))
  if (invoiceId) q = q.where(sql.ref('invoice_id'), '=', invoiceId)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

const timed = async <T>(p: T | Promise<T>): Promise<[T, number]> => {
  const t0 = Date.now()
  const v = await p
  return [v, Date.now() - t0]
}

it('backs off with jitter, within [half, full] of 25 ms · 2^n, capped at 500 ms', () => {
  expect([0, 1, 2, 3, 4, 5, 9].map((n) => contentionBackoff(n, () => 0))).toEqual([13, 25, 50, 100, 200, 250, 250])
  expect([0, 1, 2, 3, 4, 5, 9].map((n) => contentionBackoff(n, () => 0.999999))).toEqual([25, 50, 100, 200, 400, 500, 500])
})

it('counts busy, locked, deadlock, serialization and lock-timeout errors as contention, and nothing else', () => {
  for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '40001', '40P01', '55P03']) expect(isContention({ code })).toBe(true)
  for (const code of ['SQLITE_CONSTRAINT_UNIQUE', '23505', 'SQLITE_ERROR', undefined]) expect(isContention({ code })).toBe(false)
  expect(isContention(null)).toBe(false)
})

describe('SQLite: another connection holds the write lock', () => {
  let ctx: TestContext
  let file: string
  let holder: SQLite.Database
  beforeEach(async () => {
    ctx = await createTestContext({ dialect: 'sqlite', rateLimit: { trustProxy: true } })
    file = (await sql<{ file: string }>`pragma database_list`.execute(ctx.db)).rows[0]!.file
    holder = new SQLite(file)
  })
  afterEach(async () => {
    if (holder.inTransaction) holder.exec('rollback')
    holder.close()
    await ctx.close()
  })

  /** BEGIN IMMEDIATE on the second connection, a write in it, and COMMIT after `ms`. */
  function holdWriteLock(ms: number) {
    holder.exec('begin immediate')
    holder.prepare(`update programs set name = name || ' (held)'`).run() // moves the database on under the waiting write
    return sleep(ms).then(() => holder.exec('commit'))
  }

  it('a sale waits out a lock held for 6 s, then is recorded once; reads go on meanwhile', async () => {
    const s = await saleSetup(ctx)
    const released = holdWriteLock(6000)
    const sale = timed(s.sale('inv_waited', { 'idempotency-key': 'k-waited' }))
    await sleep(500)
    // While the write waits, the one connection is free between attempts: a read answers at once.
    const [list, readMs] = await timed(s.afflio.partners.list())
    expect(list.data).toHaveLength(1)
    expect(readMs).toBeLessThan(1000)

    const [res, ms] = await sale
    await released
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body.commission).toMatchObject({ amountMinor: 1000, status: 'pending' })
    expect(ms).toBeGreaterThanOrEqual(5900)
    expect(ms).toBeLessThan(8000) // polled, not slept through: the lock is noticed within ~0.5 s of release
    expect(await count(ctx.db, 'sales', 'inv_waited')).toBe(1)
    expect(await count(ctx.db, 'commissions')).toBe(1)
  })

  it('past the bound (a lock held 20 s) answers 503 with Retry-After and writes nothing; the retry succeeds', async () => {
    const s = await saleSetup(ctx)
    const keysBefore = await count(ctx.db, 'idempotency_keys')
    const released = holdWriteLock(20_000)
    // One with an Idempotency-Key (its claim is a single statement that waits) and one without (its
    // transaction waits at BEGIN IMMEDIATE): both give up at the bound.
    const [[withKey, ms1], [withoutKey, ms2]] = await Promise.all([timed(s.sale('inv_held_a', { 'idempotency-key': 'k-held' })), timed(s.sale('inv_held_b'))])
    for (const [res, ms] of [
      [withKey, ms1],
      [withoutKey, ms2],
    ] as const) {
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('2')
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect((await res.json()).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/busy/) })
      expect(ms).toBeGreaterThanOrEqual(WRITE_WAIT_MS - 600)
      expect(ms).toBeLessThan(WRITE_WAIT_MS + 1500)
    }
    await released

    // Nothing half-written: no sale, no commission, no idempotency claim left to block the retry.
    expect(await count(ctx.db, 'sales')).toBe(0)
    expect(await count(ctx.db, 'commissions')).toBe(0)
    expect(await count(ctx.db, 'idempotency_keys')).toBe(keysBefore)
    const retried = await s.sale('inv_held_a', { 'idempotency-key': 'k-held' })
    expect(retried.status).toBe(201)
    expect(await count(ctx.db, 'sales')).toBe(1)
    expect(await count(ctx.db, 'commissions')).toBe(1)
  }, 40_000)

  it('a transaction failing mid-way with SQLITE_BUSY is rolled back and run again as a whole', async () => {
    const { program } = await ctx.createProgram()
    let attempts = 0
    const result = await ctx.db.transaction().execute(async (tx) => {
      attempts++
      await tx.insertInto('partner_groups').values({ id: `grp_${attempts}`, program_id: program.id, name: 'Gold', created_at: '2026-01-01T00:00:00Z' }).execute()
      if (attempts === 1) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
      return attempts
    })
    expect(result).toBe(2)
    expect(await ctx.db.selectFrom('partner_groups').select('id').where('program_id', '=', program.id).execute()).toEqual([{ id: 'grp_2' }])
  })

  it('a DatabaseBusyError, or contention that escaped the retries, is a 503 with Retry-After, never a 500', async () => {
    const app = new Hono()
      .onError(onError)
      .get('/busy', () => {
        throw new DatabaseBusyError(15_000)
      })
      .get('/deadlock', () => {
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' })
      })
    for (const path of ['/busy', '/deadlock']) {
      const res = await app.request(path)
      expect([res.status, res.headers.get('retry-after'), (await res.json()).error.code]).toEqual([503, '2', 'unavailable'])
    }
  })
})

describe.skipIf(!pgUrl)('Postgres: deadlocks and lock waits', () => {
  let ctx: TestContext
  let schema: string
  let other: pg.Client
  beforeEach(async () => {
    ctx = await createTestContext({ dialect: 'postgres', rateLimit: { trustProxy: true } })
    schema = (await ctx.db.selectNoFrom((e) => e.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s
    other = new pg.Client({ connectionString: pgUrl })
    await other.connect()
    await other.query(`set search_path to "${schema}"`)
  })
  afterEach(async () => {
    await other.end()
    await ctx.close()
  })

  /** Waits until `n` backends of this database wait for a lock. */
  async function waiting(n: number) {
    for (let i = 0; i < 400; i++) {
      // Only backends queued behind this connection's lock: other tests share the database.
      const { rows } = await other.query(`with recursive blocked(pid) as (
        select pid from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))
        union
        select a.pid from pg_stat_activity a join blocked b on b.pid = any(pg_blocking_pids(a.pid))
      ) select count(*)::int as n from blocked`)
      if (rows[0].n >= n) return
      await sleep(25)
    }
    throw new Error(`expected ${n} backends waiting for a lock`)
  }

  it('a transaction that loses a deadlock is retried as a whole, then commits', async () => {
    const a = await ctx.createProgram({ name: 'A' })
    const b = await ctx.createProgram({ name: 'B' })
    // The test's connection detects deadlocks late, so Postgres picks the app's transaction as the victim.
    await other.query(`set deadlock_timeout = '20s'`)
    await other.query('begin')
    await other.query(`update programs set name = 'other' where id = $1`, [b.program.id])

    let attempts = 0
    const app = ctx.db.transaction().execute(async (tx) => {
      attempts++
      await tx.updateTable('programs').set({ name: `app ${attempts}` }).where('id', '=', a.program.id).execute()
      await tx.updateTable('programs').set({ name: `app ${attempts}` }).where('id', '=', b.program.id).execute() // waits for the test's row
      return attempts
    })
    await waiting(1)
    // The opposite order: the test's connection now waits for the app's row. Postgres (deadlock_timeout
    // 1 s on the app's side) aborts the app's transaction with 40P01; it is rolled back and run again,
    // and waits for the test's transaction this time.
    const otherUpdate = other.query(`update programs set name = 'other' where id = $1`, [a.program.id])
    await otherUpdate
    await other.query('commit')
    expect(await app).toBe(2)
    const names = await ctx.db.selectFrom('programs').select(['id', 'name']).where('id', 'in', [a.program.id, b.program.id]).orderBy('name').execute()
    expect(names.map((r) => r.name)).toEqual(['app 2', 'app 2'])
  })

  it('a sale past the bound (a table lock held longer) answers 503 with Retry-After and writes nothing; the retry succeeds', async () => {
    // The same schema through a second Db with a 2 s bound, so the test need not wait 15 s.
    const db = connect({ url: pgUrl!, schema, writeWaitMs: 2000, encryptionKey: randomBytes(32).toString('base64') })
    try {
      const app = createApp({ db, now: ctx.clock.now, adminToken: ADMIN_TOKEN, rateLimit: { trustProxy: true } })
      const s = await saleSetup(ctx, app)
      const keysBefore = await count(db, 'idempotency_keys')
      await other.query('begin')
      await other.query('lock table sales in exclusive mode') // reads go on; inserts wait
      const [res, ms] = await timed(s.sale('inv_pg_held', { 'idempotency-key': 'k-pg-held' }))
      await other.query('commit')
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('2')
      expect((await res.json()).error.code).toBe('unavailable')
      expect(ms).toBeGreaterThanOrEqual(1900)
      expect(ms).toBeLessThan(4000)
      expect(await count(db, 'sales')).toBe(0)
      expect(await count(db, 'commissions')).toBe(0)
      expect(await count(db, 'idempotency_keys')).toBe(keysBefore) // the claim was given back
      expect((await s.sale('inv_pg_held', { 'idempotency-key': 'k-pg-held' })).status).toBe(201)
      expect(await count(db, 'sales')).toBe(1)
    } finally {
      await db.destroy()
    }
  })
})

// A transaction opened inside another's callback (another connection) is given the outer one (`transact`'s
// `within`): the two together wait no longer than the outer's bound, as when a deadline was ambient.
describe.each(dialects)('a transaction nested in another on %s', (dialect) => {
  let ctx: TestContext
  const opened: Db[] = []
  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy()
    await ctx.close()
  })

  /** Another handle on the test's database with its own bound, as another process would have. */
  async function handle(writeWaitMs: number): Promise<Db> {
    const encryptionKey = randomBytes(32).toString('base64')
    const db =
      dialect === 'postgres'
        ? connect({ url: pgUrl!, schema: (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.db)).rows[0]!.s, writeWaitMs, encryptionKey })
        : connect({ url: (await sql<{ file: string }>`pragma database_list`.execute(ctx.db)).rows[0]!.file, writeWaitMs, encryptionKey })
    opened.push(db)
    return db
  }

  it("waits for a lock only until the outer transaction's deadline, not a bound of its own", async () => {
    const { program } = await ctx.createProgram()
    const outerDb = await handle(1000)
    const innerDb = await handle(4000) // its own bound would be 4 s
    const rename = (db: Db, name: string) => db.updateTable('programs').set({ name }).where('id', '=', program.id).execute()
    const started = Date.now()
    const nested = await transact(outerDb, async (outer) => {
      await rename(outer, 'outer') // holds the lock the nested one needs (SQLite: the write lock; Postgres: the row)
      await sleep(400)
      const at = Date.now()
      // Postgres waits inside the nested one's savepoint, under its lock_timeout; SQLite at its BEGIN IMMEDIATE.
      const err = await transact(innerDb, (inner) => inSavepoint(inner, 'nested_write', () => rename(inner, 'inner')), outer).catch((e: unknown) => e)
      return { err, ms: Date.now() - at }
    })
    expect(nested.err).toBeInstanceOf(DatabaseBusyError)
    expect(nested.ms).toBeLessThan(1200) // gave up at the outer's deadline, ~600 ms after it began
    expect(Date.now() - started).toBeLessThan(2000)
    expect((await ctx.db.selectFrom('programs').select('name').where('id', '=', program.id).executeTakeFirstOrThrow()).name).toBe('outer')
  }, 15_000)
})
