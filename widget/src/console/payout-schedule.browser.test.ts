// The payout schedule in the console, in Chromium against the real server: a manager sets when the program
// pays (the field errors, the browser's and the server's, go as the field is edited), and before a run
// sees who will be skipped and why, then confirms.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BROWSER_UA, type TestContext } from '../../../server/src/testing.ts'
import { noChromium } from '../../../server/src/testing-browser.ts'
import { type Harness, STEP, startHarness } from '../testing/browser.ts'

let h: Harness
let ctx: TestContext
let api: string
let afflio: Afflio

async function seed() {
  const keys = await ctx.createProgram({ name: 'Acme Analytics', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
  afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: api })
  await afflio.settings.update({ holdingDays: 0 })
  let ip = 0
  // Ada sells in USD and EUR and has PayPal details; Bob sells in USD and has none.
  for (const [name, code, sales, details] of [['Ada Lovelace', 'ADA', [['USD', 25_000], ['EUR', 10_000]], true], ['Bob Marley', 'BOB', [['USD', 25_000]], false]] as const) {
    const partner = await afflio.partners.create({ email: `${code.toLowerCase()}@partners.test`, name, linkCode: code })
    for (const [currency, amountMinor] of sales) {
      ctx.clock.set(`2026-10-2${++ip}T09:00:00Z`)
      const res = await fetch(`${api}/v1/track/click`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-forwarded-for': `198.51.100.${ip}`, 'user-agent': BROWSER_UA },
        body: JSON.stringify({ key: keys.publishableKey, code }),
      })
      const { clickId } = (await res.json()) as { clickId: string }
      ctx.clock.set(`2026-10-2${ip}T09:05:00Z`)
      await afflio.track.sale({ invoiceId: `in_${code}_${ip}`, amountMinor, currency, clickId })
    }
    if (details) await new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId: partner.id })).token, baseUrl: api }).payoutDetails.update({ method: 'paypal', email: 'ada@paypal.test' })
  }
  ctx.clock.set('2026-11-10T12:00:00Z')
}

