// Payout runs and tier standings on a big ledger, timed against the plain SQL each one cannot beat,
// in the same process and on the same tables, and printed as ratios (absolute times on shared machines
// mean little).
//
// Payouts: one program, BENCH_PARTNERS partners (all with PayPal payout details) and BENCH_COMMISSIONS
// approved commissions: mixed amounts, ~3% clawbacks of earlier commissions, ~2% on hold, USD and EUR, and a
// few partners sunk below zero by a large chargeback (the run must skip them). createPayoutRun, the service
// behind POST /v1/payout-runs, runs over it and is checked: payouts = the commissions their approval ranges
// cover, per currency = the positive balances the baseline aggregate found; no commission is covered twice and
// no commission row is rewritten. A second run must pay no one. Baseline: the GROUP BY that finds those
// balances (the run's irreducible read). The run claims by watermark (docs/payouts.md "At scale"): it plans
// from one GROUP BY of the approved commissions after each partner's last payout and writes one row per
// payout. SQLite is seeded in a child process, and the run's peak RSS is its own (Linux: the peak is reset
// just before it).
//
// Tiers: a tiered rule (paid customers per month) and BENCH_TIER_SALES sales for one partner, plus others'.
// partnerTier (GET /v1/partners/:id/tier; the same tierMetric query prices every sale of a tiered rule)
// against `select count(*) from sales where partner_id = ?`, medians of 20, interleaved; then the same
// with candidate indexes made in the bench database only (what-if), with the query plans.
//
// Run: node --import tsx bench/payouts.ts
// Env: BENCH_PARTNERS (10000), BENCH_COMMISSIONS (1000000), BENCH_TIER_SALES (200000);
// BENCH_POSTGRES_URL (also run on Postgres, in a fresh schema dropped after, sized by BENCH_PG_PARTNERS 2000,
// BENCH_PG_COMMISSIONS 200000, BENCH_PG_TIER_SALES 50000); BENCH_TIMEOUT_S (3600, the whole bench).
// Exit 1 when a check fails (money, idempotency) or the bench times out.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { connect, type Db, isPostgres } from '../server/src/kernel/db/connect.ts'
import { migrations } from '../server/src/kernel/db/migrations/index.ts'
import { periodStart } from '../server/src/ledger/rules.ts'
import { randomToken } from '../server/src/kernel/ids.ts'
import type { ProgramRow } from '../server/src/programs/queries.ts'
import { createRule } from '../server/src/ledger/rule-admin.ts'
import { SYSTEM } from '../server/src/audit/index.ts'
import { partnerTier } from '../server/src/ledger/partner-tier.ts'
import { createProgram } from '../server/src/programs/programs.ts'
import { createPayoutRun } from '../server/src/payouts/run-payouts.ts'
import { owedBalancesQuery } from '../server/src/ledger/queries.ts'

// kysely, pg and better-sqlite3 are the server package's dependencies, not the root's, so bench/ can't name
// them in an import: load what the server itself resolves (same files, same module instance).
async function fromServer<T>(name: string): Promise<T> {
  const dir = fileURLToPath(new URL(`../server/node_modules/${name}/`, import.meta.url))
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: { '.': { import: string } } }
  return (await import(pathToFileURL(join(dir, exports['.'].import)).href)) as T
}
interface RawSql {
  execute(db: unknown): Promise<{ rows: unknown[] }>
}
interface KyselyModule {
  sql: ((s: TemplateStringsArray, ...v: unknown[]) => RawSql) & { raw(s: string): RawSql }
  CompiledQuery: { raw(sql: string, parameters: unknown[]): unknown }
  Migrator: new (o: { db: Db; provider: { getMigrations(): Promise<typeof migrations> }; migrationTableSchema?: string }) => { migrateToLatest(): Promise<{ error?: unknown }> }
}
interface PgClient {
  connect(): Promise<unknown>
  query(q: string): Promise<unknown>
  end(): Promise<void>
}
interface RawStatement {
  run(...params: unknown[]): unknown
}
interface RawSqlite {
  prepare(sql: string): RawStatement
  transaction(fn: () => void): () => void
  pragma(p: string): unknown
  close(): void
}
const { sql, Migrator, CompiledQuery } = await fromServer<KyselyModule>('kysely')
const pg = (await fromServer<{ default: { Client: new (o: { connectionString: string }) => PgClient } }>('pg')).default
const SQLite = createRequire(new URL('../server/package.json', import.meta.url))('better-sqlite3') as new (file: string) => RawSqlite

