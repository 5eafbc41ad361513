// Test fixtures: a real, migrated database (a temporary SQLite file, or a fresh Postgres schema when
// AFFLIO_TEST_POSTGRES_URL is set) and the app built on it the way production builds it.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CreatedProgram, CreateProgramInput } from '@afflio/sdk/types'
import pg from 'pg'
import { afterEach, beforeEach } from 'vitest'
import { type AppOptions, createApp } from './app.ts'
import { Migrator } from 'kysely'
import { connect, type Db, migrate } from './kernel/db/connect.ts'
import { migrations } from './kernel/db/migrations/index.ts'
import { randomToken } from './kernel/ids.ts'
import { createProgram } from './programs/index.ts'
import { dispatchDue, type DispatchResult, type EventBus, eventBusOf } from './kernel/events.ts'
import { networks } from './webhooks/destination.ts'

/** This host's loopback, IPv4 and IPv6: where tests' webhook receivers listen. */
export const LOOPBACK = networks(['127.0.0.0/8', '::1/128'])

export const ADMIN_TOKEN = 'test-admin-token'

/**
 * Postgres: backends waiting, directly or behind another waiter, on a lock the connection running it holds:
 * only this test's, whatever else runs on the database at the same time. Race tests poll it to force an order.
 * Waiters are read from pg_locks, live: pg_stat_activity is one snapshot per transaction, so polled from one
 * holding a lock it never sees a backend that connected after its first read.
 */
export const WAITING_ON_ME = `with recursive waiters as (select distinct pid from pg_locks where not granted), blocked(pid) as (
  select pid from waiters where pg_backend_pid() = any(pg_blocking_pids(pid))
  union
  select w.pid from waiters w join blocked b on b.pid = any(pg_blocking_pids(w.pid))
) select count(*)::int as n from blocked`

/** Postgres: backends second in line: waiting on one that waits on this connection (as WAITING_ON_ME, live). */
export const SECOND_IN_LINE = `with waiters as (select distinct pid from pg_locks where not granted)
select count(*)::int as n from waiters a join waiters b on b.pid = any(pg_blocking_pids(a.pid)) where pg_backend_pid() = any(pg_blocking_pids(b.pid))`

/** A person's browser, for clicks: a made-up user agent is a bot's to the fraud rules (isbot), and not counted. */
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

export interface TestContext {
  db: Db
  app: ReturnType<typeof createApp>
  dialect: 'sqlite' | 'postgres'
  /** A fixed clock the test can move: `ctx.clock.set('2026-01-01T00:00:00Z')` */
  clock: { now: () => Date; set: (iso: string) => void; advanceDays: (days: number) => void }
  createProgram: (input?: Partial<CreateProgramInput>) => Promise<CreatedProgram>
  /** The app's internal events: tests may register reactions of their own on it */
  events: EventBus
  /**
   * Waits until the reactions to every event recorded so far have run in process (they run in the
   * background after each commit: onboarding, challenges, notices). Call it before asserting on them.
   */
  drain: () => Promise<void>
  /** One pass of the event loop at the test's clock (runs due events: failed ones after their backoff) */
  dispatchDue: () => Promise<DispatchResult>
  /** Runs the migrations not run yet (after `migratedUpTo`: a migration's test seeds the schema before it) */
  migrateToLatest: () => Promise<void>
  /** Another connection (pool) to the same database, as a second server process has; closed by close() */
  connectAgain: () => Db
  close: () => Promise<void>
}

/** Dialects to run a suite against: SQLite always, Postgres when the environment names one. */
export const dialects: Array<'sqlite' | 'postgres'> = process.env.AFFLIO_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite']

