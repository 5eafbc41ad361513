// Several processes on one Postgres under a mixed load (issue 12, goal 6). For 1, then 2, then 3 `afflio
// serve` processes on a fresh database: a webhook receiver and an SMTP sink, a program set up through the
// API, then LOAD_SECONDS of clicks, leads, sales (retried, doubled, duplicated), refunds, portal and console
// reads, two newsletters and two pairs of payout runs started in two processes at once (bench/load/). Then
// it waits for the outboxes to drain and checks, through the API and the sinks, that nothing answered 5xx,
// each acknowledged conversion is stored once with the commission its rule says, each webhook event and
// email arrived once, and no commission is paid twice. Prints PASS/FAIL per check and the throughput per
// kind of request and process count; exits 1 when a check fails.
//
// Run: node --import tsx bench/load.ts
// Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test; a database beside it is created and
// dropped), LOAD_SECONDS (60 per process count), LOAD_CONCURRENCY (32 clients), LOAD_PROCESSES ("1,2,3"),
// LOAD_PARTNERS (50), LOAD_SETTLE_SECONDS (120: the longest wait for webhooks and emails to go out),
// LOAD_SERVER_BIN (the afflio.mjs to start; default this checkout's server/bin/afflio.mjs).
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { type Check, runChecks } from './load/checks.ts'
import { type KindStats, LoadClient } from './load/client.ts'
import { cpuSeconds, startCluster } from './load/cluster.ts'
import { createFixture, type Fixture } from './load/fixture.ts'
import { startSinks } from './load/sinks.ts'
import { Workload } from './load/workload.ts'

const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const SECONDS = positive(process.env.LOAD_SECONDS, 60)
const CONCURRENCY = Math.round(positive(process.env.LOAD_CONCURRENCY, 32))
const PARTNERS = Math.round(positive(process.env.LOAD_PARTNERS, 50))
const SETTLE_SECONDS = positive(process.env.LOAD_SETTLE_SECONDS, 120)
const PROCESS_COUNTS = (process.env.LOAD_PROCESSES ?? '1,2,3').split(',').map(Number).filter((n) => n >= 1)
const ADMIN_TOKEN = randomBytes(24).toString('hex')

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw)
  return raw && Number.isFinite(n) && n > 0 ? n : fallback
}

interface Round {
  processes: number
  seconds: number
  stats: Map<string, KindStats>
  /** the servers' CPU time during the load, all processes together */
  cpuSeconds: number
  /** the machine's 1-minute load average at the end of the load: other work on it slows every figure */
  load: number
  checks: Check[]
}

/** Waits until no webhook delivery and no newsletter email is still pending (or the settle time is up). */
async function settle(client: LoadClient, f: Fixture, newsletters: string[]): Promise<number> {
  const start = Date.now()
  const pending = async () => {
    const hooks = await client.call<{ data: unknown[] }>('check', 0, 'GET', '/v1/webhook-deliveries?status=pending&limit=1', { token: f.secretKey })
    let waiting = hooks.body.data.length
    for (const id of newsletters) {
      const r = await client.call<{ data: unknown[] }>('check', 0, 'GET', `/v1/newsletters/${id}/recipients?status=pending&limit=1`, { token: f.secretKey })
      waiting += r.body.data.length
    }
    return waiting
  }
  while ((await pending()) > 0 && Date.now() - start < SETTLE_SECONDS * 1000) await new Promise((r) => setTimeout(r, 500))
  return (Date.now() - start) / 1000
}

