// The partner portal's read endpoints on a busy partner: 100,000 clicks, 10,000 leads, 10,000 sales and
// commissions over a year, beside 20 other partners' 100,000 clicks. Times the whole request in process
// (app.request: token lookup, validation, SQL aggregates, JSON) and prints the median of many runs, in
// wall time and in this process's CPU time (the fairer figure when other work shares the machine).
// The target: GET /v1/portal/overview under 50 ms on SQLite.
//
// Run: node --import tsx bench/portal-overview.ts
// Env: BENCH_RUNS (31), BENCH_POSTGRES_URL (also run on Postgres, in a fresh schema), BENCH_EXPLAIN=1 (SQLite
// plans), BENCH_SQLITE_FILE (a new file to seed and keep, for poking at with sqlite3), BENCH_PG_KEEP=1 (keep the schema)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createApp } from '../server/src/app.ts'
import { connect, type Db, migrate } from '../server/src/kernel/db/connect.ts'
import { randomToken } from '../server/src/kernel/ids.ts'
import { SYSTEM } from '../server/src/audit/index.ts'
import { createPartner } from '../server/src/partners/partners.ts'
import { createProgram } from '../server/src/programs/programs.ts'

// kysely and pg are the server package's dependencies, not the root's, so bench/ can't name them in an
// import: load the ESM entry the server itself resolves (same files, same module instance).
async function fromServer<T>(name: string): Promise<T> {
  const dir = fileURLToPath(new URL(`../server/node_modules/${name}/`, import.meta.url))
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: { '.': { import: string } } }
  return (await import(pathToFileURL(join(dir, exports['.'].import)).href)) as T
}
interface KyselyModule {
  sql: (s: TemplateStringsArray, ...v: unknown[]) => { execute(db: Db): Promise<{ rows: unknown[] }> }
}
interface PgClient {
  connect(): Promise<unknown>
  query(q: string): Promise<unknown>
  end(): Promise<void>
}
const { sql } = await fromServer<KyselyModule>('kysely')
const pg = (await fromServer<{ default: { Client: new (o: { connectionString: string }) => PgClient } }>('pg')).default

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS) || 31)
const CLICKS = 100_000
const SALES = 10_000
const OTHERS = 20
const OTHER_CLICKS = 5_000
const DAYS = 364 // all inside the 365-day period the bench asks for
const NOW = new Date('2026-11-25T12:00:00.000Z')
const TARGET_MS = 50

// Ids only need to be unique and sort by time here; the bench writes rows directly, in bulk.
let seq = 0
const id = (prefix: string, at: number) => `${prefix}_${at.toString(36).padStart(10, '0')}${(seq++).toString(36).padStart(14, '0')}`
const spread = (i: number, n: number) => NOW.getTime() - Math.floor(((n - i) / n) * DAYS * 86_400_000) + (i % 1000)

interface Untyped {
  transaction(): { execute(f: (tx: { insertInto(t: string): { values(r: unknown[]): { execute(): Promise<unknown> } } }) => Promise<void>): Promise<void> }
}

// Untyped on purpose: columns the bench leaves out take their defaults, whatever later migrations add.
async function insertAll(db: Db, table: string, rows: Record<string, unknown>[]) {
  const any = db as unknown as Untyped
  const width = Object.keys(rows[0] ?? { x: 1 }).length
  const chunk = Math.floor(30_000 / width) // under both dialects' bound-parameter limits
  await any.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += chunk) await tx.insertInto(table).values(rows.slice(i, i + chunk)).execute()
  })
}

