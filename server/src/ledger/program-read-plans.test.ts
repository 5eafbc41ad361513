// A commission action, a refund and the program's sales, commissions and customers lists find their rows through an
// index as the program grows, on both databases (hot-path-plans.test.ts does the same for a click, a lead,
// a sale and a refund by invoice, on SQLite). An action once read every commission of the program to find
// a family's clawbacks (68 ms a hold at 210k commissions), and each page of the sales list sorted all of
// the program's sales.
// Every statement they run is explained with the values it ran with: on SQLite as a new database has it (no
// statistics) and analysed, on Postgres analysed (as autovacuum leaves it). The program read is a tenth of
// the rows, so that walking a primary key past other programs' rows is not a cheap plan either.
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { newId } from '../kernel/ids.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

const BIG = ['customers', 'sales', 'commissions', 'refunds', 'internal_events', 'audit_log']
// A page of an unfiltered list: read by program alone in the list's order, it stops after the page.
const LIST_PAGE = /where "program_id" = (\?|\$1)( and "id" < (\?|\$2))? order by "id" desc limit/

type Ran = { sql: string; parameters: unknown[] }

/** Records each statement's first run (with its values) while `recording`, until `restore`. */
function recordStatements(dialect: 'sqlite' | 'postgres') {
  const ran = new Map<string, Ran>()
  const spies: Array<{ mockRestore: () => void }> = []
  const state = { recording: false, ran, restore: () => spies.forEach((s) => s.mockRestore()) }
  const keep = (text: unknown, parameters: unknown) => {
    if (state.recording && typeof text === 'string' && /^\s*(select|insert|update|delete|with)\b/i.test(text) && !ran.has(text)) ran.set(text, { sql: text, parameters: [...((parameters as unknown[]) ?? [])] })
  }
  if (dialect === 'sqlite') {
    const statement = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as { all: (...a: unknown[]) => unknown; run: (...a: unknown[]) => unknown }
    for (const method of ['all', 'run'] as const) {
      const original = statement[method]
      spies.push(vi.spyOn(statement, method).mockImplementation(function (this: { source: string }, ...args: unknown[]) {
        keep(this.source, args[0])
        return original.apply(this, args)
      }))
    }
  } else {
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown
    spies.push(
      vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
        keep(args[0], args[1])
        return query.apply(this, args)
      } as never),
    )
  }
  return state
}

type PgNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Plans?: PgNode[] }