function positive(raw: string | undefined, fallback: number): number {
  const n = Math.floor(Number(raw))
  return raw && Number.isFinite(n) && n > 0 ? n : fallback
}
interface Size {
  partners: number
  commissions: number
  tierSales: number
}
const SQLITE_SIZE: Size = {
  partners: positive(process.env.BENCH_PARTNERS, 10_000),
  commissions: positive(process.env.BENCH_COMMISSIONS, 1_000_000),
  tierSales: positive(process.env.BENCH_TIER_SALES, 200_000),
}
// Postgres pays a round trip per statement, and the run makes two per payout: smaller by default.
const PG_SIZE: Size = {
  partners: positive(process.env.BENCH_PG_PARTNERS, 2_000),
  commissions: positive(process.env.BENCH_PG_COMMISSIONS, 200_000),
  tierSales: positive(process.env.BENCH_PG_TIER_SALES, 50_000),
}
const TIMEOUT_S = positive(process.env.BENCH_TIMEOUT_S, 3600)
const SAMPLES = 20
const NOW = new Date('2026-11-25T12:00:00.000Z')
const DAY = 86_400_000

// Deterministic data: the same ledger every run.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
// Ids only need to be unique, as long as the app's, and sort by time; the bench writes rows directly.
let seq = 0
const id = (prefix: string, at: number) => `${prefix}_${at.toString(32).padStart(10, '0')}${(seq++).toString(32).padStart(14, '0')}`
const iso = (ms: number) => new Date(ms).toISOString()

type Row = Record<string, unknown>
/** Bulk insert: one prepared statement in one transaction (SQLite), or multi-row inserts of <=1000 (Postgres). */
type Insert = (table: string, rows: Iterable<Row>) => Promise<number>

