// The demo's mail: the API sends to the local SMTP capture, and the /mail page lists and shows what it got.
// A referred purchase on the demo site earns the partner a commission, whose notice arrives by email.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startDemo } from './server.ts'
import { BROWSER_UA } from '../server/src/testing.ts'

let demo: Awaited<ReturnType<typeof startDemo>>
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'afflio-demo-mail-'))
  demo = await startDemo({ sitePort: 0, apiPort: 0, dataDir })
})

afterAll(async () => {
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('captures the email of a commission earned through the site, lists it at /mail and renders it', async () => {
  const afflio = new Afflio({ secretKey: demo.seeded.secretKey, baseUrl: demo.apiUrl })
  expect((await afflio.settings.get()).mail).toEqual({ configured: true })
  const carol = await afflio.partners.get(demo.seeded.partnerIds[2]!)
  // A visitor arrives through Carol's link (what the script tag sends), then buys.
  const click = await fetch(`${demo.apiUrl}/v1/track/click`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
    body: JSON.stringify({ key: demo.seeded.publishableKey, code: 'CAROL' }),
  })
  const { clickId } = (await click.json()) as { clickId: string }
  const form = new URLSearchParams({ email: 'mail.test@example.org', plan: 'pro', afflio_click: clickId })
  const res = await fetch(`${demo.siteUrl}/checkout`, { method: 'POST', body: form })
  expect(await res.text()).toContain(`${carol.id} earns`)

  // The mail loop sends every few seconds.
  await expect.poll(() => demo.mail.mails.find((m) => m.to === carol.email && m.subject.startsWith('You earned')), { timeout: 20_000, interval: 250 }).toBeTruthy()
  const mail = demo.mail.mails.find((m) => m.to === carol.email && m.subject.startsWith('You earned'))!
  expect(mail.headers['list-unsubscribe']).toMatch(new RegExp(`^<${demo.apiUrl}/v1/unsubscribe/n1\\.`))

  const list = await (await fetch(`${demo.siteUrl}/mail`)).text()
  expect(list).toContain(`<a href="/mail/${mail.id}">${mail.subject}</a>`)
  const one = await (await fetch(`${demo.siteUrl}/mail/${mail.id}`)).text()
  expect(one).toContain('<iframe id="html" sandbox')
  expect(one).toContain('You earned') // the HTML, escaped into srcdoc
  expect((await fetch(`${demo.siteUrl}/mail/999999`)).status).toBe(404)

  // The link in the email works against the demo's API, without login.
  const link = /^<(.+)>$/.exec(mail.headers['list-unsubscribe']!)![1]!
  const page = await fetch(link, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  expect(page.status).toBe(200)
}, 60_000)
