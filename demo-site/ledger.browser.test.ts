// One ledger, one vocabulary, in Chromium: after a sale and payout runs in the demo, the partner's
// portal (<afflio-portal>: Overview and Payouts) and the manager's console (<afflio-console>: Payouts
// balances, Overview) show the same figures under the same words, and they are GET /v1/balances.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { Commission, LedgerTotals, PayoutRunPreview } from '@afflio/sdk/types'
import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { formatMoney } from '../widget/src/kit/format.ts'
import { en } from '../widget/src/console/messages.ts'
import { ledgerWords, TOTAL_KEYS } from '../widget/src/ledger-words.ts'
import { demoInBrowser } from './in-browser.ts'
import { noChromium } from '../server/src/testing-browser.ts'

const STEP = 15_000
const run = demoInBrowser()
const open = run.open

const money = (minor: number, currency: string) => formatMoney(minor, currency, 'en-US')
/** "Approved" -> "$12.34" for every figure of these totals, as both widgets word them. */
const worded = (t: LedgerTotals) => Object.fromEntries(TOTAL_KEYS.map((k) => [ledgerWords[`ledger.${k}`], money(t[k], t.currency)]))
const sum = (rows: LedgerTotals[], currency: string): LedgerTotals => {
  const out: LedgerTotals = { currency, pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 }
  for (const r of rows.filter((x) => x.currency === currency)) for (const k of TOTAL_KEYS) out[k] += r[k]
  return out
}
const partners = (n: number) => `${n} partner${n === 1 ? '' : 's'}`
const count = (rows: { partnerId: string }[]) => partners(new Set(rows.map((r) => r.partnerId)).size)

/** The LedgerCards under `host`: label -> amount, each amount checked to carry its figure's data-stat. */
async function cards(host: Locator, currency: string): Promise<Record<string, string>> {
  // The first: the portal's Overview shows the period's cards, then the balances of all time.
  const grid = host.locator(`dl.grid:has(dd[data-stat="approvedMinor-${currency}"])`).first()
  await grid.waitFor({ state: 'attached', timeout: STEP })
  const shown = await grid.evaluate((dl, cur) =>
    [...dl.querySelectorAll('.card')].map((card) => {
      const dd = card.querySelector(`dd[data-stat$="-${cur}"]`) as HTMLElement
      return { label: card.querySelector('dt')!.textContent!, stat: dd.dataset.stat!, value: dd.textContent! }
    }),
    currency,
  )
  for (const { label, stat } of shown) expect(label, stat).toBe((ledgerWords as Record<string, string>)[`ledger.${stat.slice(0, -currency.length - 1)}`])
  return Object.fromEntries(shown.map((s) => [s.label, s.value]))
}

