// The partner portal's read endpoints on a busy partner: 200,000 clicks, 10,000 leads, 10,000 sales and
// commissions over a year, beside 20 other partners' 100,000 clicks. Times the whole request in process
// (app.request: token lookup, validation, SQL aggregates, JSON) and prints the median of many runs, in
// wall time and in this process's CPU time (the fairer figure when other work shares the machine).
// Rows are seeded raw, then the daily rollups are built from them by the migration's own backfill.
// Targets (issue 12): a year's overview < 25 ms and a link's stats < 20 ms median, on both databases;
// with BENCH_BIG_CLICKS (10,000,000 for the issue's case) more clicks are seeded in the program (set-based,
// generate_series / a recursive CTE) and the overview must stay < 50 ms. "Before" is the raw-click
// aggregates the rollups replaced, timed on the same rows in the same run.
//
// Run: node --import tsx bench/portal-overview.ts
// Env: BENCH_RUNS (31), BENCH_POSTGRES_URL (also run on Postgres, in a fresh schema), BENCH_BIG_CLICKS (0),
// BENCH_EXPLAIN=1 (SQLite plans), BENCH_SQLITE_FILE (a new file to seed and keep), BENCH_PG_KEEP=1 (keep the schema)
import { randomBytes } from 'node:crypto'
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
import { backfill } from '../server/src/kernel/db/migrations/2026-12-05-0023-link-rollups.ts'
import { backfillEarnings } from '../server/src/kernel/db/migrations/2026-12-06-0044-link-day-earnings.ts'

// kysely and pg are the server package's dependencies, not the root's, so bench/ can't name them in an
// import: load the ESM entry the server itself resolves (same files, same module instance).
async function fromServer<T>(name: string): Promise<T> {
  const dir = fileURLToPath(new URL(`../server/node_modules/${name}/`, import.meta.url))
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: { '.': { import: string } } }
  return (await import(pathToFileURL(join(dir, exports['.'].import)).href)) as T
}
type Executable = { execute(db: Db): Promise<{ rows: unknown[] }> }
interface KyselyModule {
  sql: ((s: TemplateStringsArray, ...v: unknown[]) => Executable) & { raw(s: string): Executable }
}
interface PgClient {
  connect(): Promise<unknown>
  query(q: string): Promise<unknown>
  end(): Promise<void>
}
const { sql } = await fromServer<KyselyModule>('kysely')
const pg = (await fromServer<{ default: { Client: new (o: { connectionString: string }) => PgClient } }>('pg')).default

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS) || 31)
const CLICKS = 200_000
const SALES = 10_000
const OTHERS = 20
const OTHER_CLICKS = 5_000
const DAYS = 364 // all inside the 365-day period the bench asks for
const NOW = new Date('2026-11-25T12:00:00.000Z')
const TARGET_MS = 25
const LINK_TARGET_MS = 20
const BIG_TARGET_MS = 50
const BIG_CLICKS = Number(process.env.BENCH_BIG_CLICKS) || 0
const CROWD = 200 // partners sharing the big case's clicks

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

/** One busy partner and its noisy neighbours; returns the busy partner's embed token and ids. */
async function seed(db: Db, app: ReturnType<typeof createApp>): Promise<{ token: string; partnerId: string; linkId: string; secretKey: string }> {
  const { program, secretKey } = await createProgram(db, { name: 'Bench', currency: 'USD' }, NOW)
  const linkProgram = { id: program.id, site_url: program.siteUrl }
  const star = await createPartner(db, linkProgram, { email: 'star@bench.test', linkCode: 'STAR' }, { actor: SYSTEM, at: NOW })
  const others = []
  for (let i = 0; i < OTHERS; i++) others.push(await createPartner(db, linkProgram, { email: `p${i}@bench.test`, linkCode: `p${i}` }, { actor: SYSTEM, at: NOW }))

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
  // Stored statuses only (in_payout and paid are approved rows a payout covers: ledger/queries.ts).
  const statuses = ['pending', 'approved', 'approved', 'reversed', 'on_hold'] as const
  let approvals = 0
  for (let i = 0; i < SALES; i++) {
    const click = starClicks[i * (CLICKS / SALES)]!
    const at = click.created_at
    const customerId = id('cus', Date.parse(at))
    customers.push({ id: customerId, program_id: program.id, external_id: `c${i}`, email: null, name: null, click_id: click.id, partner_id: star.id, created_at: at })
    const saleId = id('sal', Date.parse(at))
    const currency = i % 10 === 0 ? 'EUR' : 'USD'
    const amount = 1000 + (i % 50) * 100
    sales.push({ id: saleId, program_id: program.id, invoice_id: `in_${i}`, customer_id: customerId, partner_id: star.id, click_id: click.id, product_id: null, amount_minor: amount, currency, refunded_minor: 0, occurred_at: at, created_at: at })
    const status = statuses[i % statuses.length]!
    commissions.push({ id: id('com', Date.parse(at)), program_id: program.id, partner_id: star.id, sale_id: saleId, reverses_id: null, link_id: star.links[0]!.id, amount_minor: amount / 5, currency, status, approval_seq: status === 'approved' ? ++approvals : null, reason: '20%', created_at: at, updated_at: at })
  }
  await insertAll(db, 'customers', customers)
  await insertAll(db, 'sales', sales)
  await insertAll(db, 'commissions', commissions)
  // A paid payout per currency covering the older half of the approved commissions: the overview's paid figure.
  const runId = id('prun', NOW.getTime())
  await insertAll(db, 'payout_runs', [{ id: runId, program_id: program.id, status: 'paid', created_at: NOW.toISOString(), paid_at: NOW.toISOString() }])
  await insertAll(db, 'payouts', ['USD', 'EUR'].map((currency) => ({ id: id('pay', NOW.getTime()), program_id: program.id, run_id: runId, partner_id: star.id, amount_minor: 0, currency, status: 'paid', provider: 'manual', seq_from: 0, seq_to: Math.floor(approvals / 2), created_at: NOW.toISOString(), paid_at: NOW.toISOString() })))

  const res = await app.request('/v1/embed-tokens', { method: 'POST', headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ partnerId: star.id, expiresInSeconds: 86_400 }) })
  if (res.status !== 201) throw new Error(`minting failed: ${res.status} ${await res.text()}`)
  if (BIG_CLICKS) await seedCrowd(db, linkProgram)
  return { token: ((await res.json()) as { token: string }).token, partnerId: star.id, linkId: star.links[0]!.id, secretKey }
}

