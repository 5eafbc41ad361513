// The demo: the Afflio API on a freshly seeded SQLite file, and a fictional SaaS that uses it.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Afflio } from '@afflio/sdk'
import { connect, listen, migrate, readEnv, seed, serve } from '@afflio/server'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import * as pages from './pages.ts'
import { startMailCapture } from './mail-capture.ts'
import { mailbox, mailPage } from './mail-pages.ts'
import { seedProgram } from './seed-program.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const PRICES = { starter: 2900, pro: 9900 } as const

function asset(path: string, type: string) {
  const file = root + path
  return () => {
    if (!existsSync(file)) return new Response(`${path} is not built: run pnpm build`, { status: 404 })
    return new Response(readFileSync(file), { headers: { 'content-type': type, 'cache-control': 'no-cache' } })
  }
}

export interface DemoOptions {
  sitePort: number
  apiPort: number
  /** where the SQLite file lives; wiped at start */
  dataDir: string
}

/** Starts the API and the demo site; the browser test starts it the same way on free ports. */
export async function startDemo({ sitePort, apiPort, dataDir }: DemoOptions) {
  // The ports first, before the database is wiped: a second demo started beside a running one (same ports,
  // same data directory) stops at a port in use, with the one line listen() gives, and deletes nothing of
  // the running demo's. The site's port is taken for good here (its pages are served once the demo is
  // ready); the API's, which serve() listens on itself, is tried and let go.
  let ready: ((req: Request) => Response | Promise<Response>) | undefined
  const listening = await listen((req) => ready?.(req) ?? new Response('The demo is starting', { status: 503 }), '127.0.0.1', sitePort, 'SITE_PORT')
  const closeSite = () => new Promise<void>((done) => listening.server.close(() => done()))
  const port = await (apiPort ? tryPort(apiPort) : freePort()).catch(async (err: unknown) => {
    await closeSite()
    throw err
  })

  mkdirSync(dataDir, { recursive: true })
  // keys are stored hashed: a fresh seed is how the demo knows them (the -wal and -shm of the last run go too)
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dataDir}/demo.db${suffix}`, { force: true })
  const db = connect({ url: `${dataDir}/demo.db` })
  await migrate(db)
  const seeded = await seed(db)
  // Email goes to a local SMTP capture, shown at /mail; unsubscribe links point at the API.
  const mail = await startMailCapture()
  // The quickstart creates a program with the admin token: the demo has one, made up unless the environment sets it.
  const adminToken = process.env.AFFLIO_ADMIN_TOKEN || randomBytes(24).toString('hex')
  const env = readEnv({ ...process.env, AFFLIO_ADMIN_TOKEN: adminToken, PORT: String(port), HOST: '127.0.0.1', SMTP_URL: mail.url, AFFLIO_PUBLIC_URL: `http://localhost:${port}` })
  const api = await serve(db, env).catch(async (err: unknown) => {
    await closeSite()
    await mail.close()
    await db.destroy()
    throw err
  })
  const apiUrl = `http://localhost:${api.port}`
  const afflio = new Afflio({ secretKey: seeded.secretKey, baseUrl: apiUrl })
  const cfg = { apiUrl, publishableKey: seeded.publishableKey }
  await seedProgram(afflio, seeded.partnerIds, apiUrl)

  const site = new Hono()
    .get('/afflio.js', asset('sdk/dist/afflio.js', 'text/javascript'))
    .get('/afflio-portal.js', asset('widget/dist/afflio-portal.js', 'text/javascript'))
    .get('/afflio-console.js', asset('widget/dist/afflio-console.js', 'text/javascript'))
    // The chunks the widgets load for their other tabs, next to the entry scripts (widget/vite.base.ts).
    .get('/:chunk{afflio-(?:portal|console)-[A-Za-z0-9_-]+\\.js}', (c) => asset(`widget/dist/${c.req.param('chunk')}`, 'text/javascript')())
    .get('/', (c) => c.html(pages.landing(cfg)))
    .get('/signup', (c) => c.html(pages.signup(cfg)))
    .post('/signup', async (c) => {
      const form = await c.req.parseBody()
      const email = String(form.email ?? '').toLowerCase()
      const clickId = String(form.afflio_click || getCookie(c, 'afflio_click')?.split('.')[0] || '') || undefined
      try {
        const customer = await afflio.track.lead({ customerExternalId: email, email, clickId })
        return c.html(pages.signup(cfg, customer.partnerId ? `Welcome! Referred by partner ${customer.partnerId}.` : 'Welcome! (no referral)'))
      } catch (err) {
        return c.html(pages.signup(cfg, `Could not record the signup: ${(err as Error).message}`), 400)
      }
    })
    .get('/checkout', (c) => c.html(pages.checkout(cfg)))
    .post('/checkout', async (c) => {
      const form = await c.req.parseBody()
      const plan = form.plan === 'pro' ? 'pro' : 'starter'
      const email = String(form.email ?? '').toLowerCase()
      const clickId = String(form.afflio_click || getCookie(c, 'afflio_click')?.split('.')[0] || '') || undefined
      try {
        const r = await afflio.track.sale({ invoiceId: `in_demo_${Date.now()}`, amountMinor: PRICES[plan], currency: 'USD', customerExternalId: email, clickId })
        const msg = r.commission ? `Thanks! ${r.commission.partnerId} earns ${(r.commission.amountMinor / 100).toFixed(2)} USD (pending).` : 'Thanks! No partner referred this sale.'
        return c.html(pages.checkout(cfg, msg))
      } catch (err) {
        return c.html(pages.checkout(cfg, `Could not record the sale: ${(err as Error).message}`), 400)
      }
    })
    .get('/partners', async (c) => {
      // The host app's signed-in user is, for the demo, the partner Alice: its backend mints her a token.
      const { token } = await afflio.embedTokens.create({ partnerId: seeded.partnerIds[0]! })
      return c.html(pages.portal(cfg, token, 'Alice Martin'))
    })
    // The portal asks for a fresh token when its own expires; the host's session decides who gets one.
    .get('/api/afflio-token', async (c) => c.json(await afflio.embedTokens.create({ partnerId: seeded.partnerIds[0]! })))
    // The program manager's side: the same app's admin area mints a console token for its signed-in manager.
    .get('/console', async (c) => {
      const { token } = await afflio.consoleTokens.create({ manager: 'dana@acme.example' })
      return c.html(pages.programConsole(cfg, token, 'Dana (program manager)'))
    })
    .get('/api/afflio-console-token', async (c) => c.json(await afflio.consoleTokens.create({ manager: 'dana@acme.example' })))
    .get('/mail', (c) => c.html(mailbox(cfg, mail.mails)))
    .get('/mail/:id', (c) => {
      const found = mail.mails.find((m) => m.id === Number(c.req.param('id')))
      return found ? c.html(mailPage(cfg, found)) : c.notFound()
    })

  ready = site.fetch
  const siteUrl = { url: `http://localhost:${listening.port}`, close: closeSite }
  // The program's site is this one, now that its port is known: partners' links (and their QR codes) lead here.
  await afflio.settings.update({ siteUrl: siteUrl.url })
  return {
    apiUrl,
    siteUrl: siteUrl.url,
    seeded,
    adminToken,
    db,
    mail,
    close: async () => {
      await siteUrl.close()
      await api.close()
      await mail.close()
      await db.destroy()
    },
  }
}

