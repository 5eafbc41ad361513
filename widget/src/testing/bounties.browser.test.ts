// A bounty across both widgets in Chromium: the partner sends proof in <afflio-portal>, the manager
// approves it in <afflio-console>'s review queue, and the partner's portal shows the approved submission
// and the bonus among its commissions.
import { join } from 'node:path'
import { Afflio } from '@afflio/sdk'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { TestContext } from '../../../server/src/testing.ts'
import { type Harness, STEP, startHarness, widgetDir } from './browser.ts'

let h: Harness
let ctx: TestContext
let api: string
let afflio: Afflio
let partnerId = ''
let bountyId = ''

const page = (tag: string, attrs: string, bundle: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body>
<${tag} ${attrs} api="${api}" locale="en-US"></${tag}><script src="/${bundle}"></script></body></html>`

beforeAll(async () => {
  // The portal's bundle too: the harness builds the console's config.
  await build({ configFile: join(widgetDir, 'vite.config.ts'), logLevel: 'silent' })
  h = await startHarness({
    config: 'vite.console.config.ts',
    bundles: ['afflio-console.js', 'afflio-portal.js'],
    seed: async (started) => {
      ;({ ctx, api } = started)
      ctx.clock.set('2026-11-10T10:00:00Z')
      const keys = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
      afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: api })
      await afflio.settings.update({ holdingDays: 0 })
      partnerId = (await afflio.partners.create({ email: 'ana@partners.test', name: 'Ana Writer', linkCode: 'ANA' })).id
      bountyId = (await afflio.challenges.create({ metric: 'bounty', name: 'Review us on G2', description: 'Post an honest review and send its link.', reward: { amountMinor: 2500, currency: 'USD' } })).id
    },
    routes: () => (url, res) => {
      const token = url.searchParams.get('token') ?? ''
      if (url.pathname !== '/portal' && url.pathname !== '/admin') return false
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(url.pathname === '/portal' ? page('afflio-portal', `token="${token}"`, 'afflio-portal.js') : page('afflio-console', `token="${token}"`, 'afflio-console.js'))
      return true
    },
  })
}, 120_000)

afterAll(async () => {
  await h?.close()
})

async function open(path: 'portal' | 'admin'): Promise<{ page: Page; errors: Error[] }> {
  const { token } = path === 'portal' ? await afflio.embedTokens.create({ partnerId }) : await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
  const { page, errors } = await h.newPage({ viewport: { width: 1100, height: 900 } })
  await page.goto(`${h.site}/${path}?token=${encodeURIComponent(token)}`)
  return { page, errors }
}

test('a partner sends proof in the portal, a manager approves it in the console, the bonus shows in the portal', async () => {
  const partner = await open('portal')
  const portal = partner.page.locator('afflio-portal')
  await portal.getByRole('tab', { name: 'Challenges', exact: true }).click({ timeout: STEP })
  const bounty = portal.locator(`[data-challenge="${bountyId}"]`)
  await expect.poll(() => bounty.getByText('Review us on G2').count(), { timeout: STEP }).toBe(1)
  await bounty.getByLabel('Link to your proof').fill('not a link')
  await bounty.getByRole('button', { name: 'Send proof' }).click()
  await expect.poll(() => bounty.getByText('Enter a full address starting with https://').count(), { timeout: STEP }).toBeGreaterThan(0)
  await bounty.getByLabel('Link to your proof').fill('https://g2.test/reviews/ana')
  await bounty.getByLabel('Notes').fill('Posted today')
  await bounty.getByRole('button', { name: 'Send proof' }).click()
  await expect.poll(() => bounty.locator('[data-submission]').getByText('Pending').count(), { timeout: STEP }).toBe(1)
  // One approval per partner: with one waiting, the form is gone.
  expect(await bounty.getByRole('button', { name: 'Send proof' }).count()).toBe(0)

  const manager = await open('admin')
  const consoleEl = manager.page.locator('afflio-console')
  await consoleEl.getByRole('tab', { name: 'Challenges', exact: true }).click({ timeout: STEP })
  const queue = consoleEl.getByRole('region', { name: 'Bounty submissions to review' })
  const row = queue.getByRole('row').filter({ hasText: 'Ana Writer' })
  await expect.poll(() => row.getByRole('link', { name: 'https://g2.test/reviews/ana' }).count(), { timeout: STEP }).toBe(1)
  await row.getByRole('button', { name: 'Approve' }).click()
  await expect.poll(() => queue.getByText('Approved: Ana Writer earns the bonus.').count(), { timeout: STEP }).toBe(1)
  await expect.poll(() => queue.getByText('Nothing to review.').count(), { timeout: STEP }).toBe(1)

  await partner.page.reload()
  await portal.getByRole('tab', { name: 'Challenges', exact: true }).click({ timeout: STEP })
  await expect.poll(() => bounty.locator('[data-submission]').getByText('Approved').count(), { timeout: STEP }).toBe(1)
  await portal.getByRole('tab', { name: 'Commissions', exact: true }).click()
  const bonus = portal.getByRole('row').filter({ hasText: 'Review us on G2' })
  await expect.poll(() => bonus.getByText('$25.00').count(), { timeout: STEP }).toBe(1)
  expect([...partner.errors, ...manager.errors]).toEqual([])
}, 60_000)