export async function createTestContext(opts: { dialect?: 'sqlite' | 'postgres'; migratedUpTo?: string } & Partial<AppOptions> = {}): Promise<TestContext> {
  const dialect = opts.dialect ?? 'sqlite'
  let db: Db
  let cleanup: () => Promise<void>
  let schemaName: string | undefined
  let reconnect: () => Db
  if (dialect === 'postgres') {
    const url = process.env.AFFLIO_TEST_POSTGRES_URL
    if (!url) throw new Error('AFFLIO_TEST_POSTGRES_URL is not set')
    const schema = `t_${randomToken(12)}`
    schemaName = schema
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    await admin.end()
    // Postgres has no key file: a key per run, unless the environment gives one.
    const encryptionKey = process.env.AFFLIO_ENCRYPTION_KEY ?? randomBytes(32).toString('base64')
    db = connect({ url, schema, encryptionKey })
    reconnect = () => connect({ url, schema, encryptionKey })
    cleanup = async () => {
      await db.destroy()
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema if exists "${schema}" cascade`) // a context closed twice (a failed setup, then afterAll) drops once
      await c.end()
    }
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'afflio-test-'))
    db = connect({ url: join(dir, 'test.db'), log: () => {} }) // its key file is created beside it, quietly
    reconnect = () => connect({ url: join(dir, 'test.db'), log: () => {} })
    cleanup = async () => {
      await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await migrateBesideOthers(db, schemaName, opts.migratedUpTo)
  let current = new Date('2026-11-01T12:00:00.000Z')
  const clock = {
    now: () => new Date(current),
    set: (iso: string) => void (current = new Date(iso)),
    advanceDays: (days: number) => void (current = new Date(current.getTime() + days * 86_400_000)),
  }
  // Tests' webhook receivers listen on this host: its loopback is allowed unless a test says otherwise.
  const app = createApp({ db, now: clock.now, adminToken: ADMIN_TOKEN, webhookNetworks: LOOPBACK, ...opts })
  const events = eventBusOf(db)!
  const others: Db[] = []
  return {
    db,
    app,
    dialect,
    clock,
    createProgram: (input = {}) => createProgram(db, { name: 'Acme', currency: 'USD', ...input }, clock.now()),
    events,
    drain: () => events.drain(),
    dispatchDue: async () => {
      await events.drain()
      return dispatchDue(db, { now: clock.now() })
    },
    migrateToLatest: () => migrateBesideOthers(db, schemaName),
    connectAgain: () => {
      const other = reconnect()
      others.push(other)
      return other
    },
    close: async () => {
      await events.drain() // nothing may still run on the database that is about to go
      for (const other of others) await other.destroy()
      await cleanup()
    },
  }
}

/** Migrates a test's database (to latest, or up to and including the migration `upTo`). */
function migrateBesideOthers(db: Db, schema: string | undefined, upTo?: string): Promise<void> {
  return besideOthers(schema, async () => void (upTo ? await migrateUpTo(db, schema, upTo) : await migrate(db, schema)))
}

/**
 * Runs a migrator's work. On Postgres, Kysely's migrator looks for its table by scanning the catalog of
 * every schema, and a catalog scan fails when another test file changes its own schema at that moment:
 * "schema t_… does not exist" (dropped), or "column … of relation … does not exist" / "relation … does not
 * exist" (pg_get_serial_sequence on a column or table another file's migration just dropped). That is
 * another test's schema, not ours, so the work is tried again; a real fault of ours fails every attempt.
 */
export async function besideOthers<T>(schema: string | undefined, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (err) {
      const code = (err as { code?: string }).code ?? ''
      const other = ['3F000', '42703', '42P01'].includes(code) && schema !== undefined && !String((err as Error).message).includes(schema)
      if (!other || attempt >= 10) throw err
      await new Promise((r) => setTimeout(r, 20 * attempt))
    }
  }
}

/** Migrates up to and including the migration `name`, no further. */
async function migrateUpTo(db: Db, schema: string | undefined, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema && { migrationTableSchema: schema }) }).migrateTo(name)
  if (error) throw error
}

/**
 * A temporary SQLite file for each test of the suite, which `open` connects to with the keys given and
 * migrates, as the server and the CLI open a database: for tests of the keys themselves (rotation).
 */
export function keyedDatabaseFile(prefix: string): { open: (encryptionKey: string, previousEncryptionKeys?: string) => Promise<Db> } {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  return {
    async open(encryptionKey, previousEncryptionKeys = '') {
      const db = connect({ url: join(dir, 'afflio.db'), encryptionKey, previousEncryptionKeys, log: () => {} })
      await migrate(db)
      return db
    },
  }
}
