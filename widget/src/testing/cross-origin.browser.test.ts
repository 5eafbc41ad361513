// The documented production setup in Chromium: the host page on its own origin, the widget's script
// a plain `<script src>` (no crossorigin attribute) from the API server's origin, which serves the
// entry and its chunks (server/src/assets). Every tab's chunk must come from there: a relative
// import() in such a script resolves against about:blank, so each tab but the first failed.
import { Afflio } from '@afflio/sdk'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Harness, STEP, startHarness } from './browser.ts'

let h: Harness
let api = ''
let afflio: Afflio
let partnerId = ''
let publishableKey = ''

const page = (tag: string, token: string, bundle: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body>
<${tag} token="${token}" api="${api}" locale="en-US"></${tag}><script src="${api}/${bundle}"></script></body></html>`

beforeAll(async () => {
  h = await startHarness({
    // All three widgets; the host site serves none of them (the API does).
    config: 'vite.config.ts',
    bundles: [],
    seed: async (started) => {
      api = started.api
      const keys = await started.ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
      afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: api })
      publishableKey = keys.publishableKey
      partnerId = (await afflio.partners.create({ email: 'ana@partners.test', name: 'Ana Writer', linkCode: 'ANA' })).id
      // A checklist, so the portal's "Get started" tab (a chunk too) is there.
      await afflio.onboarding.setChecklist({ steps: [{ kind: 'custom', title: 'Join our partner Slack' }] })
    },
    routes: () => (url, res) => {
      const token = url.searchParams.get('token') ?? ''
      if (url.pathname === '/isolated') {
        // A cross-origin isolated host (COEP require-corp, e.g. for SharedArrayBuffer): a plain
        // <script src> from another origin loads only with the server's Cross-Origin-Resource-Policy.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-opener-policy': 'same-origin' })
        res.end(
          page('afflio-portal', token, 'afflio-portal.js').replace(
            '</head>',
            `<script>window.afflio=window.afflio||function(){(afflio.q=afflio.q||[]).push(arguments)};afflio('ready',function(r){window.tracked=r})</script><script async src="${api}/afflio.js" data-key="${url.searchParams.get('key')}"></script></head>`,
          ),
        )
        return true
      }
      if (url.pathname !== '/portal' && url.pathname !== '/admin') return false
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(url.pathname === '/portal' ? page('afflio-portal', token, 'afflio-portal.js') : page('afflio-console', token, 'afflio-console.js'))
      return true
    },
  })
}, 120_000)

afterAll(async () => {
  await h?.close()
})

/** Opens each tab in turn and waits for its view: not loading, and no failure shown. */
async function everyTab(p: Page, widget: Locator): Promise<string[]> {
  const tabs = widget.getByRole('tab')
  await tabs.first().waitFor({ timeout: STEP })
  const names = await tabs.allInnerTexts()
  const panel = widget.locator('[role=tabpanel]')
  for (const [i, name] of names.entries()) {
    await tabs.nth(i).click()
    await expect.poll(() => tabs.nth(i).getAttribute('aria-selected'), { timeout: STEP }).toBe('true')
    // The kit's loading state (kit/states.tsx), shown until the chunk and the view's data are in.
    await expect.poll(() => panel.locator('.state[role=status]').count(), { timeout: STEP, message: name }).toBe(0)
    expect(await panel.getByRole('alert').allInnerTexts(), name).toEqual([])
  }
  return names
}

test('the portal and the console from the API server’s origin load every tab’s chunk from there', async () => {
  const { page: p, errors } = await h.newPage({ viewport: { width: 1100, height: 900 } })
  const chunks: string[] = []
  p.on('request', (r) => void (/\/afflio-(portal|console)-[^/]+\.js$/.test(r.url()) && chunks.push(r.url())))

  const { token } = await afflio.embedTokens.create({ partnerId })
  await p.goto(`${h.site}/portal?token=${encodeURIComponent(token)}`)
  const tabs = await everyTab(p, p.locator('afflio-portal'))
  expect(tabs).toEqual(expect.arrayContaining(['Get started', 'Overview', 'Links', 'Commissions', 'Payouts', 'Profile']))
  expect(chunks.some((u) => u.startsWith(`${api}/afflio-portal-Links-`))).toBe(true)

  const manager = await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
  await p.goto(`${h.site}/admin?token=${encodeURIComponent(manager.token)}`)
  await everyTab(p, p.locator('afflio-console'))
  expect(chunks.some((u) => u.startsWith(`${api}/afflio-console-Rules-`))).toBe(true)

  expect(new Set(chunks.map((u) => new URL(u).origin))).toEqual(new Set([api]))
  expect(errors).toEqual([])
}, 90_000)

test('a cross-origin isolated host page (COEP require-corp) loads the tracking script and the portal from the API server', async () => {
  const { page: p, errors } = await h.newPage({ viewport: { width: 1100, height: 900 } })
  const { token } = await afflio.embedTokens.create({ partnerId })
  await p.goto(`${h.site}/isolated?token=${encodeURIComponent(token)}&key=${publishableKey}&ref=ANA`)
  expect(await p.evaluate(() => crossOriginIsolated)).toBe(true)
  // The script recorded the click and said so; the portal shows its first screen and a chunk's tab.
  await p.waitForFunction(() => (window as unknown as { tracked?: unknown }).tracked, null, { timeout: STEP })
  expect(await p.evaluate(() => (window as unknown as { tracked: { clickId: string } }).tracked.clickId)).toMatch(/^clk_/)
  const names = await everyTab(p, p.locator('afflio-portal'))
  expect(names).toEqual(expect.arrayContaining(['Overview', 'Links']))
  expect(errors).toEqual([])
}, 90_000)
