// The portal as partners use it for a week, in Chromium against the real server: a right-to-left locale,
// a partner with many rows, and the host page around it (a narrow box, its own CSS).
import type { EmbedToken } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { noChromium } from '../../../server/src/testing-browser.ts'
import { BROWSER_UA } from '../../../server/src/testing.ts'
import { type Harness, startHarness } from '../testing/browser.ts'

let h: Harness
let app: Harness['ctx']['app']
const pages = new Map<string, string>()
/** Per program currency: its secret key, its partner, a click of that partner's and a portal token */
const programs: Record<string, { secret: string; partner: string; click: string; token: string }> = {}

async function call<T>(method: string, path: string, body: unknown, auth?: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return JSON.parse(text) as T
}

/** A host page serving `body` at `path`, the portal's bundle after it; its own stylesheet `css` */
function host(path: string, body: string, css = '') {
  pages.set(path, `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${body}<script src="/afflio-portal.js"></script></body></html>`)
  return `${h.site}${path}`
}

const portalTag = (currency: string, locale: string, id = 'p') => `<afflio-portal id="${id}" token="${programs[currency]!.token}" api="${h.api}" locale="${locale}"></afflio-portal>`

beforeAll(async () => {
  h = await startHarness({
    config: 'vite.config.ts',
    bundles: ['afflio-portal.js'],
    seed: async ({ ctx }) => {
      app = ctx.app
      ctx.clock.set('2026-11-01T09:00:00Z')
      for (const [currency, amountMinor] of [['KWD', 1_234_567], ['JPY', 12_345], ['EUR', 123_456]] as const) {
        const p = await ctx.createProgram({ name: `Shop ${currency}`, currency, defaultCommission: { type: 'percent', rateBps: 2000 } })
        const partner = await call<{ id: string }>('POST', '/v1/partners', { email: `ada-${currency}@example.com`, name: 'Ada', linkCode: `ADA${currency}` }, p.secretKey)
        const { clickId } = await call<{ clickId: string }>('POST', '/v1/track/click', { key: p.publishableKey, code: `ADA${currency}` }, undefined, { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.7' })
        await call('POST', '/v1/track/sale', { invoiceId: 'in_1', amountMinor, currency, clickId }, p.secretKey)
        const { token } = await call<EmbedToken>('POST', '/v1/embed-tokens', { partnerId: partner.id }, p.secretKey)
        programs[currency] = { secret: p.secretKey, partner: partner.id, click: clickId, token }
      }
      await ctx.drain()
    },
    routes: () => (url, res) => {
      const page = pages.get(url.pathname)
      if (page === undefined) return false
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
      return true
    },
  })
}, 120_000)

afterAll(() => h?.close())

describe.skipIf(noChromium())('the portal through a week of partners, in Chromium', () => {
  test('Arabic: the portal reads right to left (dir), amounts and headers aligned by it, the chart still left to right, arrow keys by what they point at', async () => {
    const { page, errors } = await h.newPage({ viewport: { width: 900, height: 900 } })
    await page.goto(host('/rtl', portalTag('KWD', 'ar')))
    const portal = page.locator('afflio-portal')
    await portal.locator('.chart').waitFor()
    const section = portal.locator('section[aria-label]').first()
    expect(await section.getAttribute('dir')).toBe('rtl')
    // The chart's dates under its bars: the first day (the first bar) at the left, as the bars are drawn
    const [first, last] = await portal.locator('.chart > span:last-of-type > span').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left))
    expect(first!).toBeLessThan(last!)
    // Its figures for a screen reader, a table named as the chart, in the program's three decimals
    const figures = portal.getByRole('table', { name: /^Earnings per day/ })
    expect(await figures.getByRole('row').last().textContent()).toContain('246.913')
    // The tabs run from the right: ArrowLeft goes on to the next one
    await portal.getByRole('tab', { name: 'Overview' }).focus()
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => portal.getByRole('tab', { name: 'Links' }).getAttribute('aria-selected')).toBe('true')
    await portal.getByRole('tab', { name: 'Commissions' }).click()
    const amount = portal.locator('tbody td.num').first()
    await amount.waitFor()
    expect(await amount.textContent()).toContain('246.913')
    // An amount column's figures line up at its end (the left, in Arabic), its other columns at their start (the right)
    const align = await portal.locator('table').evaluate((t) => {
      const box = (sel: string) => t.querySelector(sel)!.getBoundingClientRect()
      const text = (sel: string) => {
        const r = document.createRange()
        r.selectNodeContents(t.querySelector(sel)!)
        return r.getBoundingClientRect()
      }
      return { num: text('tbody td.num').left - box('tbody td.num').left, date: box('tbody td').right - text('tbody td').right }
    })
    expect(align.num).toBeLessThan(10)
    expect(align.date).toBeLessThan(10)
    expect(errors).toEqual([])
  })

  test('a partner with 1,000 links and 2,000 commissions: each list comes a page at a time, the page never blocks long, "Load more" keeps the order and repeats nothing', { timeout: 120_000 }, async () => {
    const eur = programs.EUR!
    for (let i = 0; i < 1000; i++) await call('POST', '/v1/links', { partnerId: eur.partner, code: `L${String(i).padStart(4, '0')}` }, eur.secret)
    for (let i = 0; i < 2000; i++) await call('POST', '/v1/track/sale', { invoiceId: `inv_${i}`, amountMinor: 1_000 + i, currency: 'EUR', clickId: eur.click }, eur.secret)
    const { page, errors } = await h.newPage({ viewport: { width: 900, height: 900 } })
    await page.goto(host('/many', portalTag('EUR', 'de-DE')))
    const portal = page.locator('afflio-portal')
    await portal.locator('.chart').waitFor()
    await page.evaluate(() => {
      const w = window as unknown as { longest: number }
      w.longest = 0
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.longest = Math.max(w.longest, e.duration)))).observe({ type: 'longtask' })
    })
    await portal.getByRole('tab', { name: 'Links' }).click()
    await expect.poll(() => portal.locator('.link').count()).toBe(25)
    const more = portal.getByRole('button', { name: 'Load more' })
    await more.click()
    await expect.poll(() => portal.locator('.link').count()).toBe(50)
    const codes = await portal.locator('.link .url').allTextContents()
    expect(new Set(codes).size).toBe(50)
    expect(await page.evaluate(() => (window as unknown as { longest: number }).longest)).toBeLessThan(1000) // a frozen page, not a slow CI runner's task

    await portal.getByRole('tab', { name: 'Commissions' }).click()
    const rows = portal.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(25)
    const firstPage = await rows.locator('td:nth-child(4) small').allTextContents()
    for (const n of [50, 75]) {
      await portal.getByRole('button', { name: 'Load more' }).click()
      await expect.poll(() => rows.count()).toBe(n)
    }
    const invoices = (await rows.locator('td:nth-child(4) small').allTextContents()).map((s) => s.split(' · ')[0])
    expect(new Set(invoices).size).toBe(75)
    expect(invoices.slice(0, 25)).toEqual(firstPage.map((s) => s.split(' · ')[0]))
    expect(errors).toEqual([])
  })
})