function sqliteInsert(file: string): { insert: Insert; close: () => void } {
  const raw = new SQLite(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.pragma('foreign_keys = ON') // as the app runs: a seeding mistake fails here, not in the figures
  raw.pragma('cache_size = -262144') // 256 MB, for seeding only: random index inserts miss a 2 MB cache
  return {
    insert: async (table, rows) => {
      let n = 0
      let stmt: RawStatement | null = null
      raw.transaction(() => {
        for (const r of rows) {
          // Positional: every row of a table comes from one object literal, so its keys are in one order.
          stmt ??= raw.prepare(`insert into ${table} (${Object.keys(r).join(', ')}) values (${Object.keys(r).map(() => '?').join(', ')})`)
          stmt.run(...Object.values(r))
          n++
        }
      })()
      return n
    },
    close: () => {
      raw.pragma('wal_checkpoint(TRUNCATE)') // so no timed phase pays for checkpointing the seed
      raw.close()
    },
  }
}

interface Untyped {
  transaction(): { execute(f: (tx: { insertInto(t: string): { values(r: Row[]): { execute(): Promise<unknown> } } }) => Promise<void>): Promise<void> }
}
function kyselyInsert(db: Db): Insert {
  return async (table, rows) => {
    let n = 0
    await (db as unknown as Untyped).transaction().execute(async (tx) => {
      let batch: Row[] = []
      let size = 0
      for (const r of rows) {
        size ||= Math.min(1000, Math.floor(30_000 / Object.keys(r).length)) // under the bound-parameter limit
        batch.push(r)
        if (batch.length === size) {
          await tx.insertInto(table).values(batch).execute()
          n += batch.length
          batch = []
        }
      }
      if (batch.length) await tx.insertInto(table).values(batch).execute()
      n += batch.length
    })
    return n
  }
}

const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now()
  const v = await f()
  return [v, performance.now() - t]
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const int = (n: number) => n.toLocaleString('en-US')
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const millis = (ms: number) => `${ms.toFixed(2)} ms`
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`
const duration = (ms: number) => (ms >= 5_400_000 ? `${(ms / 3_600_000).toFixed(1)} h` : ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : secs(ms))

// Where the bench is, on stderr: the table comes at the end.
const progress = (what: string) => console.error(`bench: ${what} (${new Date().toISOString().slice(11, 19)})`)

const failures: string[] = []
function check(ok: boolean, what: string) {
  if (!ok) failures.push(what)
}

// ---------------------------------------------------------------------------------------------------------
// Seeding

interface Seeded {
  program: ProgramRow
  partnerIds: string[]
  heavy: string
}

async function seedLedger(db: Db, insert: Insert, { partners: PARTNERS, commissions, tierSales }: Size, out: Array<[string, string]>): Promise<Seeded> {
  const otherSales = Math.ceil(tierSales / 4) // the heavy partner's neighbours, so the table isn't theirs alone
  const { program: p } = await createProgram(db, { name: 'Bench', currency: 'USD' }, NOW)
  const program = await db.selectFrom('programs').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow()
  const created = iso(NOW.getTime() - 200 * DAY)
  const partnerIds = Array.from({ length: PARTNERS }, () => id('prt', NOW.getTime() - 200 * DAY))

  const t0 = performance.now()
  await insert(
    'partners',
    partnerIds.map((pid, i) => ({ id: pid, program_id: program.id, email: `p${i}@bench.test`, name: `Partner ${i}`, external_id: null, status: 'active', created_at: created })),
  )
  await insert(
    'partner_payout_details',
    partnerIds.map((pid, i) => ({ partner_id: pid, program_id: program.id, method: 'paypal', email: `p${i}@paypal.test`, account_ref: null, updated_at: created })),
  )
  const t1 = performance.now()

  // Skewed: partner i gets ~ (sqrt((i+1)/N) - sqrt(i/N)) of the rows, so the first has ~1% and the last a few
  // dozen; nearly everyone earns in both currencies. Every 1000th partner ends below zero.
  const rand = mulberry32(42)
  const sunk = partnerIds.filter((_, i) => i % 1000 === 999)
  const lastPositive: Array<{ id: string; amount: number } | undefined> = new Array(PARTNERS * 2)
  const span = 85 * DAY // created 120..35 days ago: every holding period (30 days) is over
  function* rows(): Generator<Row> {
    const main = commissions - sunk.length
    for (let i = 0; i < main; i++) {
      const r = rand()
      const partner = Math.min(PARTNERS - 1, Math.floor(PARTNERS * r * r))
      const cur = rand() < 0.8 ? 0 : 1
      const at = NOW.getTime() - 120 * DAY + Math.floor((i / main) * span)
      const cid = id('com', at)
      const slot = partner * 2 + cur
      const prior = lastPositive[slot]
      let amount: number
      let kind = 'sale'
      let reverses: string | null = null
      if (prior && rand() < 0.03) {
        amount = -prior.amount
        kind = 'clawback'
        reverses = prior.id
        lastPositive[slot] = undefined
      } else {
        amount = Math.round(100 * Math.exp(rand() * Math.log(500))) // 1.00 .. 500.00, log-uniform
        lastPositive[slot] = { id: cid, amount }
      }
      const held = rand() < 0.02
      yield commission(cid, partnerIds[partner]!, amount, cur ? 'EUR' : 'USD', held ? 'on_hold' : 'approved', kind, reverses, at, held ? 'bench: fraud review' : null)
    }
    for (const pid of sunk) {
      const at = NOW.getTime() - 40 * DAY
      yield commission(id('com', at), pid, -1_000_000_000, 'USD', 'approved', 'clawback', null, at, null)
    }
  }
  const commission = (cid: string, partnerId: string, amount: number, currency: string, status: string, kind: string, reverses: string | null, at: number, hold: string | null) => ({
    id: cid,
    program_id: program.id,
    partner_id: partnerId,
    sale_id: null,
    reverses_id: reverses,
    amount_minor: amount,
    currency,
    status,
    reason: kind === 'clawback' ? 'refund' : '20% of sale',
    kind,
    approve_at: iso(at + 30 * DAY),
    hold_reason: hold,
    // Approved in the order they were made, one approval number each (as matured, a day's share one).
    approval_seq: status === 'approved' ? ++approvals : null,
    created_at: iso(at),
    updated_at: iso(at),
  })
  let approvals = 0
  const n = await insert('commissions', rows())
  // The approval sequence goes on from the last number given (its counter row, or its Postgres sequence).
  if (isPostgres(db)) await sql`select setval('commission_approval_seq', ${approvals})`.execute(db)
  else await db.updateTable('commission_approval_seq').set({ value: approvals }).execute()
  const t2 = performance.now()

  // Tiers: the heavy partner's sales over the past year from tierSales/5 customers, ~3% fully refunded;
  // the neighbours' sales have no customer record (the metric then counts each sale as a buyer).
  const heavy = partnerIds[0]!
  const customers = Math.max(1, Math.floor(tierSales / 5))
  const customerIds = Array.from({ length: customers }, () => id('cus', NOW.getTime() - 400 * DAY))
  await insert(
    'customers',
    customerIds.map((cid, i) => ({ id: cid, program_id: program.id, external_id: `cus_${i}`, email: null, name: null, click_id: null, partner_id: heavy, created_at: iso(NOW.getTime() - 400 * DAY) })),
  )
  function* sales(): Generator<Row> {
    const total = tierSales + otherSales
    for (let i = 0; i < total; i++) {
      const mine = i % 5 !== 4 || i >= otherSales * 5 // 4 of 5 are the heavy partner's until the others' run out
      const at = NOW.getTime() - Math.floor(rand() * 365 * DAY)
      const amount = 1000 + Math.floor(rand() * 20_000)
      yield {
        id: id('sal', at),
        program_id: program.id,
        invoice_id: `in_${i}`,
        customer_id: mine ? customerIds[Math.floor(rand() * customers)]! : null,
        partner_id: mine ? heavy : partnerIds[1 + Math.floor(rand() * (PARTNERS - 1))] ?? heavy,
        click_id: null,
        product_id: null,
        amount_minor: amount,
        currency: 'USD',
        refunded_minor: rand() < 0.03 ? amount : 0,
        occurred_at: iso(at),
        created_at: iso(at),
      }
    }
  }
  const s = await insert('sales', sales())
  const t3 = performance.now()
  out.push(['seed: partners + payout details', `${int(PARTNERS)} + ${int(PARTNERS)} rows in ${secs(t1 - t0)}`])
  out.push(['seed: commissions', `${int(n)} rows in ${secs(t2 - t1)} (${int(Math.round(n / ((t2 - t1) / 1000)))} rows/s)`])
  out.push(['seed: customers + sales', `${int(customers)} + ${int(s)} rows in ${secs(t3 - t2)}`])
  return { program, partnerIds, heavy }
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

interface Group {
  partner_id: string
  currency: string
  total: number
  n: number
}
interface Sums {
  currency: string
  n: number
  total: number
}
interface Compilable {
  compile(): { sql: string; parameters: readonly unknown[] }
}

/** A plan on one line: no cost estimates, long literals (Postgres inlines the 500 ids) elided. */
const compact = (lines: string[]) =>
  lines
    .map((l) => l.replace(/\s*\(cost=[^)]*\)/g, '').replace(/'[^']{40,}'/g, "'…'"))
    .join(' | ')

/** The plan of a Kysely-built query, on one line. */
async function explain(db: Db, q: Compilable): Promise<string> {
  const { sql: text, parameters } = q.compile()
  const pgMode = isPostgres(db)
  const { rows } = await db.executeQuery(CompiledQuery.raw(`${pgMode ? 'explain' : 'explain query plan'} ${text}`, [...parameters]) as never)
  return compact((rows as Array<Record<string, string>>).map((r) => (pgMode ? r['QUERY PLAN']!.trim() : r.detail!)))
}

/** The plan of a raw query, on one line. */
async function plan(db: Db, q: RawSql): Promise<string> {
  if (isPostgres(db)) {
    const rows = (await sql`explain ${q}`.execute(db)).rows as Array<{ 'QUERY PLAN': string }>
    return compact(rows.map((r) => r['QUERY PLAN'].trim()))
  }
  const rows = (await sql`explain query plan ${q}`.execute(db)).rows as Array<{ detail: string }>
  return compact(rows.map((r) => r.detail))
}

/**
 * Linux: resets this process's peak RSS to its current RSS (clear_refs 5), so the run's own peak can be read
 * after it, apart from seeding's. Returns the RSS now in MB, or null where that is not possible.
 */
function resetPeakRss(): number | null {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
    return procStatusMb('VmRSS')
  } catch {
    return null
  }
}
const procStatusMb = (field: string) => Math.round(Number(readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? Number.NaN) / 1024)
const peakRss = (before: number | null) => (before === null ? 'n/a (no /proc/self/clear_refs)' : `${int(procStatusMb('VmHWM'))} MB (${int(before)} MB when it started)`)

async function payouts(db: Db, s: Seeded, out: Array<[string, string]>) {
  const programId = s.program.id
  // The balances the run has to find: approved, per partner and currency (no payout exists yet, so all of
  // them are owed). The run's own read adds to this only what the payouts made so far cover.
  const aggregate = sql`select partner_id, currency, sum(amount_minor) as total, count(*) as n from commissions
    where program_id = ${programId} and status = 'approved' group by partner_id, currency`
  const baseTimes: number[] = []
  let groups: Group[] = []
  for (let i = 0; i < 3; i++) {
    const [r, ms] = await timed(() => aggregate.execute(db))
    groups = (r.rows as Group[]).map((g) => ({ ...g, total: Number(g.total), n: Number(g.n) }))
    baseTimes.push(ms)
  }
  const base = median(baseTimes)
  const owed = groups.filter((g) => g.total > 0) // no minimums, everyone has details, no one is suspended
  const below = groups.filter((g) => g.total < 0).length
  const expected = new Map<string, Sums>()
  for (const g of owed) {
    const e = expected.get(g.currency) ?? { currency: g.currency, n: 0, total: 0 }
    e.n += g.n
    e.total += g.total
    expected.set(g.currency, e)
  }
  const toCover = owed.reduce((a, g) => a + g.n, 0)
  out.push(['baseline: balances GROUP BY (median of 3)', `${millis(base)}  (${int(groups.length)} partner-currency groups: ${int(owed.length)} owed, ${below} below zero; ${int(toCover)} commissions to pay)`])

  // What the payouts (of one run, or all that did not fail) cover, read from the tables by range, apart
  // from the server's query module: per currency, and the commissions covered more than once.
  const covered = (where: RawSql) =>
    sql`select c.currency, count(*) as n, sum(c.amount_minor) as total from commissions c join payouts p
      on p.partner_id = c.partner_id and p.currency = c.currency and c.approval_seq > p.seq_from and c.approval_seq <= p.seq_to
      where c.program_id = ${programId} and c.status = 'approved' and ${where} group by c.currency order by c.currency`
  const coveredTwice = async () =>
    Number(
      ((await sql`select count(*) as n from (select c.id from commissions c join payouts p
        on p.partner_id = c.partner_id and p.currency = c.currency and c.approval_seq > p.seq_from and c.approval_seq <= p.seq_to
        where c.program_id = ${programId} and c.status = 'approved' and p.status <> 'failed' group by c.id having count(*) > 1) as twice`.execute(db)).rows[0] as { n: number }).n,
    )
  const inPayouts = async () => ((await covered(sql`p.status <> 'failed'`).execute(db)).rows as Sums[]).reduce((a, c) => a + Number(c.n), 0)
  const rewritten = async () => Number(((await sql`select count(*) as n from commissions where program_id = ${programId} and updated_at >= ${NOW.toISOString()}`.execute(db)).rows[0] as { n: number }).n)

  const readPlan = await explain(db, owedBalancesQuery(db, programId))
  const rssBefore = resetPeakRss()
  const [result, runMs] = await timed(() => createPayoutRun(db, s.program, NOW))
  const rss = peakRss(rssBefore)
  const paidSums = (await sql`select currency, count(*) as n, sum(amount_minor) as total from payouts where run_id = ${result.id} group by currency order by currency`.execute(db)).rows as Sums[]
  const coveredSums = (await covered(sql`p.run_id = ${result.id}`).execute(db)).rows as Sums[]
  const coveredN = coveredSums.reduce((a, c) => a + Number(c.n), 0)
  const twice = await coveredTwice()
  const written = await rewritten()
  check(result.payouts.length === owed.length, `${result.payouts.length} payouts, the aggregate found ${owed.length} owed balances`)
  check(result.skipped.length === below, `skipped ${result.skipped.length}, expected ${below}`)
  check(twice === 0, `${twice} commissions covered by more than one payout`)
  check(coveredN === toCover, `${coveredN} commissions covered by the run's payouts, ${toCover} owed`)
  check(written === 0, `the run rewrote ${written} commission rows`)
  const money: string[] = []
  for (const cur of [...new Set([...expected.keys(), ...paidSums.map((x) => x.currency)])].sort()) {
    const paid = paidSums.find((x) => x.currency === cur)
    const cov = coveredSums.find((x) => x.currency === cur)
    const want = expected.get(cur)
    const [p, c, w] = [Number(paid?.total ?? 0), Number(cov?.total ?? 0), want?.total ?? 0]
    check(p === c, `${cur} payouts sum ${p} != covered commissions sum ${c}`)
    check(p === w, `${cur} payouts sum ${p} != owed balances ${w}`)
    check(Number(cov?.n ?? 0) === (want?.n ?? 0), `${cur} ${cov?.n ?? 0} commissions covered, ${want?.n ?? 0} expected`)
    money.push(`${cur} ${int(p)} = ${int(c)} ${p === c && p === w ? 'ok' : 'MISMATCH'}`)
  }
  out.push(['payout run (createPayoutRun)', `${secs(runMs)}  = ${ratio(runMs, base)} baseline`])
  out.push(['  payouts / commissions covered / skipped', `${int(result.payouts.length)} / ${int(coveredN)} / ${int(result.skipped.length)};  ${money.join(', ')}`])
  out.push(['  covered twice / commission rows rewritten', `${int(twice)} / ${int(written)}`])
  out.push(['  peak RSS during the run', rss])
  out.push(["  plan: the run's balances read", readPlan])

  const paidBefore = await inPayouts()
  // Nobody is owed anything now: the run answers nothing_to_pay (422) and records no run.
  const [again, againMs] = await timed(() =>
    createPayoutRun(db, s.program, NOW).then(
      (r) => ({ payouts: r.payouts, skipped: r.skipped, status: r.status as string }),
      (e: unknown) => {
        if ((e as { code?: string }).code !== 'nothing_to_pay') throw e
        return { payouts: [], skipped: [], status: 'paid' }
      },
    ),
  )
  const paidAfter = await inPayouts()
  check(again.payouts.length === 0, `second run created ${again.payouts.length} payouts`)
  check(paidAfter === paidBefore, `second run changed the commissions in payouts ${paidBefore} -> ${paidAfter}`)
  check(again.status === 'paid', `second run left open (${again.status})`)
  out.push(['second run (idempotent)', `${secs(againMs)}  = ${ratio(againMs, base)} baseline; ${again.payouts.length} payouts, commissions in payouts ${int(paidBefore)} -> ${int(paidAfter)}, ${int(again.skipped.length)} skipped`])
  out.push(['  plan: the baseline', await plan(db, aggregate)])
  out.push(['  peak RSS of this process so far', `${int(Math.round(process.resourceUsage().maxRSS / 1024))} MB`])
}

