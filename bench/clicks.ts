// Click-tracking throughput: Afflio's POST /v1/track/click against a bare Hono 204 route, same request shape,
// same load generator, printed as ratios because absolute numbers on shared machines mean little.
//
// Each server runs in its own child process (bench/server.ts), so its event loop, heap and GC are not the
// load generator's; on 2 cores that gives the server one core and the generator the other. Only one server
// is under load at a time, and the measured time alternates between them in 1 s slices (bare, afflio, bare,
// ...), so a noisy neighbour slows both sides alike instead of skewing the ratio.
// Env: BENCH_SECONDS (5, measured per server), BENCH_CONCURRENCY (32).
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Ready, Stopped } from './server.ts'

const SECONDS = positive(process.env.BENCH_SECONDS, 5)
const CONCURRENCY = Math.round(positive(process.env.BENCH_CONCURRENCY, 32))
const WARMUP_SECONDS = 1
const SLICE_SECONDS = 1
const REQUEST_TIMEOUT_MS = 10_000
const ROOT = fileURLToPath(new URL('..', import.meta.url))

interface Stats {
  seconds: number
  latencies: number[] // ms, answered requests only
  statuses: Map<number, number>
  ok: number
  errors: number // network errors, timeouts and statuses outside `ok`
}

interface Target {
  name: string
  child: ChildProcess
  fixture: Ready
  agent: Agent
  ok: (status: number) => boolean
  warmup: Stats
  stats: Stats
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw)
  return raw && Number.isFinite(n) && n > 0 ? n : fallback
}

const emptyStats = (): Stats => ({ seconds: 0, latencies: [], statuses: new Map(), ok: 0, errors: 0 })

// ~1 request in 16 repeats the previous visitor (same address, user agent and code): a reload, which Afflio
// answers 200 from its dedup check. The rest are distinct visitors, so the insert path dominates.
function visitor(n: number, codes: string[]) {
  const v = n % 16 === 15 ? n - 1 : n
  return { ip: `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`, code: codes[v % codes.length]! }
}

// A browser's: a made-up user agent is a bot's to the fraud rules, answered 204 without a click.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

function post(agent: Agent, port: number, ip: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(body), 'user-agent': UA, 'x-forwarded-for': ip }
    const req = request({ agent, host: '127.0.0.1', port, path: '/v1/track/click', method: 'POST', headers }, (res) => {
      res.resume() // drain, so the socket goes back to the pool
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(body)
  })
}

let sequence = 0 // one counter for every phase and server, so a later phase never replays an earlier visitor

/** CONCURRENCY clients, each with one request in flight over keep-alive, for `seconds`; adds into `stats`. */
async function drive(t: Target, seconds: number, stats: Stats): Promise<void> {
  const start = performance.now()
  const deadline = start + seconds * 1000
  const client = async () => {
    while (performance.now() < deadline) {
      const { ip, code } = visitor(sequence++, t.fixture.codes)
      const body = JSON.stringify({ key: t.fixture.key, code, url: `https://shop.test/?ref=${code}`, referrer: 'https://blog.test/post' })
      const sent = performance.now()
      try {
        const status = await post(t.agent, t.fixture.port, ip, body)
        stats.latencies.push(performance.now() - sent)
        stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1)
        if (t.ok(status)) stats.ok++
        else stats.errors++
      } catch {
        stats.errors++
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client))
  stats.seconds += (performance.now() - start) / 1000 // includes the drain of the last requests, as it should
}

function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => m.type === type && (off(), resolve(m))
    const onExit = (code: number | null) => (off(), reject(new Error(`bench server exited (${code}) before '${type}'`)))
    const off = () => child.off('message', onMessage).off('exit', onExit)
    child.on('message', onMessage).on('exit', onExit)
  })
}

async function start(name: 'bare' | 'afflio', dbFile: string, ok: (status: number) => boolean): Promise<Target> {
  const child = fork(join(ROOT, 'bench/server.ts'), [name, dbFile], { cwd: ROOT, execArgv: ['--import', 'tsx'] })
  children.add(child)
  const fixture = await nextMessage<Ready>(child, 'ready')
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  return { name, child, fixture, agent, ok, warmup: emptyStats(), stats: emptyStats() }
}

/** Stops a server; resolves with the clicks rows its database holds (null for bare). */
async function stop(t: Target): Promise<number | null> {
  t.agent.destroy()
  const exited = new Promise((resolve) => t.child.once('exit', resolve))
  t.child.send('stop')
  const { clicks } = await nextMessage<Stopped>(t.child, 'stopped')
  await exited
  children.delete(t.child)
  return clicks
}

function summary(s: Stats) {
  const sorted = Float64Array.from(s.latencies).sort()
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return { rps: s.ok / s.seconds, p50: at(0.5), p99: at(0.99), errors: s.errors }
}

function line(t: Target) {
  const { rps, p50, p99, errors } = summary(t.stats)
  const statuses = [...t.stats.statuses].map(([code, n]) => `${code}:${n}`).join(' ')
  return `${t.name.padEnd(7)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  errors ${errors}  (${statuses})`
}

async function main(dir: string) {
  console.log(`bench: clicks, ${CONCURRENCY} clients, ${SECONDS} s each in ${SLICE_SECONDS} s slices after ${WARMUP_SECONDS} s warm-up, keep-alive, servers in child processes`)
  const bare = await start('bare', '', (s) => s === 204)
  const afflio = await start('afflio', join(dir, 'bench.db'), (s) => s === 201 || s === 200)
  for (const t of [bare, afflio]) await drive(t, WARMUP_SECONDS, t.warmup)
  for (let done = 0; done < SECONDS; done += SLICE_SECONDS) {
    for (const t of [bare, afflio]) await drive(t, Math.min(SLICE_SECONDS, SECONDS - done), t.stats)
  }
  await stop(bare)
  const clicks = await stop(afflio)

  console.log(line(bare))
  console.log(line(afflio))
  const [b, a] = [summary(bare.stats), summary(afflio.stats)]
  console.log(`afflio/bare: throughput ${(a.rps / b.rps).toFixed(3)}x  p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x`)
  const created = (afflio.warmup.statuses.get(201) ?? 0) + (afflio.stats.statuses.get(201) ?? 0)
  console.log(`clicks rows: ${clicks} (201 responses incl. warm-up: ${created})`)
  // Every 201 promised a stored click; a mismatch means the bench measured something other than writes.
  if (clicks !== created || a.rps === 0) process.exitCode = 1
}

const children = new Set<ChildProcess>()
const dir = mkdtempSync(join(tmpdir(), 'afflio-bench-'))
const cleanup = () => {
  for (const c of children) c.kill()
  rmSync(dir, { recursive: true, force: true })
}
// Bounded whatever happens: warm-up and measuring, plus setup (migrations, 100 partners) and generous slack.
const watchdog = setTimeout(
  () => {
    console.error('bench: clicks timed out')
    cleanup()
    process.exit(1)
  },
  (2 * (WARMUP_SECONDS + SECONDS) + 60) * 1000,
)
try {
  await main(dir)
} finally {
  clearTimeout(watchdog)
  cleanup()
}
