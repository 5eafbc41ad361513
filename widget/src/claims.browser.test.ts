// Commissions that explain themselves and missing-commission claims, in Chromium against the real server:
// the portal's "Why this amount?" names the rule and the click that earned it, and says a split share
// stepped down by a budget in steps that add up (the budget named only in the console); a partner reports a sale
// that earned nothing in the portal, the manager approves it in the console (after looking at the
// evidence), and the portal shows it approved.
import { Afflio } from '@afflio/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BROWSER_UA, type TestContext } from '../../server/src/testing.ts'
import { noChromium } from '../../server/src/testing-browser.ts'
import { type Harness, STEP, startHarness } from './testing/browser.ts'

let h: Harness
let ctx: TestContext
let api: string
let afflio: Afflio
let publishableKey: string
const ids: Record<string, string> = {}

async function click(code: string, ip: string): Promise<string> {
  const res = await fetch(`${api}/v1/track/click`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-forwarded-for': ip, 'user-agent': BROWSER_UA },
    body: JSON.stringify({ key: publishableKey, code }),
  })
  return ((await res.json()) as { clickId: string }).clickId
}

async function seed() {
  const keys = await ctx.createProgram({ name: 'Acme Analytics', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
  publishableKey = keys.publishableKey
  afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: api })
  ids.rule = (await afflio.rules.create({ name: 'Partners', event: 'sale', type: 'percent', value: 2500 })).id
  ids.ada = (await afflio.partners.create({ email: 'ada@partners.test', name: 'Ada Lovelace', linkCode: 'ADA' })).id
  ids.bob = (await afflio.partners.create({ email: 'bob@partners.test', name: 'Bob Marley', linkCode: 'BOB' })).id
  // Bob's click, then Ada's, on one customer: Ada's is the last click and earns the sale.
  ctx.clock.set('2026-10-20T09:00:00Z')
  await afflio.track.lead({ clickId: await click('BOB', '198.51.100.1'), customerExternalId: 'cust_1' })
  ctx.clock.set('2026-10-21T09:00:00Z')
  ids.adaClick = await click('ADA', '198.51.100.2')
  await afflio.track.lead({ clickId: ids.adaClick, customerExternalId: 'cust_1' })
  ctx.clock.set('2026-10-21T09:05:00Z')
  await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 20_000, currency: 'USD', customerExternalId: 'cust_1' })
  // Ada's click and Bob's code on one sale, split, past a budget that steps the rate down to half: Ada earns
  // 25% ($25), Bob 20% ($20); the pool is the lower, $20; Ada's half $10; stepped down, $5. The budget is
  // deleted after, so later commissions (the claim below) are paid in full.
  await afflio.settings.update({ couponPolicy: { conflict: 'split' } })
  await afflio.rules.create({ name: 'Coupon sites', event: 'sale', type: 'percent', value: 2000, partnerId: ids.bob })
  await afflio.couponCodes.create({ partnerId: ids.bob, code: 'BOB10' })
  const budget = await afflio.budgets.create({ name: 'Monthly', scope: 'program', period: 'month', amountMinor: 1, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
  ctx.clock.set('2026-10-22T09:00:00Z')
  const split = await afflio.track.sale({ invoiceId: 'in_split', amountMinor: 10_000, currency: 'USD', clickId: await click('ADA', '198.51.100.3'), couponCode: 'bob10' })
  ids.split = split.commission!.id
  await afflio.budgets.delete(budget.id)
  // A sale whose checkout lost the click: no partner got it.
  ctx.clock.set('2026-10-25T10:00:00Z')
  await afflio.track.sale({ invoiceId: 'in_lost', amountMinor: 8_000, currency: 'USD' })
  ctx.clock.set('2026-11-01T12:00:00Z')
}

beforeAll(async () => {
  // The portal's config builds the console's bundle too.
  h = await startHarness({
    config: 'vite.config.ts',
    bundles: ['afflio-portal.js', 'afflio-console.js'],
    seed: async (started) => {
      ;({ ctx, api } = started)
      await seed()
    },
    routes: () => (url, res) => {
      const token = url.searchParams.get('token') ?? ''
      const element = url.pathname === '/portal' ? 'afflio-portal' : url.pathname === '/admin' ? 'afflio-console' : null
      if (!element) return false
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body>
<${element} token="${token}" api="${api}" locale="en-US" theme="light"></${element}>
<script src="/${element}.js"></script></body></html>`)
      return true
    },
  })
}, 120_000)

afterAll(async () => {
  await h?.close()
})

async function open(path: '/portal' | '/admin'): Promise<{ page: Page; errors: Error[] }> {
  const { page, errors } = await h.newPage({ viewport: { width: 1100, height: 900 } })
  const token = path === '/portal' ? (await afflio.embedTokens.create({ partnerId: ids.ada!, locale: 'en-US' })).token : (await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
  await page.goto(`${h.site}${path}?token=${encodeURIComponent(token)}`)
  return { page, errors }
}

describe.skipIf(noChromium())('explanations and claims in Chromium against the real server', () => {
  test('the portal: "Why this amount?" shows the rule and the click that earned it', async () => {
    const { page, errors } = await open('/portal')
    const portal = page.locator('afflio-portal')
    await portal.getByRole('tab', { name: 'Commissions' }).click()
    const row = portal.locator('tbody tr', { hasText: 'in_1' })
    await row.getByRole('button', { name: 'Why this amount?' }).click()
    const why = row.locator('.why dl')
    await why.waitFor({ timeout: STEP })
    const text = (await why.textContent()) ?? ''
    expect(text).toContain('Partners v1: applied')
    expect(text).toContain(`Click ${ids.adaClick} on Oct 21, 2026: the last click in the 30-day window`)
    expect(text).toContain('Other clicks weighed: 1') // Bob's, not named
    expect(text).not.toContain('bob')
    expect(await row.getByRole('button', { name: 'Hide' }).getAttribute('aria-expanded')).toBe('true')
    expect(errors).toEqual([])
  })

  test('a split share stepped down by a budget: each step with its money, the budget named only in the console', async () => {
    const steps = (last: string) => [
      'Partners v1: 25% of a $100.00 sale = $25.00',
      'Shared with another partner: 50% of $20.00, the lower of the two partners’ commissions = $10.00',
      last,
    ]
    const lines = async (why: ReturnType<Page['locator']>, label: string) =>
      (await why.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]').locator('div').allTextContents()).map((x) => x.replace(/\u00a0/g, ' '))

    const { page, errors } = await open('/portal')
    const portal = page.locator('afflio-portal')
    await portal.getByRole('tab', { name: 'Commissions' }).click()
    const row = portal.locator('tbody tr', { hasText: '$5.00' })
    const unnamed = steps('The program’s commission budget for this period is reached: 50% of $10.00 = $5.00')
    expect(((await row.locator('td').nth(4).textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain(unnamed.join('. '))
    await row.getByRole('button', { name: 'Why this amount?' }).click()
    const why = row.locator('.why dl')
    await why.waitFor({ timeout: STEP })
    expect(await lines(why, 'Amount')).toEqual(unnamed)
    expect(await why.textContent()).toContain('this program shares it, 50% to the click’s partner and 50% to the code’s')
    expect(await why.textContent()).toContain('Other partners’ codes: 1')
    expect(await page.locator('afflio-portal').evaluate((el) => el.shadowRoot?.textContent ?? '')).not.toMatch(/Monthly|BOB10|minor units/)

    const { page: admin, errors: adminErrors } = await open('/admin')
    const console_ = admin.locator('afflio-console')
    await console_.getByRole('tab', { name: 'Commissions', exact: true }).click()
    const item = console_.locator(`article[data-commission="${ids.split}"]`)
    await item.getByRole('button', { name: 'Why this amount?' }).click()
    const adminWhy = item.locator('.why dl')
    await adminWhy.waitFor({ timeout: STEP })
    expect(await lines(adminWhy, 'Amount')).toEqual(steps('Budget Monthly reached: 50% of $10.00 = $5.00'))
    expect(await adminWhy.textContent()).toContain('Code BOB10 (bob@partners.test): shared with the click')
    expect([...errors, ...adminErrors]).toEqual([])
  })

  test('a claim filed in the portal is approved in the console, and the portal shows it approved', async () => {
    const { page: portalPage, errors: portalErrors } = await open('/portal')
    const portal = portalPage.locator('afflio-portal')
    await portal.getByRole('tab', { name: 'Commissions' }).click()
    await portal.getByLabel('Order or invoice id').fill('in_lost')
    await portal.getByLabel('Date of the sale').fill('2026-10-25')
    await portal.getByLabel('Customer email (optional)').fill('ana@example.com')
    await portal.getByRole('button', { name: 'Report missing commission' }).click()
    await portal.getByText('Reported. The program will review it.').waitFor({ timeout: STEP })
    const claimRow = portal.locator('form tbody tr', { hasText: 'in_lost' })
    expect(await claimRow.textContent()).toContain('Pending')

    const { page: admin, errors: adminErrors } = await open('/admin')
    const console_ = admin.locator('afflio-console')
    await console_.getByRole('tab', { name: 'Claims', exact: true }).click()
    const item = console_.locator('article.item', { hasText: 'in_lost' })
    await item.waitFor({ timeout: STEP })
    // The partner's name comes from the program's partner directory, loaded beside the claims: wait for it
    await item.filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: STEP })
    await item.getByRole('button', { name: 'Show evidence' }).click()
    await item.locator('dl.evidence').waitFor({ timeout: STEP })
    expect(await item.locator('dl.evidence').textContent()).toContain('credited to no partner')
    await item.getByRole('button', { name: 'Approve', exact: true }).click()
    await item.getByRole('button', { name: 'Approve claim' }).click()
    // The rules priced the sale: 25% of $80.00. The claim leaves the pending list.
    await console_.getByText('Claim for in_lost approved: a commission of $20.00.').waitFor({ timeout: STEP })
    await expect.poll(() => console_.locator('article.item', { hasText: 'in_lost' }).count(), { timeout: STEP }).toBe(0)
    const claim = (await afflio.claims.list({ status: 'approved' })).data[0]!
    expect(claim).toMatchObject({ invoiceId: 'in_lost', partnerId: ids.ada, status: 'approved' })
    expect((await afflio.claims.approve(claim.id)).commission).toMatchObject({ amountMinor: 2000, partnerId: ids.ada })

    await portalPage.reload()
    await portal.getByRole('tab', { name: 'Commissions' }).click()
    await expect.poll(() => portal.locator('form tbody tr', { hasText: 'in_lost' }).textContent(), { timeout: STEP }).toContain('Approved')
    // ...and the commission it made is in the partner's list, explained as the program's credit.
    const row = portal.locator('tbody tr', { hasText: '$80.00' })
    await row.getByRole('button', { name: 'Why this amount?' }).click()
    await row.locator('.why dl').waitFor({ timeout: STEP })
    expect(await row.locator('.why dl').textContent()).toContain('Credited by the program')
    expect([...portalErrors, ...adminErrors]).toEqual([])
  })
})
