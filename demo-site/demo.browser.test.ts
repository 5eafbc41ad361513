// The demo as a visitor and a partner see it, in Chromium: a referral click on the landing
// page, signup and purchase through the demo backend (SDK), then the embedded portal.
import { describe, expect, it } from 'vitest'
import { demoInBrowser } from './in-browser.ts'
import { docsImage, noChromium } from '../server/src/testing-browser.ts'

const run = demoInBrowser()

describe.skipIf(noChromium())('the demo', () => {
  it('credits a referred purchase and shows it in the embedded portal', async () => {
    const { page, errors } = await run.open('/')

    await page.goto(`${run.demo.siteUrl}/?ref=BOB`)
    await expect.poll(() => page.locator('#click').textContent(), { timeout: 10_000 }).toMatch(/^clk_/)

    await page.goto(`${run.demo.siteUrl}/signup`)
    await page.fill('input[name=email]', 'new.customer@example.org')
    await page.click('form button')
    expect(await page.locator('main').textContent()).toContain('Referred by partner prt_')

    await page.goto(`${run.demo.siteUrl}/checkout`)
    await page.fill('input[name=email]', 'new.customer@example.org')
    await page.click('button[value=pro]')
    const thanks = (await page.locator('main').textContent())!

    const bob = run.demo.seeded.partnerIds[1]!
    const credited = await run.demo.db
      .selectFrom('commissions')
      .innerJoin('sales', 'sales.id', 'commissions.sale_id')
      .select(['commissions.amount_minor', 'commissions.status'])
      .where('commissions.partner_id', '=', bob)
      .where('sales.invoice_id', 'like', 'in_demo_%')
      .execute()
    // Bob is past 25 paid customers in the seeded data: the demo's tiered rule pays him Gold, 35% of 99.00.
    expect(credited).toEqual([{ amount_minor: 3465, status: 'pending' }])
    expect(thanks).toContain('earns 34.65 USD (pending)')

    await page.goto(`${run.demo.siteUrl}/partners`)
    await page.locator('afflio-portal [data-stat="clicks"]').waitFor({ state: 'attached', timeout: 15_000 })
    expect(await page.locator('afflio-portal h2').textContent()).toBe('Acme Analytics')
    await page.screenshot({ path: docsImage('demo.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('shows the program console to the manager, with the seeded partners', async () => {
    const { page, errors } = await run.open('/')
    await page.goto(`${run.demo.siteUrl}/console`)
    const partners = page.locator('afflio-console [data-stat="partners"]')
    await partners.waitFor({ state: 'attached', timeout: 15_000 })
    expect(Number(await partners.textContent())).toBe(run.demo.seeded.partnerIds.length)
    await page.locator('afflio-console [role=tab]', { hasText: 'Partners' }).click()
    await expect.poll(() => page.locator('afflio-console tbody tr').count(), { timeout: 10_000 }).toBe(run.demo.seeded.partnerIds.length)
    expect(errors).toEqual([])
  })

  it("fits a phone's width: the site's header wraps instead of widening the page", async () => {
    const { page } = await run.open('/')
    await page.setViewportSize({ width: 390, height: 800 })
    for (const path of ['/', '/partners', '/console']) {
      await page.goto(`${run.demo.siteUrl}${path}`)
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390)
    }
  })
})