/** One busy partner and its noisy neighbours; returns the busy partner's embed token. */
async function seed(db: Db, app: ReturnType<typeof createApp>): Promise<string> {
  const { program, secretKey } = await createProgram(db, { name: 'Bench', currency: 'USD' }, NOW)
  const star = await createPartner(db, program.id, { email: 'star@bench.test', linkCode: 'STAR' }, { actor: SYSTEM, at: NOW })
  const others = []
  for (let i = 0; i < OTHERS; i++) others.push(await createPartner(db, program.id, { email: `p${i}@bench.test`, linkCode: `p${i}` }, { actor: SYSTEM, at: NOW }))

  const clicks = (partnerId: string, linkId: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const at = spread(i, n)
      return { id: id('clk', at), program_id: program.id, link_id: linkId, partner_id: partnerId, landing_url: null, referrer: null, sub_id: i % 3 ? null : 'newsletter', visitor_hash: randomToken(16), created_at: new Date(at).toISOString() }
    })
  const starClicks = clicks(star.id, star.links[0]!.id, CLICKS)
  await insertAll(db, 'clicks', starClicks)
  for (const o of others) await insertAll(db, 'clicks', clicks(o.id, o.links[0]!.id, OTHER_CLICKS))

  // Every tenth click becomes a customer, and each customer buys once.
  const customers = []
  const sales = []
  const commissions = []
  const statuses = ['pending', 'approved', 'paid', 'reversed', 'on_hold'] as const
  for (let i = 0; i < SALES; i++) {
    const click = starClicks[i * (CLICKS / SALES)]!
    const at = click.created_at
    const customerId = id('cus', Date.parse(at))
    customers.push({ id: customerId, program_id: program.id, external_id: `c${i}`, email: null, name: null, click_id: click.id, partner_id: star.id, created_at: at })
    const saleId = id('sal', Date.parse(at))
    const currency = i % 10 === 0 ? 'EUR' : 'USD'
    const amount = 1000 + (i % 50) * 100
    sales.push({ id: saleId, program_id: program.id, invoice_id: `in_${i}`, customer_id: customerId, partner_id: star.id, click_id: click.id, product_id: null, amount_minor: amount, currency, refunded_minor: 0, occurred_at: at, created_at: at })
    commissions.push({ id: id('com', Date.parse(at)), program_id: program.id, partner_id: star.id, sale_id: saleId, reverses_id: null, amount_minor: amount / 5, currency, status: statuses[i % statuses.length], reason: '20%', created_at: at, updated_at: at })
  }
  await insertAll(db, 'customers', customers)
  await insertAll(db, 'sales', sales)
  await insertAll(db, 'commissions', commissions)

  const res = await app.request('/v1/embed-tokens', { method: 'POST', headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ partnerId: star.id, expiresInSeconds: 86_400 }) })
  if (res.status !== 201) throw new Error(`minting failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

async function time(app: ReturnType<typeof createApp>, token: string, path: string) {
  const call = async () => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  for (let i = 0; i < 3; i++) await call()
  const ms: number[] = []
  const cpu: number[] = []
  let body: unknown
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    const c = process.cpuUsage()
    body = await call()
    const used = process.cpuUsage(c)
    ms.push(performance.now() - t)
    cpu.push((used.user + used.system) / 1000)
  }
  ms.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  const mid = Math.floor(RUNS / 2)
  return { median: ms[mid]!, p90: ms[Math.floor(RUNS * 0.9)]!, min: ms[0]!, cpu: cpu[mid]!, body }
}

const ms = (n: number) => `${n.toFixed(2).padStart(7)} ms`

async function run(label: string, db: Db, afterSeed: () => Promise<void>) {
  const app = createApp({ db, now: () => NOW, rateLimit: { burst: 1e9, perSecond: 1e9 } })
  const t0 = performance.now()
  const token = await seed(db, app)
  await afterSeed()
  console.log(`\n${label}: seeded ${CLICKS + OTHERS * OTHER_CLICKS} clicks, ${SALES} leads, sales and commissions in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${RUNS} runs each`)

  const year = `from=2025-11-26&to=2026-11-25`
  const cases: Array<[string, string]> = [
    ['overview, 365 days by day', `/v1/portal/overview?${year}&interval=day`],
    ['overview, 365 days by month', `/v1/portal/overview?${year}&interval=month`],
    ['overview, last 30 days (default)', '/v1/portal/overview'],
    ['links', '/v1/portal/links'],
    ['commissions, first page', '/v1/portal/commissions?limit=25'],
    ['payouts', '/v1/portal/payouts'],
  ]
  let overviewMedian = 0
  for (const [name, path] of cases) {
    const r = await time(app, token, path)
    if (name.startsWith('overview, 365 days by day')) {
      overviewMedian = r.median
      const o = r.body as { clicks: number; leads: number; sales: number; series: unknown[] }
      if (o.clicks !== CLICKS || o.leads !== SALES || o.sales !== SALES) throw new Error(`overview counts are wrong: ${JSON.stringify({ ...o, series: o.series.length })}`)
    }
    console.log(`  ${name.padEnd(34)} median ${ms(r.median)}   p90 ${ms(r.p90)}   min ${ms(r.min)}   cpu median ${ms(r.cpu)}`)
  }
  const verdict = overviewMedian < TARGET_MS ? 'within' : 'OVER'
  console.log(`  => a year's overview: ${overviewMedian.toFixed(1)} ms median, ${verdict} the ${TARGET_MS} ms target (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`)
  return overviewMedian
}

async function explain(db: Db) {
  const partner = await db.selectFrom('partners').select('id').where('email', '=', 'star@bench.test').executeTakeFirstOrThrow()
  const p = partner.id
  // The shapes of repos/portal-stats.ts dailyFacts: filter and group on the indexed day expression.
  const d = sql`substr(created_at, 1, 10)`
  const range = sql`partner_id = ${p} and ${d} >= '2025-11-26' and ${d} <= '2026-11-25'`
  const queries = [
    sql`explain query plan select ${d}, count(*) from clicks where ${range} group by ${d}`,
    sql`explain query plan select ${d}, count(*) from customers where ${range} group by ${d}`,
    sql`explain query plan select ${d}, currency, count(*), sum(amount_minor) from sales where ${range} group by ${d}, currency`,
    sql`explain query plan select ${d}, status, currency, sum(amount_minor) from commissions where ${range} and status not in ('reversed', 'fraud') group by ${d}, status, currency`,
  ]
  for (const q of queries) {
    const rows = (await q.execute(db)).rows as Array<{ detail: string }>
    console.log('  plan:', rows.map((r) => r.detail).join(' | '))
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'afflio-bench-portal-'))
  try {
    const db = connect({ url: process.env.BENCH_SQLITE_FILE || join(dir, 'bench.db') })
    await migrate(db)
    const sqliteMs = await run('SQLite (file, WAL)', db, async () => {})
    if (process.env.BENCH_EXPLAIN) await explain(db)
    await db.destroy()

    const pgUrl = process.env.BENCH_POSTGRES_URL
    if (pgUrl) {
      const schema = `bench_${randomToken(10)}`
      const admin = new pg.Client({ connectionString: pgUrl })
      await admin.connect()
      await admin.query(`create schema "${schema}"`)
      try {
        const pdb = connect({ url: pgUrl, schema })
        await migrate(pdb, schema)
        await run('Postgres (after vacuum analyze, as autovacuum leaves a settled table)', pdb, async () => void (await sql`vacuum analyze clicks, customers, sales, commissions, links, partners`.execute(pdb)))
        await pdb.destroy()
      } finally {
        if (process.env.BENCH_PG_KEEP) console.log(`  kept schema ${schema}`)
        else await admin.query(`drop schema "${schema}" cascade`)
        await admin.end()
      }
    }
    if (sqliteMs >= TARGET_MS) process.exitCode = 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