/** The plan's reads of a big table that walk it: a scan, or an index searched by program_id alone (but for a list's page read in order). */
async function walks(ctx: TestContext, { sql: text, parameters }: Ran): Promise<string[]> {
  const listPage = LIST_PAGE.test(text)
  const run = (prefix: string) => ctx.db.executeQuery<Record<string, unknown>>({ sql: `${prefix} ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })
  const found: string[] = []
  if (ctx.dialect === 'sqlite') {
    const lines = (await run('explain query plan')).rows.map((r) => r.detail as string)
    const sorted = lines.some((l) => l.startsWith('USE TEMP B-TREE FOR ORDER BY'))
    // Plans name a table by its alias where the query gives one ("commissions" as "c").
    const aliases = new Map([...text.matchAll(/"(\w+)" as "(\w+)"/g)].map((a) => [a[2]!, a[1]!]))
    for (const line of lines) {
      const m = /^(SCAN|SEARCH) (\w+)(?: USING (?:COVERING )?INDEX \w+ \(([^)]*)\))?/.exec(line)
      if (!m || !BIG.includes(aliases.get(m[2]!) ?? m[2]!)) continue
      if (m[1] === 'SCAN' || (m[3] === 'program_id=?' && !(listPage && !sorted))) found.push(line)
    }
  } else {
    const [{ Plan }] = (await run('explain (format json)')).rows[0]!['QUERY PLAN'] as [{ Plan: PgNode }]
    const sorted = JSON.stringify(Plan).includes('"Node Type":"Sort"')
    const visit = (node: PgNode, table: string | undefined) => {
      table = node['Relation Name'] ?? table
      if (table && BIG.includes(table)) {
        const cond = node['Index Cond']
        if (node['Node Type'] === 'Seq Scan') found.push(`Seq Scan on ${table}`)
        else if (/^Index (Only )?Scan$/.test(node['Node Type']) && !cond) found.push(`${node['Node Type']} of all of ${node['Index Name']} on ${table}`)
        else if (cond && /^\((\w+\.)?program_id = [^()]*\)$/.test(cond) && !(listPage && !sorted)) found.push(`${node['Node Type']} of ${node['Index Name']} on ${table} by ${cond}`)
      }
      for (const child of node.Plans ?? []) visit(child, table)
    }
    visit(Plan, undefined)
  }
  return found
}

/** `n` sales of one partner, a commission each; every tenth with a recruiter's override, and a clawback of both. */
async function seedSales(ctx: TestContext, programId: string, partnerId: string, recruiterId: string, n: number) {
  const t0 = Date.parse('2026-01-01T00:00:00Z')
  for (let from = 0; from < n; from += 250) {
    const customers = [], sales = [], commissions = []
    for (let i = from; i < Math.min(n, from + 250); i++) {
      const at = new Date(t0 + i * 60_000)
      const [iso, customer, sale, commission] = [at.toISOString(), newId('cus', +at), newId('sal', +at), newId('com', +at)]
      customers.push({ id: customer, program_id: programId, external_id: `cus_${i}`, email: null, name: null, click_id: null, partner_id: partnerId, claimed_by: 'server' as const, created_at: iso })
      sales.push({ id: sale, program_id: programId, invoice_id: `inv_${i}`, payment_id: `pi_${i}`, customer_id: customer, partner_id: partnerId, amount_minor: 10_000, refunded_minor: 0, split_amount_minor: 0, split_refunded_minor: 0, currency: 'USD', occurred_at: iso, created_at: iso })
      const row = { program_id: programId, sale_id: sale, currency: 'USD', reason: 'seeded', customer_id: customer, status: 'pending' as const, approve_at: iso, created_at: iso, updated_at: iso }
      commissions.push({ ...row, id: commission, partner_id: partnerId, amount_minor: 1_000, kind: 'sale' as const })
      if (i % 10 === 0) {
        const override = newId('com', +at)
        commissions.push({ ...row, id: override, partner_id: recruiterId, amount_minor: 100, kind: 'override' as const, source_id: commission })
        commissions.push({ ...row, id: newId('com', +at), partner_id: partnerId, amount_minor: -500, kind: 'clawback' as const, reverses_id: commission })
        commissions.push({ ...row, id: newId('com', +at), partner_id: recruiterId, amount_minor: -50, kind: 'clawback' as const, reverses_id: override })
      }
    }
    await ctx.db.insertInto('customers').values(customers).execute()
    await ctx.db.insertInto('sales').values(sales).execute()
    await ctx.db.insertInto('commissions').values(commissions).execute()
  }
}

describe.each(dialects)('on %s', (dialect) => {
  let ctx: TestContext
  let recorder: ReturnType<typeof recordStatements>

  beforeAll(async () => {
    recorder = recordStatements(dialect)
    ctx = await createTestContext({ dialect })
  })
  afterAll(async () => {
    recorder.restore()
    await ctx.close()
  })

  it('a commission action, a refund and the unfiltered lists read no big table by a scan or by program alone', async () => {
    let program: { id: string; key: string; customerId: string; partnerId: string } | undefined
    for (const [name, sales] of [['Other', 3_000], ['Read', 300]] as const) {
      const p = await ctx.createProgram({ name, defaultCommission: { type: 'percent', rateBps: 1000 } })
      const partner = async (email: string) => ((await (await ctx.app.request('/v1/partners', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.secretKey}` }, body: JSON.stringify({ email }) })).json()) as { id: string }).id
      const [partnerId, recruiterId] = [await partner(`ann@${name}.test`), await partner(`bo@${name}.test`)]
      await seedSales(ctx, p.program.id, partnerId, recruiterId, sales)
      const customer = await ctx.db.selectFrom('customers').select('id').where('program_id', '=', p.program.id).executeTakeFirstOrThrow()
      program = { id: p.program.id, key: p.secretKey, customerId: customer.id, partnerId }
    }
    await ctx.drain()
    const { id: programId, key, customerId, partnerId } = program!
    const call = async (method: string, path: string, body?: object) => {
      const res = await ctx.app.request(path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, ...(body && { body: JSON.stringify(body) }) })
      expect(res.status, `${method} ${path}`).toBeLessThan(300)
      return res.json() as Promise<{ data: Array<{ id: string; kind: string; sourceId: string | null }>; nextCursor: string | null }>
    }
    const families = (await ctx.db.selectFrom('commissions').select('source_id').where('program_id', '=', programId).where('kind', '=', 'override').orderBy('id', 'desc').limit(2).execute()).map((r) => r.source_id!)

    recorder.recording = true
    await call('POST', `/v1/commissions/${families[0]}/actions`, { action: 'hold', reason: 'checking' })
    await call('POST', `/v1/commissions/${families[0]}/actions`, { action: 'release', reason: 'checked' })
    await call('POST', `/v1/commissions/${families[1]}/actions`, { action: 'mark_fraud', reason: 'self-referral' })
    await call('POST', '/v1/track/refund', { invoiceId: 'inv_20', amountMinor: 5_000 })
    await call('POST', '/v1/track/refund', { paymentId: 'pi_30' })
    const sales = await call('GET', '/v1/sales?limit=10')
    await call('GET', `/v1/sales?limit=10&cursor=${sales.nextCursor}`)
    await call('GET', `/v1/sales?customerId=${customerId}`)
    const commissions = await call('GET', '/v1/commissions?limit=10')
    await call('GET', `/v1/commissions?limit=10&cursor=${commissions.nextCursor}`)
    const customers = await call('GET', '/v1/customers?limit=10')
    await call('GET', `/v1/customers?limit=10&cursor=${customers.nextCursor}`)
    await call('GET', `/v1/customers?limit=10&partnerId=${partnerId}`)
    await call('GET', `/v1/customers?email=nobody@example.com`)
    const token = ((await (await ctx.app.request('/v1/embed-tokens', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ partnerId }) })).json()) as { token: string }).token
    const portal = await ctx.app.request('/v1/portal/customers?limit=10', { headers: { authorization: `Bearer ${token}` } })
    expect(portal.status).toBe(200)
    await ctx.drain()
    recorder.recording = false
    expect(recorder.ran.size).toBeGreaterThan(20)

    for (const analysed of dialect === 'sqlite' ? [false, true] : [true]) {
      if (analysed) await sql.raw(dialect === 'sqlite' ? 'analyze' : `analyze ${BIG.join(', ')}`).execute(ctx.db)
      const found: string[] = []
      for (const ran of recorder.ran.values()) for (const walk of await walks(ctx, ran)) found.push(`${walk}\n    in: ${ran.sql.slice(0, 400)}`)
      expect(found, analysed ? 'analysed' : 'without statistics').toEqual([])
    }
  })
})