/** What `pnpm demo` prints: where each part of the demo is, and the keys the docs' examples need. */
export function banner(demo: Pick<Awaited<ReturnType<typeof startDemo>>, 'apiUrl' | 'siteUrl' | 'seeded' | 'adminToken' | 'mail'>): string[] {
  const { apiUrl, siteUrl, seeded } = demo
  return [
    `Demo site    ${siteUrl}  → try ${siteUrl}/?ref=ALICE, sign up, buy a plan`,
    `Portal       ${siteUrl}/partners  (the partner portal, signed in as Alice)`,
    `Console      ${siteUrl}/console  (the program console, signed in as the program's manager)`,
    `Mail         ${siteUrl}/mail  (a local SMTP capture at ${demo.mail.url}: what Afflio emails lands there)`,
    `Marketplace  ${apiUrl}/marketplace`,
    `Afflio API   ${apiUrl}${apiUrl === 'http://localhost:8787' ? '' : '  (the docs\' http://localhost:8787)'}`,
    '  keys of the seeded program, new on every start (the demo reseeds its database):',
    `  export AFFLIO_PUBLISHABLE_KEY=${seeded.publishableKey} AFFLIO_SECRET_KEY=${seeded.secretKey}`,
    `  export AFFLIO_ADMIN_TOKEN=${demo.adminToken}   # creates programs (POST /v1/admin/programs)`,
  ]
}

/** `port`, once listening on it worked (and stopped); else listen()'s one line naming PORT. */
async function tryPort(port: number): Promise<number> {
  const { server } = await listen(() => new Response(null, { status: 503 }), '127.0.0.1', port)
  return new Promise((resolve) => server.close(() => resolve(port)))
}

/** A port free now, so the API's public URL (in email links) is known before it listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}
