// `pnpm demo`: the Afflio API with seeded data, and the fictional SaaS that uses it, in one process.
// The API listens on :8787 and the site on :3000, so the script tag really crosses origins.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { serve as nodeServe } from '@hono/node-server'
import { Afflio } from '@afflio/sdk'
import { connect, migrate, readEnv, seed, serve } from '@afflio/server'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import * as pages from './pages.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const SITE_PORT = Number(process.env.SITE_PORT ?? 3000)
const API_PORT = Number(process.env.PORT ?? 8787)
const PRICES = { starter: 2900, pro: 9900 } as const

function asset(path: string, type: string) {
  const file = root + path
  return () => {
    if (!existsSync(file)) return new Response(`${path} is not built: run pnpm build`, { status: 404 })
    return new Response(readFileSync(file), { headers: { 'content-type': type, 'cache-control': 'no-cache' } })
  }
}

async function main() {
  mkdirSync(root + '.data', { recursive: true })
  rmSync(root + '.data/demo.db', { force: true }) // keys are stored hashed: a fresh seed is how the demo knows them
  const db = connect({ url: root + '.data/demo.db' })
  await migrate(db)
  const seeded = await seed(db)
  const env = readEnv({ ...process.env, PORT: String(API_PORT), HOST: '127.0.0.1' })
  const api = await serve(db, env)
  const apiUrl = `http://localhost:${api.port}`
  const afflio = new Afflio({ secretKey: seeded.secretKey, baseUrl: apiUrl })
  const cfg = { apiUrl, publishableKey: seeded.publishableKey }

  const site = new Hono()
    .get('/afflio.js', asset('sdk/dist/afflio.js', 'text/javascript'))
    .get('/afflio-portal.js', asset('widget/dist/afflio-portal.js', 'text/javascript'))
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
      // The host app's signed-in user is, for the demo, the partner Alice.
      const embed = (afflio as unknown as { embedTokens?: { create(i: { partnerId: string }): Promise<{ token: string }> } }).embedTokens
      if (!embed) return c.html(pages.layout(cfg, 'Partner portal', '<div class="card">The embeddable portal is not part of this build yet.</div>'))
      const { token } = await embed.create({ partnerId: seeded.partnerIds[0]! })
      return c.html(pages.portal(cfg, token, 'Alice Martin'))
    })

  nodeServe({ fetch: site.fetch, hostname: '127.0.0.1', port: SITE_PORT }, (info) => {
    console.log(`Afflio API  ${apiUrl}  (secret key ${seeded.secretKey})`)
    console.log(`Demo site   http://localhost:${info.port}  → try http://localhost:${info.port}/?ref=ALICE`)
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
