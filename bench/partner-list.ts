// The console's partner list (`GET /v1/partners`) on a program of many partners: 10,000 and 50,000, each
// with a link, some days of clicks, and every third one two sales and their commissions. Times the first
// page and a middle page (by a cursor made for the partner halfway, as the list makes them) of
// `sort=name` both ways, `sort=name` with a search (a common term, and one matching a single partner), and
// the default order (newest first) for comparison;
// prints the median of BENCH_RUNS runs in wall time and this process's CPU time. Issue 12: the name order
// computed every partner's figures before it ordered and paged; a page should cost its partners only.
//
// Run: node --import tsx bench/partner-list.ts
// Env: BENCH_RUNS (7), BENCH_SIZES (10000,50000), BENCH_POSTGRES_URL (also run on Postgres, in a fresh
// schema, dropped after), BENCH_LIMIT (50), BENCH_SQLITE_FILE (a new file to seed and keep)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createApp } from '../server/src/app.ts'
import { connect, type Db, migrate } from '../server/src/kernel/db/connect.ts'
import { newId, randomToken } from '../server/src/kernel/ids.ts'
import { nameKeys } from '../server/src/kernel/text-keys.ts'
import { cursorAfter } from '../server/src/partners/partner-order.ts'
import { createProgram } from '../server/src/programs/programs.ts'

// kysely and pg are the server package's dependencies (as in bench/portal-overview.ts).
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

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS) || 7)
const SIZES = (process.env.BENCH_SIZES || '10000,50000').split(',').map(Number)
const LIMIT = Number(process.env.BENCH_LIMIT) || 50
const NOW = new Date('2026-11-25T12:00:00.000Z')
const FIRST = ['Émile', 'Zoë', 'Ada', 'bo', 'Åsa', 'Łukasz', 'Ōta', 'Ψάρης', 'Юлия', 'Mia', 'ada', 'Noé', '', 'Zed']

interface Untyped {
  transaction(): { execute(f: (tx: { insertInto(t: string): { values(r: unknown[]): { execute(): Promise<unknown> } } }) => Promise<void>): Promise<void> }
}
async function insertAll(db: Db, table: string, rows: Record<string, unknown>[]) {
  const any = db as unknown as Untyped
  const width = Object.keys(rows[0] ?? { x: 1 }).length
  const chunk = Math.floor(30_000 / width)
  await any.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += chunk) await tx.insertInto(table).values(rows.slice(i, i + chunk)).execute()
  })
}

/** n partners in a new program, rows written directly; returns the program's secret key. */
async function seed(db: Db, n: number): Promise<{ secretKey: string; programId: string }> {
  const { program, secretKey } = await createProgram(db, { name: `Bench ${n}`, currency: 'USD' }, NOW)
  const partners = []
  const links = []
  const days = []
  const clicks = []
  const sales = []
  const commissions = []
  const t0 = NOW.getTime() - 400 * 86_400_000
  for (let i = 0; i < n; i++) {
    const at = t0 + i * 600_000
    const created = new Date(at).toISOString()
    const id = newId('prt', at)
    // Some names repeat (ties broken by id), some carry accents, some are empty, one in 20 has none (the email sorts).
    const name = i % 20 === 7 ? null : `${FIRST[i % FIRST.length]} ${String((i * 7919) % (n / 2)).padStart(6, '0')}`.trim()
    partners.push({ id, program_id: program.id, email: `p${i}@bench.test`, name, ...nameKeys(name), status: 'active', created_at: created })
    const linkId = newId('lnk', at)
    links.push({ id: linkId, program_id: program.id, partner_id: id, code: `p${i}`, code_key: `P${i}`, created_at: created })
    for (let d = 0; d < 3; d++) {
      const day = new Date(NOW.getTime() - (i % 300) * 86_400_000 - d * 86_400_000).toISOString().slice(0, 10)
      days.push({ partner_id: id, link_id: linkId, day, sub_id: '', ref_domain: '', program_id: program.id, clicks: 1 + ((i + d) % 7), leads: 0, sales: 0 })
    }
    const clickAt = new Date(NOW.getTime() - (i % 300) * 86_400_000).toISOString()
    clicks.push({ id: newId('clk', Date.parse(clickAt)), program_id: program.id, link_id: linkId, partner_id: id, visitor_hash: randomToken(16), created_at: clickAt })
    if (i % 3 === 0) {
      for (let s = 0; s < 2; s++) {
        const saleId = newId('sal', Date.parse(clickAt))
        const amount = 1000 + (i % 50) * 100
        sales.push({ id: saleId, program_id: program.id, invoice_id: `in_${i}_${s}`, customer_id: null, partner_id: id, click_id: null, product_id: null, amount_minor: amount, currency: 'USD', refunded_minor: 0, occurred_at: clickAt, created_at: clickAt })
        commissions.push({ id: newId('com', Date.parse(clickAt)), program_id: program.id, partner_id: id, sale_id: saleId, reverses_id: null, link_id: linkId, amount_minor: amount / 5, currency: 'USD', status: s ? 'approved' : 'pending', approval_seq: null, reason: '20%', created_at: clickAt, updated_at: clickAt })
      }
    }
  }
  await insertAll(db, 'partners', partners)
  await insertAll(db, 'links', links)
  await insertAll(db, 'link_days', days)
  await insertAll(db, 'clicks', clicks)
  await insertAll(db, 'sales', sales)
  await insertAll(db, 'commissions', commissions)
  return { secretKey, programId: program.id }
}

