// One server under test, in its own process (forked by bench/ratio.ts): `bare` is Hono on @hono/node-server
// with a single 204 route, the floor any Hono app pays; `afflio <scenario> <database>` is createApp on a
// migrated database (a SQLite file, or a fresh schema of a postgres:// URL, dropped on stop) with one program
// and 100 partners, and for `sales` a 10% rule and a click per partner to attribute sales to. Says `ready`
// over IPC once listening; on `stop` reports its CPU time and the rows the bench checks, then exits.
import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import { createApp, nodeDoorOf } from '../server/src/app.ts'
import { type Door, listen } from '../server/src/kernel/http/listen.ts'
import { connect, type Db, migrate } from '../server/src/kernel/db/connect.ts'
import { SYSTEM } from '../server/src/audit/index.ts'
import { eventBusOf } from '../server/src/kernel/events.ts'
import { createRule } from '../server/src/ledger/rule-admin.ts'
import { createPartner } from '../server/src/partners/partners.ts'
import { createProgram } from '../server/src/programs/programs.ts'
import { recordClick } from '../server/src/tracking/index.ts'
import { startCpuProfile } from './cpu-profile.ts'

export type Scenario = 'clicks' | 'sales'
// A browser's user agent: a made-up one is a bot's to the fraud rules, and its click is not counted.
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
export type Ready = { type: 'ready'; port: number; key: string; codes: string[]; clickIds: string[] }
/**
 * `cpuMs`: the server's CPU time (user and system) since it said `ready`, steadier than wall time on a busy
 * machine. `rows`: clicks; for sales also sales, commissions, and the invoices without exactly one commission.
 */
export type Stopped = { type: 'stopped'; rows: Record<string, number>; cpuMs: number }

type Fetch = (req: Request) => Response | Promise<Response>

async function seed(db: Db, scenario: Scenario, schema?: string): Promise<Omit<Ready, 'type' | 'port'>> {
  await migrate(db, schema)
  const now = new Date()
  const { program, publishableKey, secretKey } = await createProgram(db, { name: 'Bench', currency: 'USD' }, now)
  const codes: string[] = []
  const clickIds: string[] = []
  for (let i = 0; i < 100; i++) {
    const p = await createPartner(db, { id: program.id, site_url: program.siteUrl }, { email: `p${i}@bench.test`, linkCode: `bench-${i}` }, { actor: SYSTEM, at: now })
    codes.push(p.links[0]!.code)
  }
  if (scenario === 'sales') {
    await createRule(db, program.id, { name: 'Ten percent', event: 'sale', type: 'percent', value: 1000 }, { actor: SYSTEM, at: now })
    const row = await db.selectFrom('programs').selectAll().where('id', '=', program.id).executeTakeFirstOrThrow()
    for (const [i, code] of codes.entries()) {
      const click = await recordClick(db, row, { code }, { ip: `192.0.2.${i}`, userAgent: BROWSER }, now)
      if (!click) throw new Error('the fraud rules did not count a seeded click')
      clickIds.push(click.clickId)
    }
  }
  return { key: scenario === 'sales' ? secretKey : publishableKey, codes, clickIds }
}

async function rows(db: Db, scenario: Scenario): Promise<Record<string, number>> {
  const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n)
  const clicks = await n(db.selectFrom('clicks').select((eb) => eb.fn.countAll().as('n')))
  if (scenario === 'clicks') return { clicks }
  const perSale = db
    .selectFrom('sales')
    .leftJoin('commissions', 'commissions.sale_id', 'sales.id')
    .select((eb) => ['sales.invoice_id', eb.fn.count('commissions.id').as('k')])
    .groupBy('sales.invoice_id')
  return {
    clicks,
    sales: await n(db.selectFrom('sales').select((eb) => eb.fn.countAll().as('n'))),
    commissions: await n(db.selectFrom('commissions').select((eb) => eb.fn.countAll().as('n'))),
    notOneCommission: await n(db.selectFrom(perSale.as('s')).select((eb) => eb.fn.countAll().as('n')).where('s.k', '!=', 1)),
    events: await n(db.selectFrom('internal_events').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'sale.credited')),
  }
}

async function open(url: string): Promise<{ db: Db; schema?: string; drop: () => Promise<void> }> {
  if (!/^postgres(ql)?:\/\//.test(url)) return { db: connect({ url, log: () => {}, backgroundCheckpoints: true }), drop: async () => {} } // as `afflio serve`
  const schema = `bench_${randomBytes(6).toString('hex')}`
  const encryptionKey = randomBytes(32).toString('base64')
  const admin = async (run: (db: Db) => Promise<unknown>) => {
    const db = connect({ url, encryptionKey })
    await run(db)
    await db.destroy()
  }
  await admin((db) => db.schema.createSchema(schema).execute())
  const db = connect({ url, schema, encryptionKey })
  return { db, schema, drop: () => admin((db) => db.schema.dropSchema(schema).cascade().execute()) }
}

async function main(kind: string, scenario: Scenario, url: string | undefined) {
  let opened: Awaited<ReturnType<typeof open>> | null = null
  let fetch: Fetch
  let door: Door | undefined
  let fixture: Omit<Ready, 'type' | 'port'> = { key: '', codes: ['bare'], clickIds: [] }
  if (kind === 'afflio' && url) {
    opened = await open(url)
    fixture = await seed(opened.db, scenario, opened.schema)
    // Limiter on but out of reach: its per-request cost is measured, its 429s are not.
    const app = createApp({ db: opened.db, rateLimit: { burst: 1e9, perSecond: 1e9, trustProxy: true } })
    // Served as `afflio serve` serves it (serve.ts): the click's node door ahead of the app.
    fetch = app.fetch
    door = nodeDoorOf(app)
    // BENCH_FLOOR=1: the same database served by bench/click-floor.ts, the least a durable click costs here.
    if (process.env.BENCH_FLOOR && scenario === 'clicks' && !opened.schema) [fetch, door] = [(await import('./click-floor.ts')).clickFloor(url), undefined]
  } else {
    fetch = new Hono().post('/v1/track/:kind', (c) => c.body(null, 204)).fetch
  }
  let cpu = process.cpuUsage()
  let stopProfile = async () => ''
  const { port, server } = await listen(fetch, '127.0.0.1', 0, 'PORT', door)
  const dir = process.env.BENCH_CPU_PROF
  if (dir && opened) stopProfile = await startCpuProfile(dir, `afflio-${scenario}`)
  cpu = process.cpuUsage()
  process.send!({ type: 'ready', port, ...fixture } satisfies Ready)

  process.on('message', async (msg) => {
    if (msg !== 'stop') return
    const used = process.cpuUsage(cpu)
    const profile = await stopProfile()
    if (profile) console.error(`cpu profile: ${profile}`)
    server.closeAllConnections()
    server.close()
    let counted: Record<string, number> = {}
    if (opened) {
      await eventBusOf(opened.db)?.drain() // reactions still running in the background
      counted = await rows(opened.db, scenario)
      await opened.db.destroy()
      await opened.drop()
    }
    process.send!({ type: 'stopped', rows: counted, cpuMs: (used.user + used.system) / 1000 } satisfies Stopped, () => process.exit(0))
  })
  // The parent died or gave up on us: don't linger holding the port and the database.
  process.on('disconnect', () => process.exit(0))
}

main(process.argv[2] ?? 'bare', (process.argv[3] ?? 'clicks') as Scenario, process.argv[4]).catch((err) => {
  console.error(err)
  process.exit(1)
})