/** BIG_CLICKS more clicks in the program over the year, spread over CROWD partners, in one set-based insert. */
async function seedCrowd(db: Db, program: { id: string; site_url: string | null }) {
  const programId = program.id
  const crowd = []
  for (let i = 0; i < CROWD; i++) crowd.push(await createPartner(db, program, { email: `c${i}@bench.test`, linkCode: `c${i}` }, { actor: SYSTEM, at: NOW }))
  await sql.raw('create table bench_crowd (k integer primary key, partner_id text not null, link_id text not null)').execute(db)
  await insertAll(db, 'bench_crowd', crowd.map((p, k) => ({ k, partner_id: p.id, link_id: p.links[0]!.id })))
  const start = Math.floor(NOW.getTime() / 1000) - DAYS * 86_400
  const span = DAYS * 86_400
  const pg = (db.getExecutor().adapter.constructor.name as string).startsWith('Postgres')
  const at = pg
    ? `to_char(to_timestamp(${start} + (i::bigint * ${span}) / ${BIG_CLICKS}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', ${start} + (i * ${span}) / ${BIG_CLICKS}, 'unixepoch')`
  const numbers = pg ? `generate_series(0, ${BIG_CLICKS - 1}) as n(i)` : `n`
  const prefix = pg ? '' : `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${BIG_CLICKS - 1}) `
  const id = pg ? `'clk_big' || lpad(i::text, 12, '0')` : `printf('clk_big%012d', i)`
  await sql
    .raw(`${prefix}insert into clicks (id, program_id, link_id, partner_id, visitor_hash, created_at)
    select ${id}, '${programId}', c.link_id, c.partner_id, 'v' || i, ${at} from ${numbers} join bench_crowd c on c.k = i % ${CROWD}`)
    .execute(db)
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
  const { token, partnerId, linkId, secretKey } = await seed(db, app)
  const t1 = performance.now()
  await backfill(db)
  await backfillEarnings(db)
  await afterSeed()
  console.log(`\n${label}: seeded ${CLICKS + OTHERS * OTHER_CLICKS + BIG_CLICKS} clicks, ${SALES} leads, sales and commissions in ${((t1 - t0) / 1000).toFixed(1)} s, rollups built from them in ${((performance.now() - t1) / 1000).toFixed(1)} s; ${RUNS} runs each`)

  const year = `from=2025-11-26&to=2026-11-25`
  const cases: Array<[string, string]> = [
    ['overview, 365 days by day', `/v1/portal/overview?${year}&interval=day`],
    ['overview, 365 days by month', `/v1/portal/overview?${year}&interval=month`],
    ['overview, last 30 days (default)', '/v1/portal/overview'],
    ['links', '/v1/portal/links'],
    ["a link's stats, 365 days", `/v1/portal/links/${linkId}/stats?since=2025-11-26&until=2026-11-25`],
    ['commissions, first page', '/v1/portal/commissions?limit=25'],
    ['payouts', '/v1/portal/payouts'],
  ]
  let overviewMedian = 0
  let linkMedian = 0
  for (const [name, path] of cases) {
    const r = await time(app, token, path)
    if (name.startsWith("a link's stats")) {
      linkMedian = r.median
      const l = r.body as { clicks: number; leads: number; sales: number }
      if (l.clicks !== CLICKS || l.leads !== SALES || l.sales !== SALES) throw new Error(`link stats are wrong: ${JSON.stringify({ ...l, series: undefined })}`)
    }
    if (name.startsWith('overview, 365 days by day')) {
      overviewMedian = r.median
      const o = r.body as { clicks: number; leads: number; sales: number; series: unknown[] }
      if (o.clicks !== CLICKS || o.leads !== SALES || o.sales !== SALES) throw new Error(`overview counts are wrong: ${JSON.stringify({ ...o, series: o.series.length })}`)
    }
    console.log(`  ${name.padEnd(34)} median ${ms(r.median)}   p90 ${ms(r.p90)}   min ${ms(r.min)}   cpu median ${ms(r.cpu)}`)
  }
  const verdict = (ms: number, target: number) => (ms < target ? `PASS (< ${target} ms)` : `FAIL (target < ${target} ms)`)
  const overviewTarget = BIG_CLICKS ? BIG_TARGET_MS : TARGET_MS
  const before = await rawBaseline(db, partnerId, linkId)
  console.log(`  before (the raw-click aggregates the rollups replaced, same rows): clicks by day for the year ${ms(before.byDay)}, the links view's clicks by link ${ms(before.byLink)}; a link's year of earnings from its commissions ${ms(before.earnings)}`)
  console.log(`  => a year's overview: ${overviewMedian.toFixed(1)} ms median, ${verdict(overviewMedian, overviewTarget)}${BIG_CLICKS ? ` with ${BIG_CLICKS} more clicks in the program` : ''}`)
  console.log(`  => a link's stats: ${linkMedian.toFixed(1)} ms median, ${verdict(linkMedian, LINK_TARGET_MS)}`)
  for (const [name, path] of [['console overview, 30 days', '/v1/program/overview?days=30'], ['console overview, all time', '/v1/program/overview']] as const) {
    const r = await time(app, secretKey, path)
    const clicks = (r.body as { clicks: number }).clicks
    if (!path.includes('days') && clicks !== CLICKS + OTHERS * OTHER_CLICKS + BIG_CLICKS) throw new Error(`console overview counts ${clicks} clicks`)
    console.log(`  ${name.padEnd(34)} median ${ms(r.median)}   p90 ${ms(r.p90)}   => ${verdict(r.median, BIG_TARGET_MS)}`)
  }
  console.log(`  (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`)
  return Math.max(overviewMedian - overviewTarget, linkMedian - LINK_TARGET_MS)
}