beforeAll(async () => {
  h = await startHarness({
    config: 'vite.console.config.ts',
    bundles: ['afflio-console.js'],
    seed: async (started) => {
      ;({ ctx, api } = started)
      await seed()
    },
    routes: () => (url, res) => {
      if (url.pathname !== '/admin') return false
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><meta charset="utf-8"><afflio-console token="${url.searchParams.get('token')}" api="${api}" locale="en-US"></afflio-console><script src="/afflio-console.js"></script>`)
      return true
    },
  })
}, 120_000)

afterAll(async () => {
  await h?.close()
})

const c = (page: Page) => page.locator('afflio-console')

describe.skipIf(noChromium())('the payout schedule in the console', () => {
  test('a manager sets the schedule, sees who a run will skip and why, and confirms the run', async () => {
    const { page, errors } = await h.newPage({ viewport: { width: 1100, height: 1000 } })
    const { token } = await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
    await page.goto(`${h.site}/admin?token=${encodeURIComponent(token)}`)
    await c(page).getByRole('tab', { name: 'Payouts', exact: true }).click()

    // Before any schedule: Bob has no payout details, and the warning says so, counted.
    await expect.poll(() => c(page).locator('p.err').first().textContent(), { timeout: STEP }).toBe('Warning: 1 partner will be skipped:')
    const skipped = c(page).getByRole('table', { name: 'Skipped partners' })
    await expect.poll(() => skipped.locator('tbody tr').allTextContents(), { timeout: STEP }).toEqual(['Bob Marley$50.00No payout details'])

    // The schedule: monthly on the 31st, in USD and a code the server does not know.
    await c(page).getByLabel('Payout schedule', { exact: true }).selectOption('monthly')
    const day = c(page).getByLabel('Day', { exact: true })
    await day.selectOption('31')
    expect(await c(page).getByText('UTC; 29–31: or the month’s last day').count()).toBe(1)
    const currencies = c(page).getByLabel('Currencies paid')
    await currencies.fill('USD, ZZZ')
    const usdMinimum = c(page).getByLabel('Minimum USD')
    await usdMinimum.fill('ten')
    const save = c(page).getByRole('button', { name: 'Save', exact: true })
    await save.click()
    // The browser's check: the minimum is not an amount. It goes as soon as the field is edited.
    await expect.poll(() => usdMinimum.getAttribute('aria-invalid'), { timeout: STEP }).toBe('true')
    expect(await c(page).getByText('Enter an amount.').count()).toBe(1)
    await usdMinimum.fill('10')
    expect(await usdMinimum.getAttribute('aria-invalid')).toBe('false')
    expect(await c(page).getByText('Enter an amount.').count()).toBe(0)
    // The server's check: ZZZ is no currency. Its words go under the field, and go when it is edited.
    await save.click()
    await expect.poll(() => currencies.getAttribute('aria-invalid'), { timeout: STEP }).toBe('true')
    const described = (await currencies.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-e'))!
    expect(await c(page).locator(`#${described}`).textContent()).toMatch(/ISO 4217/)
    expect((await afflio.settings.get()).payoutSchedule).toBeNull() // nothing was saved
    await currencies.fill('USD')
    expect(await currencies.getAttribute('aria-invalid')).toBe('false')
    expect(await c(page).locator(`#${described}`).count()).toBe(0)
    await save.click()
    await expect.poll(() => c(page).getByText('Schedule saved.').count(), { timeout: STEP }).toBe(1)
    expect(await afflio.settings.get()).toMatchObject({ payoutSchedule: { frequency: 'monthly', dayOfMonth: 31, currencies: ['USD'] }, payoutMinimums: { USD: 1000 }, automaticPayoutRuns: true })

    // The preview follows: the next payout day, and Ada's EUR balance now waits too, said in words.
    await expect.poll(() => c(page).getByText('Next payout day: Nov 30, 2026.').count(), { timeout: STEP }).toBe(1)
    await expect.poll(() => c(page).locator('p.err').first().textContent(), { timeout: STEP }).toBe('Warning: 2 partners will be skipped:')
    expect(await skipped.locator('tbody tr').allTextContents()).toEqual(
      expect.arrayContaining(['Ada Lovelace€20.00Currency not on the payout schedule', 'Bob Marley$50.00No payout details']),
    )

    // Weekly on Fridays, runs kept manual.
    await c(page).getByLabel('Payout schedule', { exact: true }).selectOption('weekly')
    await day.selectOption({ label: 'Friday' })
    await c(page).getByLabel('Run automatically on the day').uncheck()
    await save.click()
    await expect.poll(async () => (await afflio.settings.get()).automaticPayoutRuns, { timeout: STEP }).toBe(false)
    expect((await afflio.settings.get()).payoutSchedule).toEqual({ frequency: 'weekly', dayOfWeek: 5, currencies: ['USD'] })
    await expect.poll(() => c(page).getByText('Next payout day: Nov 13, 2026.').count(), { timeout: STEP }).toBe(1)
    const [change] = (await afflio.auditLog.list({ action: 'program.settings_changed' })).data
    expect(change).toMatchObject({ actor: { kind: 'console', label: 'dana@acme.test' }, after: { automaticPayoutRuns: false } })

    // The run: the question counts who is paid and who is skipped; confirmed, it pays Ada's USD only.
    await c(page).getByRole('button', { name: 'Run payouts' }).click()
    await c(page).getByRole('group', { name: 'Pay 1 partner ($50.00) and skip 2 partners?' }).waitFor({ timeout: STEP })
    await c(page).getByRole('button', { name: 'Yes' }).click()
    await expect.poll(() => c(page).getByText('Payout run created. Payouts: 1. Partners skipped: 2.').count(), { timeout: STEP }).toBe(1)
    const [run] = (await afflio.payouts.runs.list()).data
    expect(run!.payouts.map((p) => [p.currency, p.amountMinor])).toEqual([['USD', 5000]])

    expect(errors).toEqual([])
  })
})