async function tiers(db: Db, s: Seeded, out: Array<[string, string]>) {
  await createRule(
    db,
    s.program.id,
    {
      name: 'Tiered',
      event: 'sale',
      type: 'percent',
      value: 2000,
      tiers: [
        { name: 'Silver', from: 100, value: 2500 },
        { name: 'Gold', from: 1000, value: 3000 },
      ],
      tierMetric: 'paid_customers',
      tierPeriod: 'month',
    },
    { actor: SYSTEM, at: NOW },
  )
  const count = sql`select count(*) as n from sales where partner_id = ${s.heavy}`
  // Mirrors ledger/tier-metric.ts for the month containing NOW, for the plan only.
  const metric = sql`select count(distinct coalesce(customer_id, id)) as customers, count(*) as sales, coalesce(sum(amount_minor - refunded_minor), 0) as revenue
    from sales where partner_id = ${s.heavy} and occurred_at <= ${NOW.toISOString()} and refunded_minor < amount_minor and occurred_at >= ${periodStart('month', NOW.toISOString())}`
  const total = Number(((await count.execute(db)).rows[0] as { n: number }).n)

  const measure = async () => {
    let standing: Awaited<ReturnType<typeof partnerTier>> = null
    for (let i = 0; i < 3; i++) await Promise.all([partnerTier(db, s.program, s.heavy, NOW), count.execute(db)]) // warm
    const tier: number[] = []
    const base: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const [st, a] = await timed(() => partnerTier(db, s.program, s.heavy, NOW))
      const [, b] = await timed(() => count.execute(db))
      standing = st
      tier.push(a)
      base.push(b)
    }
    return { tier: median(tier), base: median(base), standing }
  }
  const line = (label: string, m: Awaited<ReturnType<typeof measure>>, extra = '') =>
    out.push([label, `${millis(m.tier)} vs count(*) ${millis(m.base)}  = ${ratio(m.tier, m.base)}${extra}`])

  const now = await measure()
  const st = now.standing
  out.push(['tier standing: heavy partner', `${int(total)} sales; this month: ${int(st?.current ?? -1)} paid customers -> ${st?.tier?.name ?? 'base'} (next: ${st?.next?.name ?? 'none'})`])
  line('partnerTier (median of 20) vs baseline', now)
  out.push(['  plan: tier metric', await plan(db, metric)])

  // What-if: candidate indexes, made here only, timed the same way.
  const candidates: Array<[string, string]> = [
    ['sales(partner_id, occurred_at)', 'partner_id, occurred_at'],
    ['covering (+ refunded, amount, customer)', 'partner_id, occurred_at, refunded_minor, amount_minor, customer_id'],
  ]
  for (const [label, cols] of candidates) {
    const [, buildMs] = await timed(() => sql.raw(`create index bench_sales_whatif on sales (${cols})`).execute(db))
    if (isPostgres(db)) await sql`analyze sales`.execute(db)
    const m = await measure()
    check(m.standing?.current === st?.current, `with ${label} the tier metric changed: ${m.standing?.current} vs ${st?.current}`)
    line(`  what-if ${label}`, m, `, speed-up ${ratio(now.tier, m.tier)} (built in ${secs(buildMs)})`)
    out.push(['    plan', await plan(db, metric)])
    await sql`drop index bench_sales_whatif`.execute(db)
  }
}