async function round(processes: number): Promise<Round> {
  const sinks = await startSinks()
  const cluster = await startCluster(DATABASE_URL, processes, {
    AFFLIO_ADMIN_TOKEN: ADMIN_TOKEN,
    AFFLIO_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // The load's visitors come from many addresses, named in X-Forwarded-For; the limiter is on, out of reach.
    AFFLIO_TRUST_PROXY: 'true',
    AFFLIO_RATE_LIMIT_BURST: '1000000',
    AFFLIO_RATE_LIMIT_PER_SECOND: '1000000',
    SMTP_URL: sinks.smtpUrl,
    MAIL_FROM: 'Load <load@afflio.test>',
    AFFLIO_PUBLIC_URL: 'http://afflio.test',
    // The webhook receiver listens on this host: a private address, allowed here (docs/webhooks.md).
    AFFLIO_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
  })
  const client = new LoadClient(cluster.servers.map((s) => s.base))
  try {
    const run = randomBytes(3).toString('hex')
    const f = await createFixture(client, ADMIN_TOKEN, sinks.webhookUrl, PARTNERS, run)
    client.stats.delete('setup')
    const load = new Workload(client, f, run)
    const cpu = () => cluster.servers.reduce((sum, s) => sum + cpuSeconds(s), 0)
    const cpuBefore = cpu()
    const seconds = await load.drive(SECONDS, CONCURRENCY)
    const cpuSpent = cpu() - cpuBefore
    const machineLoad = loadavg()[0]!
    const stats = new Map([...client.stats].filter(([kind]) => kind !== 'check'))
    const waited = await settle(client, f, load.acked.newsletters)
    const a = load.acked
    console.log(
      `  acknowledged: ${a.clicks.length} clicks, ${a.leads.size} leads, ${a.sales.size} sales, ${[...a.sales.values()].filter((s) => s.refundRequestedMinor > 0).length} refunded, ` +
        `${a.newsletters.length} newsletters, ${a.payoutRuns.length} payout runs (starts: ${[...a.payoutStarts].map(([s, n]) => `${s}×${n}`).join(' ')}); outboxes drained in ${waited.toFixed(1)} s; ${client.staleSockets} requests sent again after a stale keep-alive socket`,
    )
    const checks = await runChecks(client, f, load, sinks)
    // What the servers logged (errors of background loops show nowhere else), or its tail when a check failed.
    const failed = checks.some((c) => c.problems.length)
    for (const s of cluster.servers) if (s.log.length) console.log(`  --- ${s.base} logged:\n${s.log.slice(failed ? -20 : -5).join('').trimEnd()}`)
    return { processes, seconds, stats, cpuSeconds: cpuSpent, load: machineLoad, checks }
  } finally {
    client.close()
    await cluster.stop()
    await sinks.close()
  }
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

function printRound(r: Round) {
  for (const c of r.checks) {
    console.log(`  ${c.problems.length ? 'FAIL' : 'PASS'} ${c.name}${c.problems.length ? ` (${c.problems.length})` : ''}`)
    for (const p of c.problems.slice(0, 10)) console.log(`       ${p}`)
  }
  let total = 0
  for (const [kind, s] of [...r.stats].sort(([a], [b]) => a.localeCompare(b))) {
    total += s.requests
    const sorted = Float64Array.from(s.latencies).sort()
    const statuses = [...s.statuses].map(([code, n]) => `${code}:${n}`).join(' ')
    console.log(`  ${kind.padEnd(10)} ${(s.requests / r.seconds).toFixed(1).padStart(8)} req/s  p50 ${percentile(sorted, 0.5).toFixed(1)} ms  p99 ${percentile(sorted, 0.99).toFixed(1)} ms  (${statuses})`)
  }
  console.log(`  ${'total'.padEnd(10)} ${(total / r.seconds).toFixed(1).padStart(8)} req/s  servers' CPU ${((r.cpuSeconds * 1000) / total).toFixed(2)} ms/request (${(r.cpuSeconds / r.seconds).toFixed(2)} cores busy); load average ${r.load.toFixed(1)}`)
}

async function main() {
  console.log(`load: ${PROCESS_COUNTS.join(', ')} afflio serve processes on ${new URL(DATABASE_URL).host}, ${CONCURRENCY} clients, ${SECONDS} s each, ${PARTNERS} partners`)
  const rounds: Round[] = []
  for (const n of PROCESS_COUNTS) {
    console.log(`\n${n} process${n > 1 ? 'es' : ''}:`)
    const r = await round(n)
    printRound(r)
    rounds.push(r)
  }
  const kinds = [...new Set(rounds.flatMap((r) => [...r.stats.keys()]))].sort()
  console.log(`\nthroughput, req/s by process count\n  ${'kind'.padEnd(10)} ${rounds.map((r) => String(r.processes).padStart(8)).join('')}`)
  for (const kind of [...kinds, 'total']) {
    const cells = rounds.map((r) => {
      const n = kind === 'total' ? [...r.stats.values()].reduce((s, k) => s + k.requests, 0) : (r.stats.get(kind)?.requests ?? 0)
      return (n / r.seconds).toFixed(1).padStart(8)
    })
    console.log(`  ${kind.padEnd(10)} ${cells.join('')}`)
  }
  const failed = rounds.flatMap((r) => r.checks.filter((c) => c.problems.length).map((c) => `${r.processes}: ${c.name}`))
  console.log(failed.length ? `\nFAIL ${failed.length} check(s): ${failed.join('; ')}` : '\nPASS every check at every process count')
  if (failed.length) process.exitCode = 1
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
