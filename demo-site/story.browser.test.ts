// The whole story across both UIs, in Chromium on the demo: the script tag records a referral click,
// the visitor signs up and buys (the demo backend reports the sale with the SDK), the partner's open
// portal shows the commission without a reload, the manager's console runs a payout and marks it paid,
// the portal shows the commission paid, and the partner's "payout sent" email is in the demo's mailbox.
import { Afflio } from '@afflio/sdk'
import { describe, expect, it } from 'vitest'
import { demoInBrowser } from './in-browser.ts'
import { noChromium } from '../server/src/testing-browser.ts'

/** The bound for a change to reach an open portal (it polls every 5 s). */
const LIVE = 10_000

const run = demoInBrowser()
const open = run.open

describe.skipIf(noChromium())('the whole story', () => {
  it('click, signup and sale show live in the portal; the console pays it; the portal shows it paid; the email is sent', async () => {
    const afflio = new Afflio({ secretKey: run.demo.seeded.secretKey, baseUrl: run.demo.apiUrl })
    const alice = run.demo.seeded.partnerIds[0]!
    // This program pays without a holding period, so today's sale can be in today's payout run.
    await afflio.settings.update({ holdingDays: 0 })

    // Alice has the portal open on her Commissions, and gives her PayPal address in its Payouts tab.
    const { page: portalPage, errors: portalErrors } = await open('/partners')
    const portal = portalPage.locator('afflio-portal')
    await portal.locator('[data-stat="clicks"]').waitFor({ state: 'attached', timeout: LIVE })
    await portal.locator('[role=tab]', { hasText: 'Payouts' }).click()
    const panel = portal.locator('[role=tabpanel]')
    await panel.getByLabel('Method').selectOption('paypal')
    await panel.getByLabel('Account email').fill('alice.story@paypal.test')
    await panel.getByRole('button', { name: 'Save payout details' }).click()
    await expect.poll(() => panel.textContent(), { timeout: LIVE }).toContain('Payout details saved')
    await portal.locator('[role=tab]', { hasText: 'Commissions' }).click()
    await panel.locator('table').waitFor({ timeout: LIVE })

    // A visitor follows her link (the script tag records the click), signs up and buys the Pro plan.
    const { page: shop, errors: shopErrors } = await open('/?ref=ALICE')
    await expect.poll(() => shop.locator('#click').textContent(), { timeout: LIVE }).toMatch(/^clk_/)
    await shop.goto(`${run.demo.siteUrl}/signup`)
    await shop.fill('input[name=email]', 'story.customer@example.org')
    await shop.click('form button')
    expect(await shop.locator('main').textContent()).toContain(`Referred by partner ${alice}`)
    await shop.goto(`${run.demo.siteUrl}/checkout`)
    await shop.fill('input[name=email]', 'story.customer@example.org')
    const soldAt = Date.now()
    await shop.click('button[value=pro]')
    expect(await shop.locator('main').textContent()).toContain(`Thanks! ${alice} earns`)
    let invoice = ''
    for await (const sale of afflio.sales.listAll({ partnerId: alice })) if (sale.invoiceId.startsWith('in_demo_')) invoice = sale.invoiceId
    expect(invoice).toMatch(/^in_demo_/)

    // Without a reload, the open portal shows it within the live bound, approved at once.
    const row = panel.locator('tbody tr', { hasText: invoice })
    await row.waitFor({ timeout: LIVE })
    const shownAfter = Date.now() - soldAt
    console.log(`the commission appeared in the open portal ${(shownAfter / 1000).toFixed(1)} s after the purchase`)
    expect(shownAfter).toBeLessThan(LIVE)
    expect(await row.locator('.badge').textContent()).toBe('Approved')

    // The manager runs a payout in the console, then marks the run paid.
    const { page: desk, errors: deskErrors } = await open('/console')
    const c = desk.locator('afflio-console')
    await c.locator('[role=tab]', { hasText: 'Payouts' }).click()
    const deskPanel = c.locator('[role=tabpanel]')
    await deskPanel.getByRole('button', { name: 'Run payouts' }).click()
    await deskPanel.getByRole('button', { name: 'Yes' }).click()
    await expect.poll(() => deskPanel.locator('.note').first().textContent(), { timeout: LIVE }).toMatch(/^Payout run created\./)
    await deskPanel.getByRole('button', { name: 'Mark paid' }).first().click()
    await deskPanel.getByRole('button', { name: 'Yes' }).click()
    await expect.poll(() => deskPanel.textContent(), { timeout: LIVE }).toContain('Run marked paid.')

    // The portal, still open, shows the commission paid.
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: LIVE + 2_000 }).toBe('Paid')

    // And Alice was told by email: the demo's mail capture has it.
    const aliceEmail = (await afflio.partners.get(alice)).email
    await expect
      .poll(() => run.demo.mail.mails.map((m) => ({ to: m.to, subject: m.subject })), { timeout: LIVE * 2 })
      .toContainEqual({ to: aliceEmail, subject: expect.stringMatching(/^Payout sent: /) })

    expect([...portalErrors, ...shopErrors, ...deskErrors]).toEqual([])
  }, 90_000)
})
