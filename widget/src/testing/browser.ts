// The widgets' browser-test harness: the Afflio API running in process on one origin, a host "site"
// on another (it serves the freshly built bundles and whatever pages and host-backend routes a test
// adds), and Chromium (playwright-core). Each widget's *.browser.test.ts starts one, seeds it, opens pages.
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { build } from 'vite'
import type { AppOptions } from '../../../server/src/app.ts'
import { createTestContext, type TestContext } from '../../../server/src/testing.ts'
import { BROWSER_AUTH_THROTTLE, launchChromium } from '../../../server/src/testing-browser.ts'

export const widgetDir = join(dirname(fileURLToPath(import.meta.url)), '../..')
const repoDir = join(widgetDir, '..')
/** Bound on every browser wait */
export const STEP = 10_000

// @hono/node-server is a server dependency: resolve it from there (the widget does not depend on it).
type FetchHandler = (request: Request) => Response | Promise<Response>
interface HonoNodeServer {
  serve(options: { fetch: FetchHandler; port: number; hostname: string }, listening: (info: AddressInfo) => void): Server
}
const requireFromServer = createRequire(join(repoDir, 'server/package.json'))
const honoNode = (await import(pathToFileURL(requireFromServer.resolve('@hono/node-server')).href)) as HonoNodeServer

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

/** A route of the host site: answer and return true, or return false for the next one (404 at the end). */
export type SiteRoute = (url: URL, res: ServerResponse, req: IncomingMessage) => boolean

export interface Harness {
  ctx: TestContext
  /** The API's origin */
  api: string
  /** The host site's origin */
  site: string
  browser: Browser
  /** A fresh browser context and page, its errors collected; closed by close() */
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; context: BrowserContext; errors: Error[] }>
  close(): Promise<void>
}

/**
 * Builds the bundles (`config`: a vite config in widget/), starts the API and the host site serving
 * `bundles` (their /names, read from widget/dist, with their chunks) and `routes`, seeds through `seed`, launches Chromium.
 */
export async function startHarness(options: {
  config: string
  bundles: string[]
  routes: (h: { api: string }) => SiteRoute
  seed?: (h: { ctx: TestContext; api: string }) => Promise<void>
  /** The app's options beyond the test context's (a mail transport, say) */
  app?: Partial<AppOptions>
}): Promise<Harness> {
  // The bundles exactly as shipped: built to widget/dist, then served from there.
  await build({ configFile: join(widgetDir, options.config), logLevel: 'silent' })
  // Each entry with its chunks (afflio-console.js: afflio-console-*.js), read once: a build running
  // meanwhile (another test's) cannot hand a page half a file.
  const dist = join(widgetDir, 'dist')
  const names = readdirSync(dist).filter((name) => options.bundles.some((b) => name === b || name.startsWith(b.replace(/\.js$/, '-'))))
  const files = new Map(names.map((name) => [`/${name}`, readFileSync(join(dist, name), 'utf8')]))
  const ctx = await createTestContext({ rateLimit: { trustProxy: true, burst: 10_000, perSecond: 10_000 }, authThrottle: BROWSER_AUTH_THROTTLE, ...options.app })
  let apiServer: Server | undefined
  const api = await new Promise<string>((resolve, reject) => {
    apiServer = honoNode.serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`))
    apiServer.once('error', reject)
  })
  await options.seed?.({ ctx, api })
  const route = options.routes({ api })
  const siteServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site')
    const file = files.get(url.pathname)
    if (file !== undefined) return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(file)
    if (!route(url, res, req)) res.writeHead(404).end()
  })
  const site = await listen(siteServer)
  const browser = await launchChromium()
  const contexts: BrowserContext[] = []
  return {
    ctx,
    api,
    site,
    browser,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({ locale: 'en-US', ...contextOptions })
      contexts.push(context)
      const page = await context.newPage()
      page.setDefaultTimeout(STEP)
      page.setDefaultNavigationTimeout(STEP)
      const errors: Error[] = []
      page.on('pageerror', (e) => errors.push(e))
      return { page, context, errors }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {})
      await browser.close().catch(() => {})
      await Promise.all([closeServer(apiServer), closeServer(siteServer)])
      await ctx.close()
    },
  }
}
