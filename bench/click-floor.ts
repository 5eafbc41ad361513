// The floor under bench/clicks.ts: the least a durable click costs on this stack. One Hono route that reads
// the body as Afflio does (kernel/http/body.ts), finds the link in a Map, hashes the visitor, and writes
// through raw better-sqlite3 statements into Afflio's own clicks table (its indexes, its foreign keys; the
// reload window in memory, a candidate confirmed by its row, as tracking/recent-visits.ts) and day rollup,
// in group commits answered after the commit, its WAL checkpointed
// as `afflio serve` checkpoints it (kernel/db/checkpointer.ts), so like for like. No key check, no validation,
// no rate limit, no fraud screen, no events, no Kysely: what it cannot go below, Afflio cannot either.
// Run with BENCH_FLOOR=1 node --import tsx bench/clicks.ts (bench/server.ts serves it instead).
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import { Hono } from 'hono'
import { BACKSTOP_PAGES, startCheckpointer } from '../server/src/kernel/db/checkpointer.ts'
import { hmacSha256 } from '../server/src/kernel/hash.ts'
import { bodyText } from '../server/src/kernel/http/body.ts'
import { RecentVisits, visitKey } from '../server/src/tracking/recent-visits.ts'

// better-sqlite3 is the server's dependency, not the bench's: loaded from there, typed as far as used here.
interface Sqlite {
  pragma(p: string): unknown
  prepare(sql: string): { run(...args: unknown[]): { changes: number; lastInsertRowid: number | bigint }; get(...args: unknown[]): unknown; all(): unknown[] }
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R
}
const SQLite = createRequire(new URL('../server/package.json', import.meta.url))('better-sqlite3') as new (file: string) => Sqlite

type Job = { values: unknown[]; day: string; resolve: (stored: boolean) => void }

export function clickFloor(file: string): (req: Request) => Response | Promise<Response> {
  const db = new SQLite(file)
  for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', `wal_autocheckpoint = ${BACKSTOP_PAGES}`]) db.pragma(p)
  startCheckpointer(file) // unref'd: ends with the process
  const links = new Map<string, { id: string; partner_id: string; program_id: string }>()
  for (const l of db.prepare('select code, id, partner_id, program_id from links').all() as { code: string; id: string; partner_id: string; program_id: string }[]) links.set(l.code, l)
  const insert = db.prepare(`insert into clicks (id, program_id, link_id, partner_id, landing_url, referrer, visitor_hash, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`)
  const recentAt = db.prepare('select id from clicks where rowid = ? and link_id = ? and visitor_hash = ? and created_at >= ?')
  const visits = new RecentVisits(30 * 60_000, 1_000_000, Date.now()) // the bench's database starts without clicks
  const addDay = db.prepare(`insert into link_days (program_id, partner_id, link_id, day, sub_id, ref_domain, clicks) values (?, ?, ?, ?, '', '', ?)
    on conflict do update set clicks = clicks + excluded.clicks`)
  let queue: Job[] = []
  const commit = db.transaction((batch: Job[]) => {
    const days = new Map<string, number>()
    const stored = batch.map((j) => {
      const [, , link, , , , visitor, at, since] = j.values as string[]
      const now = Date.parse(at!)
      const key = visitKey(visitor!, link!)
      const rowid = visits.candidate(key, now)
      const ok = rowid === undefined || !recentAt.get(rowid, link, visitor, since)
      if (ok) visits.add(key, Number(insert.run(...j.values.slice(0, 8)).lastInsertRowid), now)
      if (ok) days.set(j.day, (days.get(j.day) ?? 0) + 1)
      return ok
    })
    for (const [day, n] of days) addDay.run(...(JSON.parse(day) as unknown[]), n)
    return stored
  })
  const flush = () => {
    const batch = queue
    queue = []
    commit(batch).forEach((ok, i) => batch[i]!.resolve(ok))
  }
  const prefix = randomBytes(4).toString('hex')
  // The visitor's keyed hash, as Afflio's (kernel/secrets.ts keyedHash): never a plain hash of an address
  const keyed = hmacSha256(Buffer.from(randomBytes(64).map((b) => b & 0x7f)))
  let seq = 0
  return new Hono().post('/v1/track/click', async (c) => {
    const body = JSON.parse(await bodyText(c)) as { code: string; url?: string; referrer?: string }
    const link = links.get(body.code)
    if (!link) return c.json({ error: { code: 'not_found', message: 'No such code' } }, 404)
    const { headers } = (c.env as { incoming: IncomingMessage }).incoming
    const visitor = keyed(`visitor|${link.program_id}|${headers['x-forwarded-for']}|${headers['user-agent']}`)
    const now = Date.now()
    const at = new Date(now).toISOString()
    const since = new Date(now - 30 * 60_000).toISOString()
    const id = `clk_${prefix}${(seq++).toString(36)}`
    const values = [id, link.program_id, link.id, link.partner_id, body.url ?? null, body.referrer ?? null, visitor, at, since]
    const stored = await new Promise<boolean>((resolve) => {
      if (queue.push({ values, day: JSON.stringify([link.program_id, link.partner_id, link.id, at.slice(0, 10)]), resolve }) === 1) setImmediate(flush)
    })
    return c.json({ clickId: id, partnerId: link.partner_id, duplicate: !stored }, stored ? 201 : 200)
  }).fetch
}
