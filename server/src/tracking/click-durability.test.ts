// Every acknowledged click survives the server being killed: `afflio serve` on a SQLite file, clicks from
// 16 clients, SIGKILL while they are in flight, five times over; then the file must pass SQLite's integrity
// check and hold every click id a client was answered with (201 new, 200 a reload). Clicks are answered
// after their group commit (kernel/group-commit.ts); WAL with synchronous=NORMAL has the commit in the
// file before the answer leaves, which is what a killed process needs (a power cut is another matter:
// NORMAL leaves the last commits to the OS until a checkpoint).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM } from '../audit/index.ts'
import { connect, migrate } from '../kernel/db/connect.ts'
import { createPartner } from '../partners/index.ts'
import { createProgram } from '../programs/index.ts'

const BIN = new URL('../../bin/afflio.mjs', import.meta.url).pathname
const ROUNDS = 5
const CLIENTS = 16
// A browser's user agent (a made-up one is a bot's to the fraud rules, answered 204 without a click).
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('clicks and SIGKILL', () => {
  let dir: string
  let file: string
  let key: string
  const codes: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'afflio-kill-'))
    file = join(dir, 'afflio.db')
    const db = connect({ url: file, log: () => {} }) // its key file, which the server then reads, is created beside it
    await migrate(db)
    const created = await createProgram(db, { name: 'Kill', currency: 'USD' }, new Date())
    key = created.publishableKey
    for (let i = 0; i < 10; i++) codes.push((await createPartner(db, { id: created.program.id, site_url: created.program.siteUrl }, { email: `k${i}@kill.test` }, { actor: SYSTEM, at: new Date() })).links[0]!.code)
    await db.destroy()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** `afflio serve` on the file, on a free port; resolves once it listens. */
  async function start(): Promise<{ child: ChildProcess; port: number }> {
    const env = { ...process.env, DATABASE_URL: file, PORT: '0', AFFLIO_TRUST_PROXY: 'true', AFFLIO_RATE_LIMIT_BURST: '1000000', AFFLIO_RATE_LIMIT_PER_SECOND: '1000000' }
    const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (b: Buffer) => {
        const m = /Afflio API on http:\/\/[^:]+:(\d+)/.exec((out += b.toString()))
        if (m) resolve(Number(m[1]))
      })
      child.once('exit', (code) => reject(new Error(`afflio serve exited (${code}) before listening: ${out}`)))
    })
    return { child, port }
  }

  it(`keeps every acknowledged click through ${ROUNDS} kills under load, and the file stays sound`, { timeout: 120_000 }, async () => {
    const acknowledged = new Set<string>()
    let sent = 0
    for (let round = 0; round < ROUNDS; round++) {
      const { child, port } = await start()
      let killed = false
      const client = async (c: number) => {
        for (let i = 0; !killed && i < 5_000; i++) {
          const n = sent++
          // Every 8th request repeats the previous visitor: answered 200 with the earlier click's id.
          const v = n % 8 === 7 ? n - 1 : n
          const body = JSON.stringify({ key, code: codes[v % codes.length], url: 'https://shop.test/' })
          try {
            const res = await fetch(`http://127.0.0.1:${port}/v1/track/click`, { method: 'POST', body, headers: { 'x-forwarded-for': `198.51.${c}.${v % 250}`, 'user-agent': `${BROWSER} ${v}` } })
            const json = (await res.json()) as { clickId?: string }
            if ((res.status === 201 || res.status === 200) && json.clickId) acknowledged.add(json.clickId)
            else if (!killed) throw new Error(`unexpected ${res.status}: ${JSON.stringify(json)}`)
          } catch (err) {
            if (!killed) throw err
          }
        }
      }
      const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)))
      // Mid-load, at a different moment each round: counted in answers, not in time, so a slow machine
      // still kills a server that has acknowledged clicks (a fixed sleep killed some before any).
      const before = acknowledged.size
      while (acknowledged.size < before + 25 + round * 10) await sleep(10)
      killed = true
      child.kill('SIGKILL')
      await load
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)))
    }
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 20) // the load really ran

    const db = connect({ url: file, log: () => {} })
    try {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
      expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok'])
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([])
      const stored = new Set((await db.selectFrom('clicks').select('id').execute()).map((r) => r.id))
      expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([])
    } finally {
      await db.destroy()
    }
  })
})
