// The tracking script in a real browser against the real server: Chromium (playwright-core)
// opens a host page with the snippet, the freshly built afflio.js, and the Afflio API in process.
//
// Two origins on 127.0.0.1: the API server, served as `afflio serve` serves it (the click's door on node's
// server ahead of the app, server/src/tracking/click-door.ts), and a "site" server that serves the host
// pages and afflio.js and also mounts the API under /v1 (through Hono alone), so a page can use the default
// API base (the script's own origin) as well as a cross-origin data-api (CORS, text/plain, no preflight).
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestContext, type TestContext } from '../../../server/src/testing.ts'
import type { PartnerWithLink } from '../types'
import { BROWSER_AUTH_THROTTLE, launchChromium, noChromium } from '../../../server/src/testing-browser.ts'
import { nodeDoorOf } from '../../../server/src/app.ts'
import { listen as listenAsServed } from '../../../server/src/kernel/http/listen.ts'

const sdkDir = join(dirname(fileURLToPath(import.meta.url)), '../..')
const STEP = 10_000 // bound on every browser wait

// @hono/node-server is a server dependency: resolve it from there (the sdk does not depend on it),
// typed with just what is used here.
type FetchHandler = (request: Request) => Response | Promise<Response>
interface HonoNodeServer {
  getRequestListener(fetch: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void>
}
const requireFromServer = createRequire(join(sdkDir, '../server/package.json'))
const honoNode = (await import(pathToFileURL(requireFromServer.resolve('@hono/node-server')).href)) as HonoNodeServer

let ctx: TestContext
let browser: Browser
let apiServer: Server
let siteServer: Server
let api: string // http://127.0.0.1:PORT of the API server
let site: string // http://127.0.0.1:PORT of the site server
let deadApi: string // a port nothing listens on
let publishableKey: string
let secretKey: string
let program: { attributionWindowDays: number }
let alice: PartnerWithLink
let bob: PartnerWithLink
/** A second program, on the first-click model, with two partners' links */
let firstClick: { publishableKey: string; secretKey: string; ann: PartnerWithLink; ben: PartnerWithLink }
const contexts: BrowserContext[] = []

/** The stub exactly as users paste it. */
const snippetStub = readFileSync(join(sdkDir, 'snippet.html'), 'utf8').match(/<script>([^<]+)<\/script>/)![1]!

function hostPage(scriptAttrs: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
<script>${snippetStub}</script>
<script>
  window.hostErrors = [];
  window.addEventListener('error', function (e) { hostErrors.push(String(e.message)) });
  window.addEventListener('unhandledrejection', function (e) { hostErrors.push('unhandled: ' + e.reason) });
  window.readyCalls = [];
  window.stubWasInPlace = typeof afflio === 'function' && !('clickId' in afflio);
  afflio('ready', function (r) { readyCalls.push(r) });
  window.rewardEvents = [];
  window.addEventListener('afflio:reward', function (e) { rewardEvents.push(e.detail) });
</script>
<script async src="/afflio.js" ${scriptAttrs}></script>
</head><body>
<form id="signup"><input type="hidden" name="afflio_click"><input name="email"></form>
<script>
  window.hostAfterScript = true;
  window.lateRewardEvents = []; // a listener added by a script after the tag
  window.addEventListener('afflio:reward', function (e) { lateRewardEvents.push(e.detail) });
</script>
</body></html>`
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })
}

function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server?.listening) return resolve()
    server.closeAllConnections?.()
    server.close(() => resolve())
  })
}

async function buildScript(): Promise<string> {
  const result = await build({
    configFile: join(sdkDir, 'vite.script.config.ts'),
    logLevel: 'silent',
    build: { write: false },
  })
  const outputs = Array.isArray(result) ? result : [result]
  for (const out of outputs) {
    if (!('output' in out)) continue
    for (const file of out.output) if (file.type === 'chunk' && file.fileName === 'afflio.js') return file.code
  }
  throw new Error('vite build produced no afflio.js')
}

/** A call of the program API with the secret key, expecting `status`. */
async function callApi<T>(method: string, path: string, body: object, status = 200): Promise<T> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(status)
  return (await res.json()) as T
}

function createPartner(email: string, linkCode: string, name?: string): Promise<PartnerWithLink> {
  return callApi('POST', '/v1/partners', { email, linkCode, name }, 201)
}

async function newPage(): Promise<{ page: Page; context: BrowserContext; pageErrors: Error[]; clickRequests: string[] }> {
  const context = await browser.newContext()
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(STEP)
  page.setDefaultNavigationTimeout(STEP)
  const pageErrors: Error[] = []
  page.on('pageerror', (e) => pageErrors.push(e))
  const clickRequests: string[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/track/click')) clickRequests.push(r.url())
  })
  return { page, context, pageErrors, clickRequests }
}

async function readyResults(page: Page): Promise<{ clickId: string | null }[]> {
  await page.waitForFunction(() => (window as unknown as { readyCalls: unknown[] }).readyCalls.length > 0, null, { timeout: STEP })
  return page.evaluate(() => (window as unknown as { readyCalls: { clickId: string | null }[] }).readyCalls)
}

const clicks = () => ctx.db.selectFrom('clicks').selectAll().orderBy('id').execute()

beforeAll(async () => {
  const [code] = await Promise.all([
    buildScript(),
    (async () => {
      ctx = await createTestContext({ authThrottle: BROWSER_AUTH_THROTTLE })
      const created = await ctx.createProgram()
      publishableKey = created.publishableKey
      program = created.program
      const served = await listenAsServed(ctx.app.fetch, '127.0.0.1', 0, 'PORT', nodeDoorOf(ctx.app))
      apiServer = served.server
      api = `http://127.0.0.1:${served.port}`
      secretKey = created.secretKey
      alice = await createPartner('p@example.com', 'ALICE')
      bob = await createPartner('bob@example.com', 'BOB')
      const other = await ctx.createProgram({ name: 'First click', attributionModel: 'first_click' })
      const partner = async (email: string, linkCode: string) =>
        (await (await fetch(`${api}/v1/partners`, { method: 'POST', headers: { authorization: `Bearer ${other.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ email, linkCode }) })).json()) as PartnerWithLink
      firstClick = { publishableKey: other.publishableKey, secretKey: other.secretKey, ann: await partner('ann@example.com', 'ANN'), ben: await partner('ben@example.com', 'BEN') }
    })(),
  ])

  const apiListener = honoNode.getRequestListener(ctx.app.fetch)
  siteServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site')
    if (url.pathname.startsWith('/v1/')) return void apiListener(req, res)
    if (url.pathname === '/afflio.js') {
      // Served late, so the page's own calls surely run against the stub first.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
        res.end(code)
      }, 150)
      return
    }
    const attrs: Record<string, string> = {
      '/cross-origin': `data-key="${publishableKey}" data-api="${api}/"`,
      '/same-origin': `data-key="${publishableKey}"`,
      '/server-down': `data-key="${publishableKey}" data-api="${deadApi}"`,
      '/promo-param': `data-key="${publishableKey}" data-coupon-param="promo"`,
      '/wrong-domain': `data-key="${publishableKey}" data-domain=".example.com"`,
      '/late-form': `data-key="${publishableKey}"`,
      '/plain-tag': `data-key="${publishableKey}"`,
      '/first-click': `data-key="${firstClick.publishableKey}"`,
      '/spa-router': `data-key="${publishableKey}"`,
    }
    const a = attrs[url.pathname]
    if (a === undefined) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    const html = hostPage(a)
    // The script as a plain (blocking) <script> in the head: it runs before the body is parsed.
    if (url.pathname === '/plain-tag') return void res.end(html.replace('<script async src', '<script src'))
    // A single-page app's router that drops the query (replaceState) before the async script runs.
    if (url.pathname === '/spa-router')
      return void res.end(html.replace('<script async src', "<script>history.replaceState(null, '', location.pathname)</script><script async src"))
    // The form arrives a second after the head (a slow server-rendered page), surely after ready.
    if (url.pathname === '/late-form') {
      const form = html.indexOf('<form')
      res.write(html.slice(0, form))
      return void setTimeout(() => res.end(html.slice(form)), 1000)
    }
    res.end(html)
  })
  site = await listen(siteServer)

  const dead = createServer()
  deadApi = await listen(dead)
  await closeServer(dead)

  browser = await launchChromium()
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close().catch(() => {})
  await Promise.all([closeServer(apiServer), closeServer(siteServer)])
  await ctx?.close()
})

describe.skipIf(noChromium())('tracking script in Chromium against the real server', () => {
  test('?ref=ALICE records one click, stores the cookie, exposes the id; a reload sends nothing', async () => {
    const { page, context, pageErrors, clickRequests } = await newPage()
    await page.goto(`${site}/cross-origin?ref=ALICE`)

    const [first] = await readyResults(page)
    const clickId = first!.clickId
    expect(clickId).toMatch(/^clk_[0-9a-z]{24}$/)
    expect(await page.evaluate(() => (window as unknown as { stubWasInPlace: boolean }).stubWasInPlace)).toBe(true)

    // Recorded once, for Alice's link, through the cross-origin API.
    const rows = await clicks()
    expect(rows.map((r) => [r.id, r.partner_id, r.link_id])).toEqual([[clickId, alice.id, alice.links[0]!.id]])
    expect(rows[0]!.landing_url).toBe(`${site}/cross-origin?ref=ALICE`)
    expect(clickRequests).toEqual([`${api}/v1/track/click`])

    // The first-party cookie, for the program's attribution window.
    const cookie = (await context.cookies(site)).find((c) => c.name === 'afflio_click')
    expect(cookie).toMatchObject({ value: `${clickId}.ALICE`, path: '/', sameSite: 'Lax', domain: '127.0.0.1', secure: false })
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(program.attributionWindowDays - 0.01)
    expect(days).toBeLessThan(program.attributionWindowDays + 0.01)

    // Exposed to the page.
    expect(
      await page.evaluate(() => {
        const afflio = (window as unknown as { afflio: ((c: string) => unknown) & { clickId: unknown } }).afflio
        return [afflio('referral'), afflio.clickId, document.querySelector<HTMLInputElement>('#signup [name=afflio_click]')!.value]
      }),
    ).toEqual([clickId, clickId, clickId])

    // Reload: the cookie already holds this code's click, so no request and no new row.
    await page.reload()
    expect(await readyResults(page)).toEqual([{ clickId, reward: null }])
    expect(clickRequests).toHaveLength(1)
    expect(await clicks()).toHaveLength(1)
    // The code as the server finds it (codeKey: spaces around it and its case do not count) is the same link.
    await page.goto(`${site}/cross-origin?ref=%20alice%20`)
    expect(await readyResults(page)).toEqual([{ clickId, reward: null }])
    expect(clickRequests).toHaveLength(1)
    expect(await clicks()).toHaveLength(1)

    // A lead from the browser carries the click id to the server.
    const lead = await page.evaluate(() =>
      (window as unknown as { afflio: (c: string, i: object) => Promise<unknown> }).afflio('lead', { customerExternalId: 'user_1', email: 'u1@example.com' }),
    )
    // Its answer says only that it was received: nothing of a customer, which anyone with the page's key could ask
    expect(lead).toEqual({ received: true, customerExternalId: 'user_1', clickId })
    const customers = await ctx.db.selectFrom('customers').selectAll().execute()
    expect(customers.map((c) => [c.external_id, c.click_id, c.partner_id])).toEqual([['user_1', clickId, alice.id]])

    expect(pageErrors).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { hostErrors: string[] }).hostErrors)).toEqual([])
  })

  test('default API base is the script origin; another code replaces the cookie', async () => {
    const { page, context, pageErrors, clickRequests } = await newPage()
    await context.addCookies([{ name: 'afflio_click', value: 'clk_0000000000000000000000000a.ALICE', url: site }])
    await page.goto(`${site}/same-origin?via=BOB`)
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(clickRequests).toEqual([`${site}/v1/track/click`])
    const row = (await clicks()).find((r) => r.id === clickId)
    expect(row?.partner_id).toBe(bob.id)
    const cookie = (await context.cookies(site)).find((c) => c.name === 'afflio_click')
    expect(cookie?.value).toBe(`${clickId}.BOB`)
    expect(pageErrors).toEqual([])
  })

  test('?ref=bob%20 (spaces around the code) records the click for BOB with the code trimmed', async () => {
    const { page, context, pageErrors } = await newPage()
    const sent: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/track/click')) sent.push(JSON.parse(r.postData() ?? '{}').code)
    })
    await page.goto(`${site}/same-origin?ref=%20bob%20`)
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(clickId).toMatch(/^clk_[0-9a-z]{24}$/)
    expect(sent).toEqual(['bob'])
    expect((await clicks()).find((r) => r.id === clickId)?.partner_id).toBe(bob.id)
    const cookie = (await context.cookies(site)).find((c) => c.name === 'afflio_click')
    expect(cookie?.value).toBe(`${clickId}.bob`)
    expect(pageErrors).toEqual([])
  })

  test('an SPA router that drops ?ref= (replaceState) before the script runs: the click is recorded from the URL the page was loaded with', async () => {
    // Partners of their own: the server answers a visitor's repeat click on a link with the earlier click.
    const dora = await createPartner('dora@example.com', 'DORA')
    const eve = await createPartner('eve@example.com', 'EVE')
    const { page, context, pageErrors, clickRequests } = await newPage()
    await page.goto(`${site}/spa-router?ref=DORA&sub=spa&coupon=SPA10`)
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(clickId).toMatch(/^clk_[0-9a-z]{24}$/)
    expect(await page.evaluate(() => location.href)).toBe(`${site}/spa-router`) // the router ran first
    const row = (await clicks()).find((r) => r.id === clickId)
    expect(row).toMatchObject({ partner_id: dora.id, landing_url: `${site}/spa-router?ref=DORA&sub=spa&coupon=SPA10`, sub_id: 'spa' })
    expect((await context.cookies(site)).find((c) => c.name === 'afflio_click')?.value).toBe(`${clickId}.DORA`)
    expect(await page.evaluate(() => (window as unknown as { afflio: (c: string) => unknown }).afflio('coupon'))).toBe('SPA10')

    // An in-app route change to a ?ref= URL is not read: the script reads the page's URL once, as it loads.
    await page.evaluate(() => history.pushState(null, '', '/spa-router?ref=EVE'))
    await page.waitForTimeout(300)
    expect(clickRequests).toHaveLength(1)
    // Loading that pushState entry is a new page, loaded with its URL: EVE's click is recorded.
    await page.reload()
    const [{ clickId: eves }] = (await readyResults(page)) as [{ clickId: string }]
    expect(eves).not.toBe(clickId)
    expect((await clicks()).find((r) => r.id === eves)).toMatchObject({ partner_id: eve.id, landing_url: `${site}/spa-router?ref=EVE` })
    expect(clickRequests).toHaveLength(2)
    expect(pageErrors).toEqual([])
  })

  test("a first-click program: another partner's link is recorded, the cookie keeps the first click, and the lead credits it", async () => {
    const { page, context, pageErrors } = await newPage()
    await page.goto(`${site}/first-click?ref=ANN`)
    const [{ clickId: first }] = (await readyResults(page)) as [{ clickId: string }]
    await page.goto(`${site}/first-click?ref=BEN`)
    const [{ clickId: kept }] = (await readyResults(page)) as [{ clickId: string }]
    expect(kept).toBe(first)
    const rows = (await clicks()).filter((r) => r.partner_id === firstClick.ann.id || r.partner_id === firstClick.ben.id)
    expect(rows.map((r) => r.partner_id).sort()).toEqual([firstClick.ann.id, firstClick.ben.id].sort()) // both recorded
    expect((await context.cookies(site)).find((c) => c.name === 'afflio_click')?.value).toBe(`${first}.ANN`)
    const lead = await page.evaluate(() =>
      (window as unknown as { afflio: (c: string, i: object) => Promise<unknown> }).afflio('lead', { customerExternalId: 'fc_user', email: 'fc@example.com' }),
    )
    expect(lead).toEqual({ received: true, customerExternalId: 'fc_user', clickId: first })
    const customer = await ctx.db.selectFrom('customers').select(['click_id', 'partner_id']).where('external_id', '=', 'fc_user').executeTakeFirst()
    expect(customer).toEqual({ click_id: first, partner_id: firstClick.ann.id })
    expect(pageErrors).toEqual([])
  })

  test('?coupon=CODE is kept first-party for checkout, beside the click; data-coupon-param renames it', async () => {
    const { page, context, pageErrors } = await newPage()
    await page.goto(`${site}/same-origin?ref=ALICE&coupon=ALICE10`)
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(clickId).toMatch(/^clk_/)
    const cookie = (await context.cookies(site)).find((c) => c.name === 'afflio_coupon')
    expect(cookie).toMatchObject({ value: 'ALICE10', path: '/', sameSite: 'Lax' })
    const read = () => page.evaluate(() => {
      const afflio = (window as unknown as { afflio: ((c: string) => unknown) & { coupon: unknown } }).afflio
      return [afflio('coupon'), afflio.coupon]
    })
    expect(await read()).toEqual(['ALICE10', 'ALICE10'])
    // Later pages without the parameter still know it; a page whose parameter is renamed takes that one.
    await page.goto(`${site}/same-origin`)
    await readyResults(page)
    expect(await read()).toEqual(['ALICE10', 'ALICE10'])
    await page.goto(`${site}/promo-param?promo=BOB5&coupon=IGNORED`)
    await readyResults(page)
    expect(await read()).toEqual(['BOB5', 'BOB5'])
    expect(pageErrors).toEqual([])
  })

  test('server down: the page is unharmed, ready still fires with no click', async () => {
    const { page, context, pageErrors, clickRequests } = await newPage()
    await page.goto(`${site}/server-down?ref=ALICE`)
    expect(await readyResults(page)).toEqual([{ clickId: null, reward: null }])
    expect(clickRequests).toEqual([`${deadApi}/v1/track/click`])
    const state = await page.evaluate(() => {
      const w = window as unknown as { afflio: ((c: string) => unknown) & { clickId: unknown }; hostErrors: string[]; hostAfterScript: boolean }
      return { referral: w.afflio('referral'), clickId: w.afflio.clickId, hostErrors: w.hostErrors, after: w.hostAfterScript }
    })
    expect(state).toEqual({ referral: null, clickId: null, hostErrors: [], after: true })
    // A lead cannot reach the server either: it resolves to null instead of rejecting.
    expect(await page.evaluate(() => (window as unknown as { afflio: (c: string, i: object) => unknown }).afflio('lead', { customerExternalId: 'u' }))).toBeNull()
    expect((await context.cookies(site)).find((c) => c.name === 'afflio_click')).toBeUndefined()
    expect(pageErrors).toEqual([])
  })

  test('the hidden afflio_click input is filled when its form is parsed after ready, or rendered later', async () => {
    const { page, pageErrors } = await newPage()
    const value = () => page.evaluate(() => document.querySelector<HTMLInputElement>('#signup [name=afflio_click]')!.value)
    // Landing with ?ref=: the form arrives after the click is recorded.
    await page.goto(`${site}/late-form?ref=ALICE`)
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(clickId).toMatch(/^clk_/)
    expect(await value()).toBe(clickId)
    // A plain <script> in the head, the click from the cookie: ready before the body exists.
    await page.goto(`${site}/plain-tag`)
    expect(await readyResults(page)).toEqual([{ clickId, reward: null }])
    expect(await value()).toBe(clickId)
    // A form an SPA renders after load: read without any submit event.
    const spa = await page.evaluate(async () => {
      document.body.insertAdjacentHTML('beforeend', '<div id="spa"><form><input type="hidden" name="afflio_click"></form></div>')
      await new Promise((r) => setTimeout(r))
      return document.querySelector<HTMLInputElement>('#spa input')!.value
    })
    expect(spa).toBe(clickId)
    expect(pageErrors).toEqual([])
  })

  test('a data-domain the host is not in: the cookie is kept host-only, with a warning, and the next page still knows the click', async () => {
    const { page, context, pageErrors } = await newPage()
    const warnings: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text())
    })
    await page.goto(`${site}/wrong-domain?ref=ALICE`)
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(clickId).toMatch(/^clk_/)
    const cookie = (await context.cookies(site)).find((c) => c.name === 'afflio_click')
    expect(cookie).toMatchObject({ value: `${clickId}.ALICE`, domain: '127.0.0.1' })
    expect(warnings).toEqual([expect.stringContaining('.example.com')])
    await page.goto(`${site}/wrong-domain`)
    expect(await readyResults(page)).toEqual([{ clickId, reward: null }])
    expect(pageErrors).toEqual([])
  })

  test("?ref=CODE of a partner whose group has a reward: the page sees afflio:reward with the group's label and the first name, and again on the next page", async () => {
    await callApi('PATCH', '/v1/program/settings', { referralReward: { kind: 'percent', percentOffBps: 1000 } })
    const group = await callApi<{ id: string }>('POST', '/v1/groups', { name: 'Creators' }, 201)
    await callApi('PATCH', `/v1/groups/${group.id}`, { referralReward: { kind: 'percent', percentOffBps: 2000, label: '20% off your first year' } })
    const carol = await createPartner('carol@example.com', 'CAROL', 'Carol Smith')
    await callApi('PATCH', `/v1/partners/${carol.id}`, { groupId: group.id })

    const { page, context, pageErrors } = await newPage()
    await page.goto(`${site}/cross-origin?ref=CAROL`)
    const reward = { kind: 'percent', percentOffBps: 2000, label: '20% off your first year', partnerName: 'Carol' }
    const [{ clickId }] = (await readyResults(page)) as [{ clickId: string }]
    expect(await readyResults(page)).toEqual([{ clickId, reward }])
    const seen = () => page.evaluate(() => {
      const w = window as unknown as { rewardEvents: unknown[]; afflio: { reward: unknown } }
      return { events: w.rewardEvents, property: w.afflio.reward }
    })
    expect(await seen()).toEqual({ events: [reward], property: reward })
    expect((await context.cookies(site)).find((c) => c.name === 'afflio_reward')).toMatchObject({ path: '/', sameSite: 'Lax' })

    // A later page without ?ref: the reward comes from the cookie, with no request.
    await page.goto(`${site}/same-origin`)
    expect(await readyResults(page)).toEqual([{ clickId, reward }])
    expect(await seen()).toEqual({ events: [reward], property: reward })
    // The event waits for the document to be parsed: with a plain <script> in the head (ready from the
    // cookie while the body is not there yet) a listener added by a later script hears it too, once.
    await page.goto(`${site}/plain-tag`)
    expect(await readyResults(page)).toEqual([{ clickId, reward }])
    expect(await seen()).toEqual({ events: [reward], property: reward })
    expect(await page.evaluate(() => (window as unknown as { lateRewardEvents: unknown[] }).lateRewardEvents)).toEqual([reward])
    expect(pageErrors).toEqual([])
  })
})
