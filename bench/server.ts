// One server under test, in its own process (forked by clicks.ts): `bare` is Hono on @hono/node-server with a
// single 204 route, the floor any Hono app pays; `afflio` is createApp on a migrated SQLite file with one
// program and 100 partners. Says `ready` over IPC once listening; on `stop` reports the clicks rows and exits.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createApp } from '../server/src/app.ts'
import { connect, type Db, migrate } from '../server/src/kernel/db/connect.ts'
import { SYSTEM } from '../server/src/audit/index.ts'
import { createPartner } from '../server/src/partners/partners.ts'
import { createProgram } from '../server/src/programs/programs.ts'

export type Ready = { type: 'ready'; port: number; key: string; codes: string[] }
export type Stopped = { type: 'stopped'; clicks: number | null }

type Fetch = (req: Request) => Response | Promise<Response>

async function seed(db: Db): Promise<{ key: string; codes: string[] }> {
  await migrate(db)
  const { program, publishableKey } = await createProgram(db, { name: 'Bench', currency: 'USD' }, new Date())
  const codes: string[] = []
  for (let i = 0; i < 100; i++) {
    const p = await createPartner(db, program.id, { email: `p${i}@bench.test`, linkCode: `bench-${i}` }, { actor: SYSTEM, at: new Date() })
    codes.push(p.links[0]!.code)
  }
  return { key: publishableKey, codes }
}

async function main(kind: string, dbFile: string | undefined) {
  let db: Db | null = null
  let fetch: Fetch
  let fixture = { key: '', codes: ['bare'] }
  if (kind === 'afflio' && dbFile) {
    db = connect({ url: dbFile })
    fixture = await seed(db)
    // Limiter on but out of reach: its per-request cost is measured, its 429s are not.
    fetch = createApp({ db, rateLimit: { burst: 1e9, perSecond: 1e9, trustProxy: true } }).fetch
  } else {
    fetch = new Hono().post('/v1/track/click', (c) => c.body(null, 204)).fetch
  }
  const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, ({ port }) => process.send!({ type: 'ready', port, ...fixture } satisfies Ready)) as Server

  process.on('message', async (msg) => {
    if (msg !== 'stop') return
    server.closeAllConnections()
    server.close()
    let clicks: number | null = null
    if (db) {
      clicks = Number((await db.selectFrom('clicks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      await db.destroy()
    }
    process.send!({ type: 'stopped', clicks } satisfies Stopped, () => process.exit(0))
  })
  // The parent died or gave up on us: don't linger holding the port and the database.
  process.on('disconnect', () => process.exit(0))
}

main(process.argv[2] ?? 'bare', process.argv[3]).catch((err) => {
  console.error(err)
  process.exit(1)
})
