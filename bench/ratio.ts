// The load generator shared by the endpoint benches (clicks.ts, sales.ts): Afflio's endpoint against a bare
// Hono 204 route, same request shape, same generator, printed as ratios because absolute numbers on shared
// machines mean little.
//
// Each server runs in its own child process (bench/server.ts), so its event loop, heap and GC are not the
// load generator's; on 2 cores that gives the server one core and the generator the other. Only one server
// is under load at a time, and the measured time alternates between them in 1 s slices (bare, afflio, bare,
// ...), so a noisy neighbour slows both sides alike instead of skewing the ratio.
// Env: BENCH_SECONDS (5, measured per server), BENCH_CONCURRENCY (32), BENCH_DATABASE_URL (postgres://…:
// Afflio on Postgres, in a schema of its own, dropped after; default a SQLite file), BENCH_CPU_PROF (a
// folder: the Afflio server writes a V8 CPU profile of the measured phase there; read it with profile-top.ts),
// BENCH_FLOOR=1 (clicks on SQLite: bench/click-floor.ts in Afflio's place, the floor of a durable click).
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Ready, Scenario, Stopped } from './server.ts'

const SECONDS = positive(process.env.BENCH_SECONDS, 5)
const CONCURRENCY = Math.round(positive(process.env.BENCH_CONCURRENCY, 32))
const WARMUP_SECONDS = 1
const SLICE_SECONDS = 1
const REQUEST_TIMEOUT_MS = 10_000
const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? ''

export interface Stats {
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

/** One request of the bench: the n-th of the run (n never repeats across phases and servers). */
export interface Shape {
  path: string
  headers: Record<string, string>
  body: string
}

export interface RatioBench {
  scenario: Scenario
  /** Afflio's answers that count as served */
  ok: (status: number) => boolean
  request: (n: number, fixture: Ready) => Shape
  /** After both servers stopped: print the integrity check; false fails the bench */
  check: (afflio: { warmup: Stats; stats: Stats }, stopped: Stopped) => boolean
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw)
  return raw && Number.isFinite(n) && n > 0 ? n : fallback
}

const emptyStats = (): Stats => ({ seconds: 0, latencies: [], statuses: new Map(), ok: 0, errors: 0 })

function post(agent: Agent, port: number, shape: Shape): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { ...shape.headers, 'content-length': Buffer.byteLength(shape.body) }
    const req = request({ agent, host: '127.0.0.1', port, path: shape.path, method: 'POST', headers }, (res) => {
      res.resume() // drain, so the socket goes back to the pool
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(shape.body)
  })
}

let sequence = 0 // one counter for every phase and server, so a later phase never replays an earlier request

/** CONCURRENCY clients, each with one request in flight over keep-alive, for `seconds`; adds into `stats`. */
async function drive(bench: RatioBench, t: Target, seconds: number, stats: Stats): Promise<void> {
  const start = performance.now()
  const deadline = start + seconds * 1000
  const client = async () => {
    while (performance.now() < deadline) {
      const shape = bench.request(sequence++, t.fixture)
      const sent = performance.now()
      try {
        const status = await post(t.agent, t.fixture.port, shape)
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

const children = new Set<ChildProcess>()

async function start(name: 'bare' | 'afflio', args: string[], ok: (status: number) => boolean): Promise<Target> {
  const child = fork(join(ROOT, 'bench/server.ts'), [name, ...args], { cwd: ROOT, execArgv: ['--import', 'tsx'] })
  children.add(child)
  const fixture = await nextMessage<Ready>(child, 'ready')
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  return { name, child, fixture, agent, ok, warmup: emptyStats(), stats: emptyStats() }
}

async function stop(t: Target): Promise<Stopped> {
  t.agent.destroy()
  const exited = new Promise((resolve) => t.child.once('exit', resolve))
  t.child.send('stop')
  const stopped = await nextMessage<Stopped>(t.child, 'stopped')
  await exited
  children.delete(t.child)
  return stopped
}

function summary(s: Stats) {
  const sorted = Float64Array.from(s.latencies).sort()
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return { rps: s.ok / s.seconds, p50: at(0.5), p99: at(0.99), errors: s.errors }
}

function line(t: Target, stopped: Stopped) {
  const { rps, p50, p99, errors } = summary(t.stats)
  const statuses = [...t.stats.statuses].map(([code, n]) => `${code}:${n}`).join(' ')
  const answered = [...t.warmup.statuses.values(), ...t.stats.statuses.values()].reduce((a, b) => a + b, 0)
  const cpu = `${((stopped.cpuMs * 1000) / Math.max(1, answered)).toFixed(0)} µs CPU/req`
  return `${t.name.padEnd(7)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  ${cpu}  errors ${errors}  (${statuses})`
}

async function main(bench: RatioBench, dir: string) {
  const db = DATABASE_URL ? 'Postgres' : 'SQLite'
  console.log(`bench: ${bench.scenario} on ${db}, ${CONCURRENCY} clients, ${SECONDS} s each in ${SLICE_SECONDS} s slices after ${WARMUP_SECONDS} s warm-up, keep-alive, servers in child processes`)
  const bare = await start('bare', [], (s) => s === 204)
  const afflio = await start('afflio', [bench.scenario, DATABASE_URL || join(dir, 'bench.db')], bench.ok)
  // The bare route ignores what it is sent, but is sent the same: the same keys, codes and click ids, so
  // the same bytes to read and parse on both sides (without them a sale's body was 40 bytes shorter).
  bare.fixture = { ...afflio.fixture, port: bare.fixture.port }
  for (const t of [bare, afflio]) await drive(bench, t, WARMUP_SECONDS, t.warmup)
  for (let done = 0; done < SECONDS; done += SLICE_SECONDS) {
    for (const t of [bare, afflio]) await drive(bench, t, Math.min(SLICE_SECONDS, SECONDS - done), t.stats)
  }
  const bareStopped = await stop(bare)
  const afflioStopped = await stop(afflio)

  console.log(line(bare, bareStopped))
  // BENCH_FLOOR: the afflio child serves bench/click-floor.ts instead; the lines say so.
  const name = process.env.BENCH_FLOOR && bench.scenario === 'clicks' && !DATABASE_URL ? 'floor' : 'afflio'
  console.log(line({ ...afflio, name }, afflioStopped))
  const [b, a] = [summary(bare.stats), summary(afflio.stats)]
  console.log(`${name}/bare (${db}): throughput ${(a.rps / b.rps).toFixed(3)}x  p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x`)
  if (!bench.check(afflio, afflioStopped) || a.rps === 0) process.exitCode = 1
}

/** Runs the bench, bounded whatever happens: warm-up and measuring, plus setup and generous slack. */
export async function runRatioBench(bench: RatioBench): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'afflio-bench-'))
  const cleanup = () => {
    for (const c of children) c.kill()
    rmSync(dir, { recursive: true, force: true })
  }
  const watchdog = setTimeout(
    () => {
      console.error(`bench: ${bench.scenario} timed out`)
      cleanup()
      process.exit(1)
    },
    (2 * (WARMUP_SECONDS + SECONDS) + 90) * 1000,
  )
  try {
    await main(bench, dir)
  } finally {
    clearTimeout(watchdog)
    cleanup()
  }
}

/** Adds up a status over warm-up and measurement. */
export function count(t: { warmup: Stats; stats: Stats }, status: number): number {
  return (t.warmup.statuses.get(status) ?? 0) + (t.stats.statuses.get(status) ?? 0)
}
