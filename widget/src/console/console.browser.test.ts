// The program-manager console in a real browser against the real server: Chromium
// (playwright-core) opens a host page that loads the freshly built dist/afflio-console.js and embeds
// <afflio-console>, talking cross-origin to the Afflio API (its CORS-open /console mount) with a
// console token the host's "backend" minted. A manager approves an application into a group, moves
// partners to a group in bulk, sends a newsletter to a segment, answers a partner, runs payouts and
// downloads the CSV. Its screenshots are docs/console-*.png (written by docs/screenshots.ts only).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BROWSER_UA, type TestContext } from '../../../server/src/testing.ts'
import { docsImage, noChromium } from '../../../server/src/testing-browser.ts'
import { type Harness, STEP, startHarness, widgetDir } from '../testing/browser.ts'

let h: Harness
let ctx: TestContext
let api: string
let afflio: Afflio
let bundle: string
const ids: Record<string, string> = {}

const hostPage = (token: string, extra = '') => `<!doctype html><html><head><meta charset="utf-8"><title>Acme admin</title>
<style>body{margin:0;padding:24px;background:#eef0f5;font:16px Georgia,serif} * { color: #a00 } button { background: yellow }</style></head><body>
<h1 id="host">Acme admin</h1>
<afflio-console token="${token}" api="${api}" locale="en-US" theme="light"></afflio-console>
<script>window.pageErrors = []; addEventListener('error', (e) => pageErrors.push(String(e.message)));</script>
${extra}
<script src="/afflio-console.js"></script>
</body></html>`

async function seed() {
  const keys = await ctx.createProgram({ name: 'Acme Analytics', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
  afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: api })
  ids.publishableKey = keys.publishableKey
  await afflio.settings.update({ holdingDays: 0, payoutMinimums: { USD: 1000 } })
  ids.gold = (await afflio.groups.create({ name: 'Gold' })).id
  await afflio.groups.create({ name: 'Silver' })
  const people = [
    ['Ada Lovelace', 'ADA'],
    ['Bob Marley', 'BOB'],
    ['Cy Twombly', 'CY'],
    ['Dee Dee Ramone', 'DEE'],
  ] as const
  for (const [i, [name, code]] of people.entries()) {
    ctx.clock.set(new Date(Date.parse('2026-10-01T10:00:00Z') + i * 60_000).toISOString())
    ids[code] = (await afflio.partners.create({ email: `${code.toLowerCase()}@partners.test`, name, linkCode: code })).id
  }
  // Ada and Bob sell (clicks first); both get PayPal payout details in their portal.
  let ip = 0
  for (const [code, sales] of [['ADA', 3], ['BOB', 1]] as const) {
    for (let s = 0; s < sales; s++) {
      ctx.clock.set(`2026-10-2${s}T09:00:00Z`)
      const res = await fetch(`${api}/v1/track/click`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-forwarded-for': `198.51.100.${++ip}`, 'user-agent': BROWSER_UA },
        body: JSON.stringify({ key: keys.publishableKey, code }),
      })
      const { clickId } = (await res.json()) as { clickId: string }
      ctx.clock.set(`2026-10-2${s}T09:05:00Z`) // minutes later: not the fraud rules' "too soon"
      // Each buyer a customer of the partner's, so the partner's page lists whom they referred.
      await afflio.track.sale({ invoiceId: `in_${code}_${s}`, amountMinor: 25_000, currency: 'USD', clickId, customerExternalId: `cus_${code}_${s}`, customerEmail: `buyer${s}@${code.toLowerCase()}.example` })
    }
    const { token } = await afflio.embedTokens.create({ partnerId: ids[code]! })
    const portal = new AfflioPortal({ token, baseUrl: api })
    await portal.payoutDetails.update({ method: 'paypal', email: `${code.toLowerCase()}@paypal.test` })
    if (code === 'BOB') await portal.messages.send({ body: 'Hi! Can I get a coupon code for my readers?' })
  }
  ctx.clock.set('2026-11-01T12:00:00Z')
  await afflio.segments.create({ name: 'Sellers', description: 'At least one sale', definition: { conditions: [{ type: 'salesAtLeast', count: 1, period: 'lifetime' }] } })
  // An application waits for review.
  await afflio.marketplace.update({ listed: true, slug: 'acme-analytics', description: 'Analytics for SaaS', category: 'saas' })
  await afflio.applications.form.update({ questions: [{ id: 'site', label: 'Your website', type: 'url', required: true }] })
  ids.application = (await afflio.applications.create({ email: 'eve@blog.test', name: 'Eve Writer', answers: { site: 'https://eve.blog.test' } })).id
}

beforeAll(async () => {
  h = await startHarness({
    config: 'vite.console.config.ts',
    bundles: ['afflio-console.js'],
    // A server that sends email, as the docs' screenshots show it: no "no mail server" warning on them.
    app: { mail: { transport: { sendMail: async () => ({}) }, from: 'Acme Analytics <partners@acme.test>', publicUrl: 'https://affiliates.acme.test' }, stripe: { fetch: stripeAnswers } },
    seed: async (started) => {
      ;({ ctx, api } = started)
      await seed()
    },
    routes: () => (url, res) => {
      if (url.pathname === '/token') {
        // The host's backend: mints a console token for its signed-in manager with the secret key.
        void afflio.consoleTokens.create({ manager: 'dana@acme.test' }).then(
          (t) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: t.token })),
          () => res.writeHead(500).end(),
        )
        return true
      }
      if (url.pathname !== '/admin') return false
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(hostPage(url.searchParams.get('token') ?? '', url.searchParams.get('listen') ? LISTENER : ''))
      return true
    },
  })
  bundle = readFileSync(join(widgetDir, 'dist/afflio-console.js'), 'utf8')
}, 120_000)

afterAll(async () => {
  await h?.close()
})