/** The replaced reads, timed as they ran before the rollups: median of 5. */
async function rawBaseline(db: Db, partnerId: string, linkId: string) {
  const d = sql`substr(created_at, 1, 10)`
  const median = async (q: () => Promise<unknown>) => {
    const t: number[] = []
    for (let i = 0; i < 5; i++) {
      const s = performance.now()
      await q()
      t.push(performance.now() - s)
    }
    return t.sort((a, b) => a - b)[2]!
  }
  return {
    byDay: await median(() => sql`select ${d}, count(*) from clicks where partner_id = ${partnerId} and ${d} >= '2025-11-26' and ${d} <= '2026-11-25' group by ${d}`.execute(db)),
    byLink: await median(() => sql`select link_id, count(*) from clicks where link_id in (${linkId}) group by link_id`.execute(db)),
    // A link's year of earnings summed from its commissions as shown, as before link_day_earnings (0044).
    earnings: await median(() =>
      sql`select substr(c.created_at, 1, 10), c.currency, sum(c.amount_minor),
            case when cover.status = 'paid' then 'paid' when cover.id is not null then 'in_payout' else c.status end as shown
          from commissions c left join payouts cover on cover.partner_id = c.partner_id and cover.currency = c.currency
            and c.approval_seq > cover.seq_from and c.approval_seq <= cover.seq_to and c.status = 'approved' and cover.status <> 'failed'
          where c.link_id = ${linkId} and substr(c.created_at, 1, 10) >= '2025-11-26' and substr(c.created_at, 1, 10) <= '2026-11-25'
            and c.status in ('pending', 'on_hold', 'approved')
          group by substr(c.created_at, 1, 10), c.currency, shown`.execute(db),
    ),
  }
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
    let over = await run('SQLite (file, WAL)', db, async () => {})
    if (process.env.BENCH_EXPLAIN) await explain(db)
    await db.destroy()

    const pgUrl = process.env.BENCH_POSTGRES_URL
    if (pgUrl) {
      const schema = `bench_${randomToken(10)}`
      const admin = new pg.Client({ connectionString: pgUrl })
      await admin.connect()
      await admin.query(`create schema "${schema}"`)
      try {
        const pdb = connect({ url: pgUrl, schema, encryptionKey: randomBytes(32).toString('base64') }) // Postgres takes its key from the environment, as serve does
        await migrate(pdb, schema)
        over = Math.max(over, await run('Postgres (after vacuum analyze, as autovacuum leaves a settled table)', pdb, async () => void (await sql`vacuum analyze clicks, customers, sales, commissions, links, partners, link_days, link_day_sales`.execute(pdb))))
        await pdb.destroy()
      } finally {
        if (process.env.BENCH_PG_KEEP) console.log(`  kept schema ${schema}`)
        else await admin.query(`drop schema "${schema}" cascade`)
        await admin.end()
      }
    }
    if (over >= 0) process.exitCode = 1 // over a target
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