describe.skipIf(noChromium())('the ledger in the demo', () => {
  it('after a sale and payout runs, the portal and the console show the balances API’s figures under the same words', async () => {
    const afflio = new Afflio({ secretKey: run.demo.seeded.secretKey, baseUrl: run.demo.apiUrl })
    const alice = run.demo.seeded.partnerIds[0]!

    // A visitor arrives through Alice's link, signs up and buys: a pending commission for her.
    const { page: shop } = await open('/?ref=ALICE')
    await expect.poll(() => shop.locator('#click').textContent(), { timeout: STEP }).toMatch(/^clk_/)
    await shop.goto(`${run.demo.siteUrl}/signup`)
    await shop.fill('input[name=email]', 'ledger.customer@example.org')
    await shop.click('form button')
    await shop.goto(`${run.demo.siteUrl}/checkout`)
    await shop.fill('input[name=email]', 'ledger.customer@example.org')
    await shop.click('button[value=pro]')
    expect(await shop.locator('main').textContent()).toContain(`${alice} earns`)

    // Alice gives her PayPal address (Bob and Carol give none: a run skips them).
    const { token } = await afflio.embedTokens.create({ partnerId: alice })
    await new AfflioPortal({ token, baseUrl: run.demo.apiUrl }).payoutDetails.update({ method: 'paypal', email: 'alice@paypal.test' })

    // Two of her approved sale commissions (of unrefunded sales, so no clawback moves with them; a starter
    // and a pro plan, so their amounts differ) are held through a first run, which is then marked paid;
    // one is released for the console's run, the other after it. Two pending ones of older sales (not
    // today's) are held in dispute. Every figure ends up distinct, so a label on the wrong figure shows.
    const mine: Commission[] = []
    for await (const c of afflio.commissions.listAll({ partnerId: alice })) mine.push(c)
    const clawed = new Set(mine.map((c) => c.reversesId))
    const plain = (c: Commission) => c.kind === 'sale' && c.amountMinor > 0 && !clawed.has(c.id)
    const a = mine.find((c) => plain(c) && c.status === 'approved')
    const b = mine.find((c) => plain(c) && c.status === 'approved' && c.amountMinor !== a?.amountMinor)
    const disputed = mine.filter((c) => plain(c) && c.status === 'pending' && Date.parse(c.createdAt) < Date.now() - 86_400_000).slice(0, 2)
    expect(a && b && disputed.length === 2).toBeTruthy()
    for (const c of [a!, b!]) await afflio.commissions.hold(c.id, 'checking the order')
    const first = await afflio.payouts.runs.create()
    await afflio.payouts.runs.markPaid(first.id)
    await afflio.commissions.release(a!.id, 'order checked')
    for (const c of disputed) await afflio.commissions.hold(c.id, 'customer disputes')

    // The console's Payouts: the preview says what the run will do, as the API's preview does.
    const preview: PayoutRunPreview = await afflio.payouts.runs.preview()
    expect(preview.payees).toEqual([{ partnerId: alice, currency: 'USD', amountMinor: a!.amountMinor }])
    expect(preview.skipped.length).toBeGreaterThan(0)
    const { page: desk, errors: deskErrors } = await open('/console')
    const c = desk.locator('afflio-console')
    await c.locator('[role=tab]', { hasText: 'Payouts' }).click()
    const panel = c.locator('[role=tabpanel]')
    await expect
      .poll(() => panel.textContent(), { timeout: STEP })
      .toContain(`Next run: ${count(preview.payees)} will be paid (${money(a!.amountMinor, 'USD')}).Warning: ${count(preview.skipped)} will be skipped:`)
    const skipped = panel.locator('table:has(caption:text-is("Skipped partners")) tbody tr')
    expect(await skipped.count()).toBe(preview.skipped.length)
    expect(await skipped.allTextContents()).toEqual(preview.skipped.map((s) => expect.stringContaining(en[`skip.${s.reason}`])))
    await panel.getByRole('button', { name: 'Run payouts' }).click()
    await expect(panel.getByRole('group').getAttribute('aria-label')).resolves.toBe(
      `Pay ${count(preview.payees)} (${money(a!.amountMinor, 'USD')}) and skip ${count(preview.skipped)}?`,
    )
    await panel.getByRole('button', { name: 'Yes' }).click()
    await expect
      .poll(() => panel.locator('.note').first().textContent(), { timeout: STEP })
      .toBe(`Payout run created. Payouts: 1. Partners skipped: ${preview.skipped.length}.`)
    await afflio.commissions.release(b!.id, 'order checked')

    // Now Alice has money in every state, and GET /v1/balances is the reference.
    const [api, ...others] = await afflio.payouts.balances({ partnerId: alice })
    expect(others).toEqual([])
    expect(api!.currency).toBe('USD')
    for (const k of TOTAL_KEYS) expect(api![k], k).toBeGreaterThan(0)
    expect(api!.approvedMinor).toBe(b!.amountMinor)
    expect(api!.inPayoutMinor).toBe(a!.amountMinor)
    expect(api!.onHoldMinor).toBe(disputed[0]!.amountMinor + disputed[1]!.amountMinor)
    const want = worded(api!)
    expect(new Set(Object.values(want)).size).toBe(TOTAL_KEYS.length)
    expect(Object.keys(want)).toEqual(['Approved', 'Pending', 'On hold', 'In payout', 'Paid'])

    // The portal, as Alice: the Overview over a period covering all her commissions, then Payouts.
    const { page: portalPage, errors: portalErrors } = await open('/partners')
    const portal = portalPage.locator('afflio-portal')
    await portal.locator('[data-stat="clicks"]').waitFor({ state: 'attached', timeout: STEP })
    await portal.locator('label:has-text("Period") select').selectOption('90')
    await expect.poll(() => cards(portal, 'USD'), { timeout: STEP }).toEqual(want)
    await portal.locator('[role=tab]', { hasText: 'Payouts' }).click()
    expect(await cards(portal.locator('[role=tabpanel]'), 'USD')).toEqual(want)

    // The console, afresh: Alice's row of the Payouts balances, under the same column words.
    await desk.reload()
    await c.locator('[role=tab]', { hasText: 'Payouts' }).click()
    const table = panel.locator('table:has(caption:text-is("Balances"))')
    const row = table.locator('tbody tr', { hasText: 'Alice Martin' })
    await row.waitFor({ timeout: STEP })
    const heads = await table.locator('thead th').allTextContents()
    const cells = await row.locator('td').allTextContents()
    expect(heads[0]).toBe('Partner')
    expect(Object.fromEntries(heads.slice(1).map((h, i) => [h, cells[i + 1]]))).toEqual(want)

    // And the console's Overview, all time: the program's totals, which are every partner's balances summed.
    const all = await afflio.payouts.balances()
    await c.locator('[role=tab]', { hasText: 'Overview' }).click()
    await c.locator('label:has-text("Period") select').selectOption('0')
    await expect.poll(() => cards(panel, 'USD'), { timeout: STEP }).toEqual(worded(sum(all, 'USD')))

    expect([...deskErrors, ...portalErrors]).toEqual([])
  }, 60_000)
})
