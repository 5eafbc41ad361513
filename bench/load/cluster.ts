// Several `afflio serve` processes on one Postgres database of their own: the database is created fresh
// and dropped after, the processes are the real command line (server/bin/afflio.mjs), each on its own port,
// all started at once so their migrations race as they would in a rolling deploy.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

// pg is the server package's dependency, not the root's: load the copy the server resolves.
const pg = createRequire(new URL('../../server/package.json', import.meta.url))('pg') as {
  Client: new (o: { connectionString: string }) => { connect(): Promise<unknown>; query(q: string): Promise<unknown>; end(): Promise<void> }
}
// LOAD_SERVER_BIN: another checkout's server/bin/afflio.mjs, to load a branch with this script
const CLI = process.env.LOAD_SERVER_BIN || fileURLToPath(new URL('../../server/bin/afflio.mjs', import.meta.url))

export interface Server {
  base: string
  child: ChildProcess
  /** what the process wrote to stderr (and stdout after it started), for the report when something fails */
  log: string[]
}

export interface Cluster {
  servers: Server[]
  databaseUrl: string
  stop(): Promise<void>
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * The CPU time (user and system) a server has used, from /proc (Linux; NaN elsewhere): steadier than
 * wall time when other work shares the machine. Clock ticks are 100 a second on Linux.
 */
export function cpuSeconds(server: Server): number {
  try {
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

/** The URL with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

function start(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [CLI, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const log: string[] = []
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString())
    if (log.length > 200) log.shift()
  }
  child.stderr!.on('data', keep)
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /Afflio API on (http:\/\/\S+)/.exec(out)
      if (!m) return
      child.stdout!.off('data', onData).on('data', keep)
      child.off('exit', onExit)
      resolve({ base: m[1]!, child, log })
    }
    const onExit = (code: number | null) => reject(new Error(`afflio serve exited (${code}) before listening:\n${out}${log.join('')}`))
    child.stdout!.on('data', onData)
    child.once('exit', onExit)
  })
}

/**
 * Creates a database beside the one `url` names, starts `processes` servers on it with `env` added to
 * theirs, and resolves when every one listens. `stop()` kills them and drops the database.
 */
export async function startCluster(url: string, processes: number, env: Record<string, string>): Promise<Cluster> {
  const name = `afflio_load_${randomBytes(5).toString('hex')}`
  await admin(url, `create database ${name}`)
  const databaseUrl = withDatabase(url, name)
  const drop = () => admin(url, `drop database if exists ${name} with (force)`)
  const started = await Promise.allSettled(Array.from({ length: processes }, () => start({ ...env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0' })))
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const stop = async () => {
    await Promise.all(servers.map((s) => new Promise((done) => (s.child.exitCode === null ? s.child.once('exit', done).kill() : done(null)))))
    await drop()
  }
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await stop()
    throw failed.reason
  }
  return { servers, databaseUrl, stop }
}