async function bench(label: string, db: Db, size: Size, seed: (out: Array<[string, string]>) => Promise<Seeded>) {
  const out: Array<[string, string]> = []
  const t = performance.now()
  progress(`${label}: seeding`)
  const seeded = await seed(out)
  // Tiers first: the payout what-ifs end with planner statistics gathered, which the app never has.
  progress(`${label}: tier standings`)
  await tiers(db, seeded, out)
  progress(`${label}: payout runs`)
  await payouts(db, seeded, out)
  const width = Math.max(...out.map(([k]) => k.length))
  const load = loadavg()[0]!.toFixed(1)
  console.log(`\n${label}: ${int(size.partners)} partners, ${int(size.commissions)} commissions, ${int(size.tierSales)} + ${int(Math.ceil(size.tierSales / 4))} sales; ${duration(performance.now() - t)} in all (load ${load} on ${availableParallelism()} cores)`)
  for (const [k, v] of out) console.log(`  ${k.padEnd(width)}  ${v}`)
}

// Kysely's migrator looks for its tables in every schema unless told which: name the bench's own.
async function migrateTo(db: Db, schema?: string) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error } = await migrator.migrateToLatest()
  if (error) throw error
}

const cleanups: Array<() => Promise<void> | void> = []
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch((e: unknown) => console.error('bench: cleanup failed:', e))
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'afflio-bench-payouts-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'bench.db')
  const db = connect({ url: file })
  cleanups.push(() => db.destroy())
  await migrateTo(db)
  await bench('SQLite (file, WAL)', db, SQLITE_SIZE, async (out) => {
    const r = await seedInChild(file)
    out.push(...r.out)
    const program = await db.selectFrom('programs').selectAll().where('id', '=', r.programId).executeTakeFirstOrThrow()
    return { program, partnerIds: r.partnerIds, heavy: r.heavy }
  })
  await cleanup()

  const pgUrl = process.env.BENCH_POSTGRES_URL
  if (pgUrl) {
    const schema = `bench_${randomToken(10)}`
    const admin = new pg.Client({ connectionString: pgUrl })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    cleanups.push(async () => {
      await admin.query(`drop schema "${schema}" cascade`)
      await admin.end()
    })
    const pdb = connect({ url: pgUrl, schema, encryptionKey: randomBytes(32).toString('base64') }) // Postgres takes its key from the environment, as serve does
    cleanups.push(() => pdb.destroy())
    await migrateTo(pdb, schema)
    await bench(`Postgres (schema ${schema})`, pdb, PG_SIZE, async (out) => {
      const seeded = await seedLedger(pdb, kyselyInsert(pdb), PG_SIZE, out)
      await sql`analyze`.execute(pdb)
      return seeded
    })
    await cleanup()
  }

  if (failures.length) {
    console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`)
    process.exitCode = 1
  } else console.log('\nchecks: ok (payouts = covered commissions = positive balances per currency; none covered twice, no row rewritten; second run paid no one)')
}

// SQLite is seeded by a child process, so the memory seeding takes (a 256 MB page cache, which the allocator
// keeps after the connection closes) is not counted in the run's peak RSS.
const SEED_FLAG = '--seed-sqlite'
interface ChildSeed {
  programId: string
  partnerIds: string[]
  heavy: string
  out: Array<[string, string]>
}
function seedInChild(file: string): Promise<ChildSeed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), SEED_FLAG, file], { stdio: ['ignore', 'pipe', 'inherit'] })
    cleanups.push(() => void child.kill())
    let text = ''
    child.stdout.on('data', (d: Buffer) => (text += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench: seeding exited with ${code}`))
      resolve(JSON.parse(text.trim().split('\n').pop()!) as ChildSeed)
    })
  })
}
async function seedChild(file: string) {
  const db = connect({ url: file })
  const raw = sqliteInsert(file)
  const out: Array<[string, string]> = []
  const s = await seedLedger(db, raw.insert, SQLITE_SIZE, out)
  raw.close()
  await db.destroy()
  console.log(JSON.stringify({ programId: s.program.id, partnerIds: s.partnerIds, heavy: s.heavy, out } satisfies ChildSeed))
}

// Bounded whatever happens: clean up and fail after BENCH_TIMEOUT_S, or when interrupted.
function abort(why: string) {
  console.error(`bench: payouts ${why}`)
  setTimeout(() => process.exit(1), 10_000).unref() // cleanup stuck: leave anyway
  void cleanup().finally(() => process.exit(1))
}
const watchdog = setTimeout(() => abort(`timed out after ${TIMEOUT_S} s`), TIMEOUT_S * 1000)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort(`stopped by ${signal}`))
try {
  if (process.argv[2] === SEED_FLAG) await seedChild(process.argv[3]!)
  else await main()
} finally {
  clearTimeout(watchdog)
  await cleanup()
}
