// A rule backtest over BENCH_SALES credited sales (100,000): POST /v1/rules/backtest's service, timed on
// SQLite and, with BENCH_POSTGRES_URL (or BENCH_DATABASE_URL), on Postgres in a fresh schema dropped after.
// The program has BENCH_PARTNERS partners (1,000) in a few groups, a program-wide tiered rule (paid
// customers per month: Silver from 5, Gold from 20) and a group rule; the proposal edits the tiered rule.
// Every sale is priced twice (rules in force and proposed) through the ledger's own pricing functions, the
// sales read a page at a time. Checked: every sale repriced, the totals' delta = proposed − current.
// Goal: under 2 s on SQLite for 100k sales. Prints the time and the process's peak RSS growth.
//
// Run: node --import tsx bench/backtest.ts
// Env: BENCH_SALES (100000), BENCH_PARTNERS (1000), BENCH_RUNS (3: the median is printed),
// BENCH_POSTGRES_URL or BENCH_DATABASE_URL (also Postgres). Exit 1 when a check fails.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SYSTEM } from '../server/src/audit/index.ts'
import { connect, type Db, migrate } from '../server/src/kernel/db/connect.ts'
import { newId, randomToken } from '../server/src/kernel/ids.ts'
import { backtestRules } from '../server/src/ledger/backtest.ts'
import { createRule } from '../server/src/ledger/rule-admin.ts'
import { createProgram } from '../server/src/programs/programs.ts'
import { findProgram } from '../server/src/programs/index.ts'

const positive = (raw: string | undefined, fallback: number) => (raw && Number(raw) > 0 ? Math.floor(Number(raw)) : fallback)
const SALES = positive(process.env.BENCH_SALES, 100_000)
const PARTNERS = positive(process.env.BENCH_PARTNERS, 1000)
const RUNS = positive(process.env.BENCH_RUNS, 3)
const NOW = new Date('2026-11-30T12:00:00.000Z')
const failures: string[] = []

async function seed(db: Db) {
  const audit = { actor: SYSTEM, at: new Date('2026-01-01T00:00:00.000Z') }
  const { program } = await createProgram(db, { name: 'Bench', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } }, audit.at)
  const groups = [0, 1, 2].map(() => newId('grp', audit.at.getTime()))
  await db.insertInto('partner_groups').values(groups.map((id, i) => ({ id, program_id: program.id, name: `Group ${i}`, created_at: audit.at.toISOString() }))).execute()
  const partners = Array.from({ length: PARTNERS }, (_, i) => newId('prt', audit.at.getTime() + i))
  for (let i = 0; i < partners.length; i += 200) {
    const rows = partners.slice(i, i + 200).map((id, j) => ({
      id,
      program_id: program.id,
      email: `p${i + j}@bench.test`,
      name: null,
      status: 'active' as const,
      group_id: (i + j) % 4 === 3 ? null : groups[(i + j) % 3]!,
      created_at: audit.at.toISOString(),
    }))
    await db.insertInto('partners').values(rows as never).execute()
  }
  const tiered = await createRule(db, program.id, { name: 'Standard', event: 'sale', type: 'percent', value: 2000, tierMetric: 'paid_customers', tierPeriod: 'month', tiers: [{ name: 'Silver', from: 5, value: 2500 }, { name: 'Gold', from: 20, value: 3000 }] }, audit)
  await createRule(db, program.id, { name: 'Group A', event: 'sale', type: 'percent', value: 1500, groupId: groups[0]! }, audit)
  // Sales over the last 90 days, oldest first, each its own buyer (no customer), 2% fully refunded.
  const start = NOW.getTime() - 90 * 86_400_000
  const batch = 500
  for (let i = 0; i < SALES; i += batch) {
    const rows = []
    for (let j = i; j < Math.min(i + batch, SALES); j++) {
      const at = new Date(start + Math.floor((j / SALES) * 90 * 86_400_000)).toISOString()
      rows.push({
        id: newId('sal', Date.parse(at)),
        program_id: program.id,
        invoice_id: `inv_${j}`,
        customer_id: null,
        partner_id: partners[(j * 7919) % PARTNERS]!,
        click_id: null,
        product_id: null,
        amount_minor: 1000 + ((j * 37) % 20_000),
        currency: 'USD',
        refunded_minor: j % 50 === 0 ? 1000 + ((j * 37) % 20_000) : 0,
        subscription_id: null,
        payment_number: null,
        payment_id: null,
        split_partner_id: null,
        split_amount_minor: 0,
        split_refunded_minor: 0,
        occurred_at: at,
        created_at: at,
      })
    }
    await db.insertInto('sales').values(rows).execute()
  }
  return { programId: program.id, ruleId: tiered.id }
}

async function bench(label: string, db: Db) {
  const seeded = performance.now()
  const { programId, ruleId } = await seed(db)
  const program = (await findProgram(db, programId))!
  console.log(`${label}: seeded ${SALES} sales, ${PARTNERS} partners in ${Math.round(performance.now() - seeded)} ms`)
  const times: number[] = []
  const rss = process.memoryUsage().rss
  let peak = rss
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    const result = await backtestRules(db, program, { days: 365, ruleId, edit: { tiers: [{ name: 'Silver', from: 3, value: 2500 }, { name: 'Gold', from: 10, value: 3500 }] } }, NOW)
    times.push(performance.now() - t)
    peak = Math.max(peak, process.memoryUsage().rss)
    if (r === 0) {
      const usd = result.totals[0]!
      if (result.sales !== SALES) failures.push(`${label}: repriced ${result.sales} of ${SALES} sales`)
      if (usd.deltaMinor !== usd.proposedMinor - usd.currentMinor) failures.push(`${label}: delta is not proposed − current`)
      console.log(`  current ${usd.currentMinor}, proposed ${usd.proposedMinor}, delta ${usd.deltaMinor}; ${result.partnerCount} partners, ${result.tierMoves.length} tier moves, ${result.winners.length} winners, ${result.losers.length} losers`)
    }
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  console.log(`  backtest of ${SALES} sales: median ${Math.round(median)} ms of ${RUNS} runs (${times.map((t) => Math.round(t)).join(', ')} ms); RSS +${Math.round((peak - rss) / 1048576)} MB`)
  return median
}

const dir = mkdtempSync(join(tmpdir(), 'afflio-bench-backtest-'))
try {
  const db = connect({ url: join(dir, 'bench.db'), log: () => {} })
  await migrate(db)
  const ms = await bench('SQLite', db)
  if (ms > 2000) console.log(`  over the 2 s goal on SQLite`)
  await db.destroy()
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const pgUrl = process.env.BENCH_POSTGRES_URL || process.env.BENCH_DATABASE_URL
if (pgUrl) {
  const schema = `bench_${randomToken(10)}`
  const admin = connect({ url: pgUrl })
  await admin.schema.createSchema(schema).execute()
  const db = connect({ url: pgUrl, schema })
  try {
    await migrate(db, schema)
    await bench(`Postgres (schema ${schema})`, db)
  } finally {
    await db.destroy()
    await admin.schema.dropSchema(schema).cascade().execute()
    await admin.destroy()
  }
}

if (failures.length) {
  console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`)
  process.exitCode = 1
}
