// The demo as a visitor and a partner see it, in Chromium: a referral click on the landing
// page, signup and purchase through the demo backend (SDK), then the embedded portal.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemo } from './server.ts'
import { docsImage, launchChromium, noChromium } from '../server/src/testing-browser.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let demo: Awaited<ReturnType<typeof startDemo>>
let browser: Browser
let dataDir: string

beforeAll(async () => {
  // The demo serves the built script and portal: build them as `pnpm demo` would.
  await build({ root: join(root, 'sdk'), configFile: join(root, 'sdk/vite.script.config.ts'), logLevel: 'error' })
  await build({ root: join(root, 'widget'), configFile: join(root, 'widget/vite.config.ts'), logLevel: 'error' })
  dataDir = mkdtempSync(join(tmpdir(), 'afflio-demo-'))
  demo = await startDemo({ sitePort: 0, apiPort: 0, dataDir })
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe.skipIf(noChromium())('the demo', () => {
  it('credits a referred purchase and shows it in the embedded portal', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await page.goto(`${demo.siteUrl}/?ref=BOB`)
    await expect.poll(() => page.locator('#click').textContent(), { timeout: 10_000 }).toMatch(/^clk_/)

    await page.goto(`${demo.siteUrl}/signup`)
    await page.fill('input[name=email]', 'new.customer@example.org')
    await page.click('form button')
    expect(await page.locator('main').textContent()).toContain('Referred by partner prt_')

    await page.goto(`${demo.siteUrl}/checkout`)
    await page.fill('input[name=email]', 'new.customer@example.org')
    await page.click('button[value=pro]')
    const thanks = (await page.locator('main').textContent())!

    const bob = demo.seeded.partnerIds[1]!
    const credited = await demo.db
      .selectFrom('commissions')
      .innerJoin('sales', 'sales.id', 'commissions.sale_id')
      .select(['commissions.amount_minor', 'commissions.status'])
      .where('commissions.partner_id', '=', bob)
      .where('sales.invoice_id', 'like', 'in_demo_%')
      .execute()
    // Bob is past 25 paid customers in the seeded data: the demo's tiered rule pays him Gold, 35% of 99.00.
    expect(credited).toEqual([{ amount_minor: 3465, status: 'pending' }])
    expect(thanks).toContain('earns 34.65 USD (pending)')

    await page.goto(`${demo.siteUrl}/partners`)
    await page.locator('afflio-portal [data-stat="clicks"]').waitFor({ state: 'attached', timeout: 15_000 })
    expect(await page.locator('afflio-portal h2').textContent()).toBe('Acme Analytics')
    await page.screenshot({ path: docsImage('demo.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('shows the program console to the manager, with the seeded partners', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${demo.siteUrl}/console`)
    const partners = page.locator('afflio-console [data-stat="partners"]')
    await partners.waitFor({ state: 'attached', timeout: 15_000 })
    expect(Number(await partners.textContent())).toBe(demo.seeded.partnerIds.length)
    await page.locator('afflio-console [role=tab]', { hasText: 'Partners' }).click()
    await expect.poll(() => page.locator('afflio-console tbody tr').count(), { timeout: 10_000 }).toBe(demo.seeded.partnerIds.length)
    expect(errors).toEqual([])
  })
})