const LISTENER = `<script>document.addEventListener('afflio:token-expired', (e) =>
  e.detail.provide(fetch('/token').then((r) => r.json()).then((b) => b.token)))</script>`

async function openConsole(token?: string, listen = false): Promise<{ page: Page; errors: Error[] }> {
  const { page, errors } = await h.newPage({ viewport: { width: 1100, height: 900 }, acceptDownloads: true })
  const t = token ?? (await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
  await page.goto(`${h.site}/admin?token=${encodeURIComponent(t)}${listen ? '&listen=1' : ''}`)
  return { page, errors }
}

async function openPhone(): Promise<{ page: Page; errors: Error[] }> {
  const { page, errors } = await h.newPage({ viewport: { width: 390, height: 844 } })
  const t = (await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
  await page.goto(`${h.site}/admin?token=${encodeURIComponent(t)}`)
  await tab(page, 'Overview').waitFor()
  return { page, errors }
}

/** The page's scroll width, and what pokes out of the console's card (outside any box that scrolls or clips) */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('afflio-console')!.shadowRoot!.querySelector('.root')!
    const right = root.getBoundingClientRect().right + 1
    const clipped = (el: Element | null): boolean => {
      for (; el && el !== root; el = el.parentElement) if (getComputedStyle(el).overflowX !== 'visible') return true
      return false
    }
    const out = [...root.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right && !clipped(el.parentElement))
    return { page: document.documentElement.scrollWidth, out: out.map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`) }
  })

/** Stripe for the program's key: the recorded answer to POST /v1/coupons (server/src/rewards/fixtures). */
const stripeCalls: string[] = []
async function stripeAnswers(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  stripeCalls.push(`${init?.method} ${new URL(String(input)).pathname} ${String(init?.body ?? '')}`)
  const coupon = readFileSync(join(widgetDir, '../server/src/rewards/fixtures/coupon.created.json'), 'utf8')
  return new Response(coupon, { status: 200, headers: { 'content-type': 'application/json' } })
}

/** A visitor's click on Cy's link from `ip` at `at`, and a sale in USD five minutes later (the clock stays there) */
async function sellThroughCy(at: string, ip: string, invoiceId: string, amountMinor: number) {
  ctx.clock.set(at)
  const click = await fetch(`${api}/v1/track/click`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-forwarded-for': ip, 'user-agent': BROWSER_UA },
    body: JSON.stringify({ key: ids.publishableKey, code: 'CY' }),
  })
  ctx.clock.set(new Date(Date.parse(at) + 5 * 60_000).toISOString())
  return afflio.track.sale({ invoiceId, amountMinor, currency: 'USD', clickId: ((await click.json()) as { clickId: string }).clickId })
}

const c = (page: Page) => page.locator('afflio-console')
const tab = (page: Page, name: string) => c(page).getByRole('tab', { name, exact: true })
const status = (scope: Locator) => scope.locator('[role=status]').first()
const shot = (page: Page, name: string) => c(page).screenshot({ path: docsImage(`console-${name}.png`) })

describe.skipIf(noChromium())('the console in Chromium against the real server', () => {
  test('a manager walks through the program: overview, an application, bulk move, a newsletter, a reply, payouts', async () => {
    const { page, errors } = await openConsole()

    // Overview: the server's own numbers.
    const overview = await afflio.program.overview({ days: 30 })
    await expect.poll(() => c(page).locator('[data-stat=partners]').textContent(), { timeout: STEP }).toBe('4')
    expect(await c(page).locator('[data-stat=sales]').textContent()).toBe(String(overview.sales))
    expect(await c(page).locator('[data-stat=revenue-USD]').textContent()).toBe('$1,000.00')
    expect(await c(page).locator('h2').textContent()).toBe('Acme Analytics · partner program')
    await c(page).getByRole('button', { name: '1 conversation with unread messages' }).waitFor()
    // The host's CSS stays outside: buttons keep the console's look.
    expect(await c(page).locator('.btn').first().evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(255, 255, 0)')
    await shot(page, 'overview')

    // Applications: approve Eve into Gold.
    await c(page).getByRole('button', { name: '1 application to review' }).click()
    const app = c(page).locator('article.item', { hasText: 'Eve Writer' })
    await app.waitFor()
    expect(await app.textContent()).toContain('https://eve.blog.test')
    await app.getByLabel('Into group').selectOption({ label: 'Gold' })
    await shot(page, 'applications')
    await app.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => status(c(page).locator('[role=tabpanel]')).textContent(), { timeout: STEP }).toBe('Approved Eve Writer <eve@blog.test>.')
    const approved = await afflio.applications.get(ids.application!)
    expect(approved.status).toBe('approved')
    expect((await afflio.partners.list({ groupId: ids.gold! })).data.map((p) => p.id)).toEqual([approved.partnerId])

    // Partners: select Cy and Dee (keyboard: Space on the checkboxes), move them to Gold in one action.
    await tab(page, 'Partners').click()
    await c(page).getByRole('checkbox', { name: 'Select Cy Twombly' }).focus()
    await page.keyboard.press('Space')
    await c(page).getByRole('checkbox', { name: 'Select Dee Dee Ramone' }).check()
    const bar = c(page).locator('form.bulk')
    await expect.poll(() => bar.locator('strong').textContent(), { timeout: STEP }).toBe('2 selected')
    await bar.getByLabel('Group').selectOption({ label: 'Gold' })
    await shot(page, 'partners')
    await bar.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => status(c(page).locator('[role=tabpanel]')).textContent(), { timeout: STEP }).toBe('Partners changed: 2 of 2.')
    expect((await afflio.partners.list({ groupId: ids.gold! })).data.map((p) => p.name).sort()).toEqual(['Cy Twombly', 'Dee Dee Ramone', 'Eve Writer'])
    // The group filter shows them.
    await c(page).getByLabel('Group', { exact: true }).first().selectOption({ label: 'Gold' })
    await expect.poll(() => c(page).locator('tbody tr').count(), { timeout: STEP }).toBe(3)

    // Newsletters: to the Sellers segment, in markdown.
    await tab(page, 'Newsletters').click()
    await c(page).getByLabel('Subject').fill('November update')
    await c(page).getByLabel('Message').fill('# New this month\n- **30%** on annual plans')
    await c(page).getByLabel('Format').selectOption('markdown')
    await c(page).getByLabel('To', { exact: true }).selectOption({ label: 'Sellers (2 partners)' })
    await shot(page, 'newsletters')
    await c(page).getByRole('button', { name: 'Send now' }).click()
    await expect.poll(() => c(page).getByRole('alertdialog').textContent(), { timeout: STEP }).toContain('Send “November update” to Sellers (2 partners) now?')
    await c(page).getByRole('button', { name: 'Yes, send it' }).click()
    await expect.poll(() => c(page).locator('form [role=status]').first().textContent(), { timeout: STEP }).toBe('Sent “November update” to 2 partners.')
    const [sent] = (await afflio.newsletters.list()).data
    expect(sent).toMatchObject({ subject: 'November update', status: 'sent', recipientCount: 2, format: 'markdown', createdBy: 'dana@acme.test' })
    await c(page).getByRole('button', { name: 'Recipients' }).click()
    await expect.poll(() => c(page).getByText('ada@partners.test').count(), { timeout: STEP }).toBe(1)

    // Messages: Bob's question, answered.
    await tab(page, 'Messages').click()
    await c(page).getByRole('button', { name: /Bob Marley/ }).click()
    await c(page).locator('.msg', { hasText: 'Can I get a coupon code' }).waitFor()
    await c(page).getByLabel('Reply').fill('Yes: use BOB20, 20% off the first month.')
    await c(page).getByRole('button', { name: 'Send', exact: true }).click()
    await c(page).locator('.msg.program', { hasText: 'BOB20' }).waitFor()
    const thread = await afflio.threads.messages(ids.BOB!)
    expect(thread.data[0]).toMatchObject({ sender: 'program', senderName: 'dana@acme.test', body: 'Yes: use BOB20, 20% off the first month.' })
    expect(thread.thread.unreadCount).toBe(0)
    await shot(page, 'messages')

    // Payouts: owed balances, a run (nobody skipped: both have details), the PayPal CSV, then paid.
    await tab(page, 'Payouts').click()
    await expect.poll(() => c(page).locator('table').first().textContent(), { timeout: STEP }).toContain('Ada Lovelace')
    await c(page).getByRole('button', { name: 'Run payouts' }).click()
    await c(page).getByRole('button', { name: 'Yes' }).click()
    await expect.poll(() => status(c(page).locator('[role=tabpanel]')).textContent(), { timeout: STEP }).toBe('Payout run created. Payouts: 2. Partners skipped: 0.')
    const run = c(page).locator('article.item').first()
    await run.getByText('$200.00').waitFor() // Ada's 3 × $50 and Bob's $50
    const [download] = await Promise.all([page.waitForEvent('download'), run.getByRole('button', { name: 'Export CSV' }).click()])
    const csv = readFileSync(await download.path(), 'utf8')
    expect(download.suggestedFilename()).toMatch(/^afflio-prun_\w+-paypal-usd\.csv$/)
    // The file's counts come from the server's headers, which a console on another origin can read.
    await expect.poll(() => status(run).textContent(), { timeout: STEP }).toBe('CSV downloaded: 2 payouts.')
    expect(csv).toContain('ada@paypal.test')
    expect(csv).toContain('bob@paypal.test')
    await shot(page, 'payouts')
    await run.getByRole('button', { name: 'Mark paid' }).click()
    await run.getByRole('button', { name: 'Yes' }).click()
    await expect.poll(() => run.locator('.badge').first().textContent(), { timeout: STEP }).toBe('Paid')
    const [paid] = (await afflio.payouts.runs.list()).data
    expect(paid!.status).toBe('paid')
    // Its file again, from the paid run: what it paid
    const [again] = await Promise.all([page.waitForEvent('download'), run.getByRole('button', { name: 'Download the paid file again' }).click()])
    expect(again.suggestedFilename()).toMatch(/^afflio-prun_\w+-paypal-usd-paid\.csv$/)
    expect(readFileSync(await again.path(), 'utf8')).toBe(csv)

    expect(errors).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { pageErrors: string[] }).pageErrors)).toEqual([])
  })

  test('keyboard: the tabs move with the arrow keys and every view loads without errors', async () => {
    const { page, errors } = await openConsole()
    await tab(page, 'Overview').focus()
    const names = ['Applications', 'Recruitment', 'Partners', 'Customers', 'Import', 'Groups', 'Tiers & rules', 'Budgets', 'Segments', 'Onboarding', 'Messages', 'Newsletters', 'Deals', 'Claims', 'Challenges', 'Commissions', 'Payouts', 'Activity']
    for (const name of names) {
      await page.keyboard.press('ArrowRight')
      expect(await page.evaluate(() => document.querySelector('afflio-console')!.shadowRoot!.activeElement?.textContent)).toBe(name)
      await expect.poll(() => c(page).locator('[role=tabpanel] [role=status]').filter({ hasText: 'Loading…' }).count(), { timeout: STEP }).toBe(0)
      expect(await c(page).locator('[role=tabpanel] [role=alert]').count()).toBe(0)
    }
    await tab(page, 'Segments').click()
    await c(page).getByText('Sellers').first().waitFor()
    await shot(page, 'segments')
    expect(errors).toEqual([])
  })

  test('keyboard: an action that removes the focused control leaves focus on the next row, its form, or back on its button', async () => {
    for (const who of ['Fay', 'Gus']) await afflio.applications.create({ email: `${who.toLowerCase()}@blog.test`, name: who, answers: { site: `https://${who.toLowerCase()}.blog.test` } })
    const { commission } = await sellThroughCy('2026-11-02T09:00:00Z', '198.51.100.90', 'in_focus', 10_000)
    ctx.clock.set('2026-11-01T12:00:00Z')
    const { page, errors } = await openConsole()
    /** What has focus inside the console: its tag (and role), its row, and a button's words */
    const focused = () =>
      page.evaluate(() => {
        const el = document.querySelector('afflio-console')!.shadowRoot!.activeElement as HTMLElement | null
        return el ? `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''} ${el.closest('article')?.getAttribute('aria-label') ?? ''}: ${el.getAttribute('aria-label') ?? (el.matches('button') ? el.textContent?.trim() : '')}` : 'body'
      })

    // Approving a row: it goes, and focus is on the next row's Approve; after the last one, on the tab panel.
    await tab(page, 'Applications').click()
    await c(page).locator('article.item', { hasText: 'Fay' }).waitFor()
    const rows = await c(page).locator('article.item').evaluateAll((items) => items.map((a) => a.getAttribute('aria-label')!))
    expect(rows.length).toBeGreaterThanOrEqual(2) // Fay and Gus, and Eve unless the walk-through approved her
    await c(page).getByRole('button', { name: 'Approve' }).first().focus()
    for (const next of rows.slice(1)) {
      await page.keyboard.press('Enter')
      await expect.poll(focused, { timeout: STEP }).toBe(`button ${next}: Approve`)
    }
    await page.keyboard.press('Enter')
    await expect.poll(focused, { timeout: STEP }).toBe('div[tabpanel] : ')
    expect((await afflio.applications.list({ status: 'pending' })).data).toEqual([])

    // Hold a commission: its note field takes focus; Cancel gives it back to Hold; holding it, to Release.
    await tab(page, 'Commissions').click()
    const item = c(page).locator(`[data-commission=${commission!.id}]`)
    await item.getByRole('button', { name: 'Hold' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(focused, { timeout: STEP }).toBe(`input ${commission!.id}: `)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe(`button ${commission!.id}: Cancel`)
    await page.keyboard.press('Enter')
    await expect.poll(focused, { timeout: STEP }).toBe(`button ${commission!.id}: Hold`)
    await page.keyboard.press('Enter')
    await expect.poll(focused, { timeout: STEP }).toBe(`input ${commission!.id}: `)
    await page.keyboard.type('Checking the customer')
    await page.keyboard.press('Enter')
    await expect.poll(focused, { timeout: STEP }).toBe(`button ${commission!.id}: Release`)
    expect((await afflio.commissions.list({ status: 'on_hold' })).data.map((x) => x.id)).toContain(commission!.id)
    expect(errors).toEqual([])
  })

  test('at 390 px wide (a phone) a conversation stays inside the card and the page never scrolls sideways', async () => {
    // A long first message: its one-line preview in the thread list is as wide as its text.
    const { token } = await afflio.embedTokens.create({ partnerId: ids.DEE! })
    await new AfflioPortal({ token, baseUrl: api }).messages.send({ body: 'Hello there, could you tell me when the next payout run is planned and whether PayPal works for me?' })
    const { page, errors } = await openPhone()
    await tab(page, 'Messages').click()
    await c(page).getByRole('button', { name: /Dee Dee Ramone/ }).click()
    await c(page).getByLabel('Reply').waitFor()
    expect(await overflow(page)).toEqual({ page: 390, out: [] })
    expect(errors).toEqual([])
  })

  test('at 390 px wide (a phone) every tab stays inside the card, long select options included', async () => {
    // A long segment name: an option of Newsletters' "To" and of Partners' "Segment" filter.
    const long = await afflio.segments.create({ name: 'Partners who sold at least one annual plan this quarter', definition: { conditions: [{ type: 'salesAtLeast', count: 1, period: 'lifetime' }] } })
    try {
      const { page, errors } = await openPhone()
      const tabs = c(page).getByRole('tab')
      for (const [i, name] of (await tabs.allTextContents()).entries()) {
        await tabs.nth(i).click()
        await expect.poll(() => c(page).locator('[role=tabpanel] [role=status]').filter({ hasText: 'Loading…' }).count(), { timeout: STEP }).toBe(0)
        expect(await overflow(page), name).toEqual({ page: 390, out: [] })
      }
      expect(errors).toEqual([])
    } finally {
      await afflio.segments.delete(long.id)
    }
  })

  test('a checkbox sits level with its label', async () => {
    const { page, errors } = await openConsole()
    await tab(page, 'Recruitment').click()
    const box = c(page).getByRole('checkbox', { name: 'Show in the marketplace' })
    await box.waitFor()
    // The box's middle and the middle of its label's words, in px from the top of the page
    const middles = await box.evaluate((el) => {
      const mid = (r: DOMRect) => r.top + r.height / 2
      const words = document.createRange()
      words.selectNodeContents(el.parentElement!)
      words.setStartAfter(el)
      return [mid(el.getBoundingClientRect()), mid(words.getBoundingClientRect())]
    })
    expect(Math.abs(middles[0]! - middles[1]!)).toBeLessThanOrEqual(3)
    expect(errors).toEqual([])
  })

  test('an expired console token: a clear state without a listener; with one, the manager never notices', async () => {
    const short = await afflio.consoleTokens.create({ manager: 'dana@acme.test', ttlSeconds: 60 })
    ctx.clock.set('2026-11-01T12:05:00Z')
    try {
      // Without a listener: "expired" and a Refresh button, not a blank box; a new token attribute loads it.
      const stuck = await openConsole(short.token)
      await expect.poll(() => c(stuck.page).locator('[role=alert]').textContent(), { timeout: STEP }).toContain('Your session has expired.')
      await c(stuck.page).getByRole('button', { name: 'Refresh' }).waitFor()
      const fresh = await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
      await stuck.page.evaluate((t) => document.querySelector('afflio-console')!.setAttribute('token', t), fresh.token)
      await c(stuck.page).locator('[data-stat=partners]').waitFor()

      // With the page's listener asking the host's backend, the expiry is invisible.
      const again = await afflio.consoleTokens.create({ manager: 'dana@acme.test', ttlSeconds: 60 })
      const quiet = await openConsole(again.token, true)
      await c(quiet.page).locator('[data-stat=partners]').waitFor()
      ctx.clock.set('2026-11-01T12:10:00Z') // expired while the manager works
      await tab(quiet.page, 'Groups').click()
      await c(quiet.page).getByRole('cell', { name: 'Silver' }).waitFor()
      expect(await c(quiet.page).locator('[role=alert]').count()).toBe(0)
      // Minting sweeps expired tokens, so the next one the server does not know at all: asked again, still invisible.
      await afflio.consoleTokens.create({ manager: 'someone@acme.test' })
      ctx.clock.set('2026-11-01T14:00:00Z')
      await afflio.consoleTokens.create({ manager: 'someone@acme.test' })
      await tab(quiet.page, 'Tiers & rules').click()
      await c(quiet.page).getByText('No rules').waitFor()
      expect(await c(quiet.page).locator('[role=alert]').count()).toBe(0)
    } finally {
      ctx.clock.set('2026-11-01T12:00:00Z')
    }
  })

  test('a manager edits a rule into its next version and sees its history; previews a newsletter as partners will see it', async () => {
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    try {
      const { page, errors } = await openConsole()
      await tab(page, 'Tiers & rules').click()
      const item = c(page).locator('article.item', { hasText: 'Standard' })
      await item.getByRole('button', { name: 'Edit' }).click()
      const value = item.getByLabel('Percent', { exact: true })
      expect(await value.inputValue()).toBe('20') // prefilled from the rule
      await value.fill('')
      await item.getByRole('button', { name: 'Save as new version' }).click()
      await item.getByText('Enter a percentage from 0 to 100.').waitFor()
      await value.fill('25')
      expect(await item.getByText('Enter a percentage from 0 to 100.').count()).toBe(0) // gone once fixed
      await item.getByRole('button', { name: 'Save as new version' }).click()
      await expect.poll(() => item.locator('h4').textContent(), { timeout: STEP }).toBe('Standard v2')
      expect(await item.locator('form').count()).toBe(0)
      expect((await afflio.rules.list()).data.find((r) => r.id === rule.id)).toMatchObject({ version: 2, value: 2500 })
      await item.getByRole('button', { name: 'Versions' }).click()
      await expect.poll(() => item.locator('[data-version]').allTextContents(), { timeout: STEP }).toEqual(['v2 · Standard · Nov 1, 2026: 25% of each sale', 'v1 · Standard · Nov 1, 2026: 20% of each sale'])

      await tab(page, 'Newsletters').click()
      await c(page).getByLabel('Subject').fill('November news')
      await c(page).getByLabel('Message').fill('# Big news\n- **30%** on Pro')
      await c(page).getByRole('button', { name: 'Preview', exact: true }).click()
      const email = c(page).locator('iframe[title=Preview]').contentFrame()
      // The brand template heads the email with the program's name; the Markdown's heading follows.
        await expect.poll(() => email.locator('h1').allTextContents(), { timeout: STEP }).toContain('Big news')
      expect(await email.locator('strong').textContent()).toBe('30%')
      expect(await email.locator('body').textContent()).toContain('partner of Acme Analytics')
      expect((await afflio.newsletters.list()).data.filter((n) => n.subject === 'November news')).toEqual([]) // nothing saved
      expect(errors).toEqual([])
    } finally {
      await afflio.rules.archive(rule.id)
    }
  })

  test("a manager sorts and searches partners, opens one, keeps a note, and messages a partner who never wrote", async () => {
    const { page, errors } = await openConsole()
    await tab(page, 'Partners').click()
    const rows = c(page).locator('tbody tr')
    // Sorted by revenue on the server, largest first: Ada's three sales, then Bob's one.
    await c(page).getByRole('button', { name: 'Revenue', exact: true }).click()
    await expect.poll(() => c(page).locator('th[aria-sort=descending]').textContent(), { timeout: STEP }).toContain('Revenue')
    await expect.poll(() => rows.first().locator('td').nth(1).textContent(), { timeout: STEP }).toContain('Ada Lovelace')
    expect(await rows.nth(1).locator('td').nth(1).textContent()).toContain('Bob Marley')
    expect(await rows.first().locator('td').nth(4).textContent()).toBe('$750.00')
    // Searched on the server by part of the name.
    await c(page).getByLabel('Search name, email or link').fill('twomb')
    await c(page).getByLabel('Search name, email or link').press('Enter')
    await expect.poll(() => rows.count(), { timeout: STEP }).toBe(1)

    // Cy's page: who they are, figures, no customers yet; a note.
    await c(page).getByRole('button', { name: 'Cy Twombly' }).click()
    await c(page).getByRole('heading', { name: 'Cy Twombly' }).waitFor({ timeout: STEP })
    expect(await c(page).locator('[data-stat=clicks]').textContent()).toBe('0')
    expect(await c(page).locator('.facts').textContent()).toContain('Gold')
    await c(page).getByText('No referred customers yet.').waitFor()
    await c(page).getByLabel('Note (only the program sees it)').fill('Met at the Berlin meetup; wants a banner kit.')
    await c(page).getByRole('button', { name: 'Add note' }).click()
    await c(page).locator('li[data-note]', { hasText: 'Berlin meetup' }).waitFor({ timeout: STEP })
    await c(page).getByText('Added a note on a partner').waitFor({ timeout: STEP })
    const [note] = (await afflio.partners.notes(ids.CY!)).data
    expect(note).toMatchObject({ body: 'Met at the Berlin meetup; wants a banner kit.', author: { kind: 'console', label: 'dana@acme.test' } })

    // Cy never wrote: "Message" opens a conversation anyway, and the first message reaches their portal.
    expect((await afflio.threads.list()).data.map((th) => th.partner.id)).not.toContain(ids.CY)
    await c(page).getByRole('button', { name: 'Message', exact: true }).click()
    await c(page).getByRole('heading', { name: 'Conversation with Cy Twombly' }).waitFor({ timeout: STEP })
    await c(page).getByLabel('Reply').fill('Welcome, Cy! The banner kit is in Resources.')
    await c(page).getByRole('button', { name: 'Send', exact: true }).click()
    await c(page).locator('.msg.program', { hasText: 'banner kit' }).waitFor({ timeout: STEP })
    const { token } = await afflio.embedTokens.create({ partnerId: ids.CY! })
    const inbox = await new AfflioPortal({ token, baseUrl: api }).messages.inbox()
    expect(inbox.messages.data[0]).toMatchObject({ sender: 'program', senderName: 'dana@acme.test', body: 'Welcome, Cy! The banner kit is in Resources.' })

    // Ada's page: her figures over the last 30 days and her customers' tab in the console.
    await tab(page, 'Partners').click()
    await c(page).getByRole('button', { name: 'All partners' }).click()
    await c(page).getByLabel('Search name, email or link').fill('lovelace')
    await c(page).getByLabel('Search name, email or link').press('Enter')
    await expect.poll(() => rows.first().textContent(), { timeout: STEP }).toContain('Ada Lovelace')
    await c(page).getByRole('button', { name: 'Ada Lovelace' }).click()
    await c(page).getByRole('heading', { name: 'Ada Lovelace' }).waitFor({ timeout: STEP })
    const o = await afflio.partners.overview(ids.ADA!)
    expect(await c(page).locator('[data-stat=sales]').textContent()).toBe(String(o.sales))
    expect(await c(page).locator('[data-stat=clicks]').textContent()).toBe(String(o.clicks))
    expect(await c(page).locator('.chart svg rect').count()).toBe(o.series.length)
    expect(await c(page).locator('.facts').textContent()).toContain('PayPal · ada@paypal.test')
    await shot(page, 'partner')
  })

  test('a manager lists a partner’s coupon codes, gives one, disables one, and sets the coupon policy', async () => {
    const given = await afflio.couponCodes.create({ partnerId: ids.BOB!, code: 'BOB10' })
    const { page, errors } = await openConsole()
    await tab(page, 'Partners').click()
    await c(page).getByLabel('Search name, email or link').fill('marley')
    await c(page).getByLabel('Search name, email or link').press('Enter')
    await c(page).getByRole('button', { name: 'Bob Marley' }).click()
    await c(page).getByRole('heading', { name: 'Bob Marley' }).waitFor({ timeout: STEP })
    const codes = c(page).locator('li[data-code]')
    await expect.poll(() => codes.allTextContents(), { timeout: STEP }).toEqual(['BOB10Disable'])

    await c(page).getByLabel('New code').fill('BOB-SUMMER')
    await c(page).getByRole('button', { name: 'Give code' }).click()
    await c(page).locator('li[data-code="BOB-SUMMER"]').waitFor({ timeout: STEP })
    await c(page).locator('li[data-code="BOB10"]').getByRole('button', { name: 'Disable' }).click()
    await c(page).locator('li[data-code="BOB10"] s').waitFor({ timeout: STEP })
    expect(await afflio.couponCodes.get(given.id)).toMatchObject({ status: 'disabled' })
    expect((await afflio.couponCodes.list({ partnerId: ids.BOB! })).data.map((x) => [x.code, x.status]).sort()).toEqual([
      ['BOB-SUMMER', 'active'],
      ['BOB10', 'disabled'],
    ])
    // A taken code: the server's answer, nothing added.
    await c(page).getByLabel('New code').fill('bob-summer')
    await c(page).getByRole('button', { name: 'Give code' }).click()
    await c(page).getByText(/already has the code/).waitFor({ timeout: STEP })
    expect(await codes.count()).toBe(2)

    // The policy, beside the fraud rules.
    await tab(page, 'Commissions').click()
    await c(page).getByLabel('Click vs. code').selectOption('split')
    await c(page).getByLabel('Click partner’s share (%)').fill('60')
    await c(page).getByLabel('Partners create codes').check()
    await c(page).getByRole('button', { name: 'Save policy' }).click()
    await c(page).getByText('Policy saved.').waitFor({ timeout: STEP })
    expect((await afflio.settings.get()).couponPolicy).toMatchObject({ conflict: 'split', splitClickBps: 6000, partnerCodesAllowed: true, maxCodesPerPartner: 3 })
    expect(errors).toEqual([])
  })

  test('a manager checks a CSV, sees every problem by line, fixes it and imports with invitations', async () => {
    const { page, errors } = await openConsole()
    await tab(page, 'Import').click()
    await c(page).getByLabel('Invitation link leads to').fill('https://acme.test/partners/join')
    await c(page).getByLabel('CSV').fill('email,name\nnew.one@partners.test,New One\nnot-an-email,Bad\nada@partners.test,Ada again')
    await c(page).getByRole('button', { name: 'Check' }).click()
    const problems = c(page).getByRole('table', { name: 'Problems' })
    await problems.getByRole('cell', { name: 'is not an email address' }).waitFor({ timeout: STEP })
    expect(await problems.locator('tbody tr').allInnerTexts()).toEqual(['3\temail\tis not an email address'])
    expect(await c(page).getByRole('button', { name: 'Import and send invitations' }).isDisabled()).toBe(true)

    // Fixed: the preview says who is new and who is a partner already; nothing is written yet.
    await c(page).getByLabel('CSV').fill('email,name\nnew.one@partners.test,New One\nada@partners.test,Ada again')
    await c(page).getByRole('button', { name: 'Check' }).click()
    await status(c(page)).filter({ hasText: '1 new partner will be invited; 1 is a partner already.' }).waitFor({ timeout: STEP })
    expect(await c(page).getByRole('table', { name: 'Preview' }).locator('tbody tr').allInnerTexts()).toEqual([
      'new.one@partners.test\tNew: will be invited\t—',
      'ada@partners.test\tAlready a partner\t—',
    ])
    expect((await afflio.partners.list()).data.some((p) => p.email === 'new.one@partners.test')).toBe(false)

    await c(page).getByRole('button', { name: 'Import and send invitations' }).click()
    const sent = c(page).getByRole('table', { name: 'Invitations sent' })
    await sent.getByRole('cell', { name: 'new.one@partners.test' }).waitFor({ timeout: STEP })
    expect(await sent.locator('tbody tr').first().innerText()).toContain('Email queued')
    expect((await afflio.invitations.list()).data).toMatchObject([{ email: 'new.one@partners.test', status: 'pending' }])
    expect(errors).toEqual([])
  })

  test('the first screen is the one script; a tab fetches its chunk once, and a failed fetch offers a retry', async () => {
    const { page, errors } = await openConsole()
    const chunks: string[] = []
    page.on('request', (r) => void (/\/afflio-console-[^/]+\.js$/.test(r.url()) && chunks.push(new URL(r.url()).pathname)))
    await expect.poll(() => c(page).locator('[data-stat=partners]').textContent(), { timeout: STEP }).toMatch(/^\d+$/)
    expect(chunks).toEqual([])

    // The network drops the Rules chunk: the tab says so instead of staying blank, and Try again loads it.
    await page.route(/\/afflio-console-Rules-[^/]+\.js$/, (route) => route.abort())
    await tab(page, 'Tiers & rules').click()
    const panel = c(page).locator('[role=tabpanel]')
    await panel.getByRole('alert').waitFor()
    await page.unroute(/\/afflio-console-Rules-[^/]+\.js$/)
    await panel.getByRole('button', { name: 'Try again' }).click()
    await panel.getByRole('heading', { name: 'New rule' }).waitFor()
    expect(chunks.some((p) => p.startsWith('/afflio-console-Rules-'))).toBe(true)

    // Back and forth: a chunk already in is not fetched again.
    await tab(page, 'Groups').click()
    await panel.getByRole('heading', { name: 'New group' }).waitFor()
    const fetched = chunks.length
    await tab(page, 'Tiers & rules').click()
    await panel.getByRole('heading', { name: 'New rule' }).waitFor()
    await tab(page, 'Groups').click()
    await panel.getByRole('heading', { name: 'New group' }).waitFor()
    expect(chunks.length).toBe(fetched)
    expect(errors).toEqual([])
  })

  test("a manager sets the program's referral reward and a group's own; a percentage out of bounds is named beside it, and the server refuses a bad coupon id", async () => {
    const { page, errors } = await openConsole()
    await tab(page, 'Groups').click()
    const program = c(page).locator('form', { has: page.locator('#rw-k') })
    await program.getByLabel('Reward', { exact: true }).selectOption('percent')
    await program.getByLabel('Percent').fill('0.5')
    await program.getByRole('button', { name: 'Save reward' }).click()
    await expect.poll(() => program.locator('#rw-n-e').textContent(), { timeout: STEP }).toBe('A percentage off is from 1% to 100%.')
    await program.getByLabel('Percent').fill('20')
    await program.getByLabel('Stripe coupon id (optional)').fill('AFF 20')
    await program.getByRole('button', { name: 'Save reward' }).click()
    await expect.poll(() => status(program).textContent(), { timeout: STEP }).toContain('must be a Stripe coupon id')
    expect((await afflio.settings.get()).referralReward).toBeNull()
    await program.getByLabel('Stripe coupon id (optional)').fill('AFF20')
    await program.getByRole('button', { name: 'Save reward' }).click()
    await expect.poll(() => status(program).textContent(), { timeout: STEP }).toBe('Reward saved.')
    expect((await afflio.settings.get()).referralReward).toEqual({ kind: 'percent', percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: 'AFF20' })
    // Stripe is not connected: Afflio cannot make the coupon, so the console does not offer to.
    expect(await program.getByRole('button', { name: 'Create Stripe coupon' }).count()).toBe(0)

    const gold = c(page).locator('tr', { hasText: 'Gold' })
    expect(await gold.textContent()).toContain('The program’s')
    await gold.getByRole('button', { name: 'Reward' }).click()
    const form = gold.locator('form')
    await form.getByLabel('Reward', { exact: true }).selectOption('trial')
    await form.getByLabel('Days').fill('30')
    await form.getByLabel('Label (optional)').fill('A month on us')
    await form.getByRole('button', { name: 'Save reward' }).click()
    await expect.poll(() => gold.locator('td').nth(1).textContent(), { timeout: STEP }).toBe('A month on us')
    expect((await afflio.groups.list()).data.find((g) => g.id === ids.gold)!.referralReward).toEqual({ kind: 'trial', trialDays: 30, label: 'A month on us', labelSet: true, stripeCouponId: null })
    expect(errors).toEqual([])
    await afflio.groups.update(ids.gold!, { referralReward: null })
    await afflio.settings.update({ referralReward: null })
  })

  test('with Stripe connected, a manager has Afflio make the Stripe coupon of the saved reward', async () => {
    await afflio.settings.update({ stripeApiKey: 'sk_test_console0001', referralReward: { kind: 'percent', percentOffBps: 2000 } })
    try {
      const { page, errors } = await openConsole()
      await tab(page, 'Groups').click()
      const program = c(page).locator('form', { has: page.locator('#rw-k') })
      await program.getByRole('button', { name: 'Create Stripe coupon' }).click()
      await expect.poll(() => status(program).textContent(), { timeout: STEP }).toBe('Stripe coupon Z4OV52SU created: checkout applies it to this reward.')
      expect(await program.getByLabel('Stripe coupon id (optional)').inputValue()).toBe('Z4OV52SU')
      expect(stripeCalls).toEqual([expect.stringMatching(/^POST \/v1\/coupons .*percent_off=20&/)])
      expect((await afflio.settings.get()).referralReward).toMatchObject({ kind: 'percent', percentOffBps: 2000, stripeCouponId: 'Z4OV52SU' })
      expect(errors).toEqual([])
    } finally {
      await afflio.settings.update({ stripeApiKey: null, referralReward: null })
    }
  })

  test('a manager tests a rule edit on past sales before saving, and watches a budget’s spend and pace', async () => {
    const rule = await afflio.rules.create({ name: 'Backtested', event: 'sale', type: 'percent', value: 2000 })
    try {
      const { page, errors } = await openConsole()
      await tab(page, 'Tiers & rules').click()
      const item = c(page).locator('article.item', { hasText: 'Backtested' })
      await item.getByRole('button', { name: 'Edit' }).click()
      await item.getByLabel('Percent', { exact: true }).fill('25')
      await item.getByLabel('Past days').fill('365')
      await item.getByRole('button', { name: 'Test on past sales' }).click()
      // Ada's three $250 sales and Bob's one: 20% now, 25% with the edit.
      const region = item.getByRole('region', { name: 'Test on past sales' })
      await region.getByText('On the last 365 days: 4 sales repriced').waitFor({ timeout: STEP })
      expect(await region.locator('[data-total]').allInnerTexts()).toEqual(['USD: $200.00 → $250.00 (+$50.00)'])
      expect(await region.getByRole('table', { name: 'Gain most' }).locator('tbody tr').allInnerTexts()).toEqual(['Ada Lovelace	$150.00	$187.50	+$37.50', 'Bob Marley	$50.00	$62.50	+$12.50'])
      expect((await afflio.rules.list()).data.find((r) => r.id === rule.id)).toMatchObject({ version: 1, value: 2000 }) // nothing saved

      // A monthly budget of $100, made in the console, holding past the cap; a $250 sale in November spends $50 of it.
      await tab(page, 'Budgets').click()
      await c(page).getByText('No budgets set.').waitFor({ timeout: STEP })
      const form = c(page).locator('form').filter({ has: page.getByRole('heading', { name: 'New budget' }) })
      await form.getByLabel('Cap', { exact: true }).fill('abc')
      await form.getByRole('button', { name: 'Create budget' }).click()
      await form.getByText('Give the budget a name.').waitFor({ timeout: STEP })
      await form.getByText('Enter the cap, an amount above zero.').waitFor()
      await form.getByLabel('Name', { exact: true }).fill('November')
      expect(await form.getByText('Give the budget a name.').count()).toBe(0) // the error clears on input
      await form.getByLabel('Caps', { exact: true }).selectOption('group')
      await form.getByRole('button', { name: 'Create budget' }).click()
      await form.getByText('Choose what it caps.').waitFor({ timeout: STEP })
      await form.getByLabel('Caps', { exact: true }).selectOption('program')
      await form.getByLabel('Cap', { exact: true }).fill('100')
      await form.getByRole('button', { name: 'Create budget' }).click()
      await form.getByText('Budget November created.').waitFor({ timeout: STEP })
      const budget = (await afflio.budgets.list()).data[0]!
      expect(budget).toMatchObject({ name: 'November', scope: 'program', scopeId: null, period: 'month', amountMinor: 10_000, currency: 'USD', overCap: 'hold' })
      await sellThroughCy('2026-11-11T09:00:00Z', '198.51.100.77', 'in_budget_1', 25_000)
      const page2 = await openConsole()
      await tab(page2.page, 'Budgets').click()
      const row = c(page2.page).getByRole('table', { name: 'Budgets' }).locator('tbody tr')
      await row.first().waitFor({ timeout: STEP })
      // $50 in 10 days and 9 hours: about $4.82 a day, $144.53 by the month’s end (rounded by the one rule, not down); $100 is reached on Nov 21
      const pace = await afflio.budgets.status(budget.id)
      expect(pace).toMatchObject({ spentMinor: 5000, remainingMinor: 5000, reached: false })
      expect((await row.first().innerText()).split('\t')).toEqual([
        'November Whole program · Month',
        '$100.00',
        '$50.00',
        '$0.00',
        '$144.53',
        'Nov 21, 2026',
        'Delete',
      ])
      await shot(page2.page, 'budgets')

      await c(page2.page).getByRole('button', { name: 'Delete' }).click()
      await c(page2.page).getByRole('group', { name: 'Delete budget November?' }).getByRole('button', { name: 'Yes' }).click()
      await expect.poll(async () => (await afflio.budgets.list()).data.length, { timeout: STEP }).toBe(0)
      expect(errors).toEqual([])
      expect(page2.errors).toEqual([])
    } finally {
      ctx.clock.set('2026-11-01T12:00:00Z')
      await afflio.rules.archive(rule.id)
    }
  })

  test('the bundle is within budget', () => {
    // The entry is the first screen (the other tabs are chunks, each checked by bench/size.mjs).
    const size = gzipSync(bundle, { level: 9 }).length
    console.log(`afflio-console.js: ${bundle.length} B minified, ${size} B gzip`)
    expect(size).toBeLessThanOrEqual(45 * 1024)
  })
})
