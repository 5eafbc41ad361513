// On Postgres the hot paths' prepared statements are sent named: each connection parses them once. They
// must keep answering when another process adds a column to their table (a rolling deploy's migration),
// a statement reading the table's `*` is never named (Postgres would refuse it after such a migration), a
// credited sale sends nothing unnamed but BEGIN and COMMIT, and DATABASE_PREPARED_STATEMENTS=false
// (pgbouncer before 1.21) sends nothing named.
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../app.ts'
import { SYSTEM } from '../../audit/index.ts'
import { createRule } from '../../ledger/rule-admin.ts'
import { createPartner } from '../../partners/partners.ts'
import { BROWSER_UA, createTestContext, type TestContext } from '../../testing.ts'
import { recordClick } from '../../tracking/index.ts'
import { eventBusOf } from '../events.ts'
import { connect, type Db } from './connect.ts'
import { nameStatement, sendNamedStatements } from './named-statements.ts'
import { prepare } from './prepared.ts'

const pgUrl = process.env.AFFLIO_TEST_POSTGRES_URL

const programName = prepare<{ id: string }, { name: string }>((db, arg) => db.selectFrom('programs').select('name').where('id', '=', arg('id')))
const wholeProgram = prepare<{ id: string }, Record<string, unknown>>((db, arg) => db.selectFrom('programs').selectAll().where('id', '=', arg('id')))

/** The statements this connection holds prepared at the protocol level (names are per connection). */
async function namedOnConnection(db: Db): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'afflio_%'`.execute(db)
  return rows.map((r) => r.statement)
}

describe.skipIf(!pgUrl)('named statements on Postgres', () => {
  let ctx: TestContext
  let schema: string
  let programId: string
  const opened: Db[] = []
  // One connection, so that a statement and the catalog read after it meet on the same server session.
  const oneConnection = (preparedStatements?: boolean) => {
    const db = connect({ url: pgUrl!, schema, poolSize: 1, encryptionKey: randomBytes(32).toString('base64'), preparedStatements })
    opened.push(db)
    return db
  }

  beforeEach(async () => {
    ctx = await createTestContext({ dialect: 'postgres' })
    schema = (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.db)).rows[0]!.s
    programId = (await ctx.createProgram({ name: 'Named', currency: 'USD' })).program.id
  })
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy()
    await ctx?.close()
  })

  it('parses a prepared statement once per connection and answers as before', async () => {
    const db = oneConnection()
    for (let i = 0; i < 3; i++) expect((await programName.execute(db, { id: programId })).rows).toEqual([{ name: 'Named' }])
    const named = await namedOnConnection(db)
    expect(named.filter((s) => s.includes('from "programs"') && s.includes('select "name"'))).toHaveLength(1)
  })

  it('keeps answering after another process adds a column to the table', async () => {
    const db = oneConnection()
    expect((await programName.execute(db, { id: programId })).rows).toEqual([{ name: 'Named' }])
    expect((await wholeProgram.execute(db, { id: programId })).rows[0]).not.toHaveProperty('added_later')
    await sql`alter table programs add column added_later text`.execute(ctx.db) // another pool: another session
    expect((await programName.execute(db, { id: programId })).rows).toEqual([{ name: 'Named' }])
    // `select *` was sent unnamed: it sees the new column instead of failing "cached plan must not change result type".
    expect((await wholeProgram.execute(db, { id: programId })).rows[0]).toHaveProperty('added_later', null)
    expect((await namedOnConnection(db)).some((s) => s.includes('select *'))).toBe(false)
  })

  it("keeps pg's own calling forms: pool.query, which passes a callback, settles named and unnamed", async () => {
    const pool = new pg.Pool({ connectionString: pgUrl!, max: 1 })
    try {
      sendNamedStatements(pool)
      nameStatement('select $1::int + 1 as n')
      expect((await pool.query('select $1::int + 1 as n', [41])).rows).toEqual([{ n: 42 }])
      expect((await pool.query('select 7 as n')).rows).toEqual([{ n: 7 }])
      const named = await pool.query(`select statement from pg_prepared_statements where name like 'afflio_%'`)
      expect(named.rows.map((r) => r.statement)).toContain('select $1::int + 1 as n')
    } finally {
      await pool.end()
    }
  })

  it('sends every statement of a credited sale and its reactions named, but BEGIN and COMMIT', async () => {
    const keys = await ctx.createProgram({ name: 'Sales', currency: 'USD' })
    const now = ctx.clock.now()
    const program = await ctx.db.selectFrom('programs').selectAll().where('id', '=', keys.program.id).executeTakeFirstOrThrow()
    await createRule(ctx.db, program.id, { name: 'Ten percent', event: 'sale', type: 'percent', value: 1000 }, { actor: SYSTEM, at: now })
    const partner = await createPartner(ctx.db, program, { email: 'ann@named.test', linkCode: 'ANN' }, { actor: SYSTEM, at: now })
    const click = await recordClick(ctx.db, program, { code: partner.links[0]!.code }, { ip: '192.0.2.1', userAgent: BROWSER_UA }, now)
    // Seen under the named-statements wrapper, which binds pg's query when a connection opens: a new pool.
    let unnamed: string[] = []
    const query = pg.Client.prototype.query
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [q] = args as [string | { text: string; name?: string }]
      if (typeof q === 'string' || !q.name) unnamed.push(typeof q === 'string' ? q : q.text)
      return (query as (...a: unknown[]) => unknown).apply(this, args)
    } as typeof query
    try {
      const db = ctx.connectAgain()
      const app = createApp({ db, now: ctx.clock.now })
      const sale = async (invoiceId: string) => {
        const res = await app.request('/v1/track/sale', {
          method: 'POST',
          headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ clickId: click!.clickId, invoiceId, amountMinor: 10_000, currency: 'USD' }),
        })
        expect(res.status).toBe(201)
        await eventBusOf(db)!.drain() // its reactions (onboarding, challenges, notices) after the commit
      }
      await sale('inv_1') // fills the caches a sale reads first (the key, the program, the rules in force)
      unnamed = []
      await sale('inv_2')
    } finally {
      pg.Client.prototype.query = query
    }
    expect(unnamed.sort()).toEqual(['begin', 'begin', 'commit', 'commit'])
  })

  it('names nothing when prepared statements are off', async () => {
    const db = oneConnection(false)
    expect((await programName.execute(db, { id: programId })).rows).toEqual([{ name: 'Named' }])
    expect(await namedOnConnection(db)).toEqual([])
  })
})