/** The cursor after the partner halfway down an order, as the list would have made it on reaching it. */
async function middleCursor(db: Db, programId: string, n: number, sort: 'name' | 'createdAt', order: 'asc' | 'desc', pgDb: boolean): Promise<string> {
  const key = sort === 'name' ? `coalesce(name_sort_key, email)${pgDb ? ' collate "C"' : ''}` : 'id'
  const dir = order === 'desc' ? 'desc' : 'asc'
  const { rows } = await sql`select id, ${sql.raw(key)} as v from partners where program_id = ${programId} order by ${sql.raw(key)} ${sql.raw(dir)}, id ${sql.raw(dir)} limit 1 offset ${Math.floor(n / 2)}`.execute(db)
  const row = rows[0] as { id: string; v: string }
  return cursorAfter(sort, order, row.v, row.id)
}

async function time(app: ReturnType<typeof createApp>, key: string, path: string) {
  const call = async () => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as { data: unknown[] }
  }
  await call()
  const ms: number[] = []
  const cpu: number[] = []
  let body: { data: unknown[] } = { data: [] }
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
  return { median: ms[mid]!, min: ms[0]!, max: ms[RUNS - 1]!, cpu: cpu[mid]!, rows: body.data.length }
}

const ms = (n: number) => `${n.toFixed(1).padStart(8)} ms`

async function run(label: string, db: Db, pgDb: boolean) {
  for (const n of SIZES) {
    const t0 = performance.now()
    const { secretKey, programId } = await seed(db, n)
    if (pgDb) await sql`analyze partners, links, link_days, clicks, sales, commissions`.execute(db)
    const app = createApp({ db, now: () => NOW, rateLimit: { burst: 1e9, perSecond: 1e9 } })
    console.log(`\n${label}, ${n} partners (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s), pages of ${LIMIT}, ${RUNS} runs each:`)
    const base = `/v1/partners?limit=${LIMIT}`
    const cases: Array<[string, string]> = [
      ['sort=name, first page', `${base}&sort=name&order=asc`],
      ['sort=name, middle page', `${base}&sort=name&order=asc&cursor=${await middleCursor(db, programId, n, 'name', 'asc', pgDb)}`],
      ['sort=name desc, first page', `${base}&sort=name&order=desc`],
      ['sort=name desc, middle page', `${base}&sort=name&order=desc&cursor=${await middleCursor(db, programId, n, 'name', 'desc', pgDb)}`],
      ['sort=name, q=mi (search), first page', `${base}&sort=name&order=asc&q=mi`],
      ['sort=name, q=p777@ (one match)', `${base}&sort=name&order=asc&q=p777@`],
      ['default (newest first), first page', base],
      ['default (newest first), middle page', `${base}&cursor=${await middleCursor(db, programId, n, 'createdAt', 'desc', pgDb)}`],
    ]
    for (const [name, path] of cases) {
      const r = await time(app, secretKey, path)
      if (r.rows !== (name.includes('one match') ? 1 : LIMIT)) throw new Error(`${name}: ${r.rows} rows`)
      console.log(`  ${name.padEnd(38)} median ${ms(r.median)}   min ${ms(r.min)}   max ${ms(r.max)}   cpu median ${ms(r.cpu)}`)
    }
  }
  console.log(`  (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`)
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'afflio-bench-partners-'))
  try {
    const db = connect({ url: process.env.BENCH_SQLITE_FILE || join(dir, 'bench.db') })
    await migrate(db)
    await run('SQLite (file, WAL)', db, false)
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
        await run('Postgres (after analyze)', pdb, true)
        await pdb.destroy()
      } finally {
        await admin.query(`drop schema "${schema}" cascade`)
        await admin.end()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
