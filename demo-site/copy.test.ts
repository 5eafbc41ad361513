// The demo's promises to partners against what the running demo pays: the landing page and the
// marketplace listing must quote the rates of the rule the seed actually created, and partners' links lead to the demo site.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startDemo } from './server.ts'

let demo: Awaited<ReturnType<typeof startDemo>>
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'afflio-demo-copy-'))
  demo = await startDemo({ sitePort: 0, apiPort: 0, dataDir })
})

afterAll(async () => {
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const percents = (text: string) => [...text.matchAll(/(\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1]))

it('quotes the seeded sale rule on the landing page and in the marketplace listing', async () => {
  const afflio = new Afflio({ secretKey: demo.seeded.secretKey, baseUrl: demo.apiUrl })
  const { data: rules } = await afflio.rules.list()
  const sale = rules.filter((r) => r.event === 'sale')
  expect(sale).toHaveLength(1) // one rule, so "the partner earns" has one answer
  const rule = sale[0]!
  const rates = [rule.value, ...rule.tiers.map((t) => t.value)].map((bps) => bps / 100)

  const landing = await (await fetch(demo.siteUrl)).text()
  const promise = landing.match(/the partner earns ([^<]*)/)?.[1] ?? ''
  expect(percents(promise)).toEqual(rates)
  for (const tier of rule.tiers) expect(promise).toContain(`from ${tier.from}`)

  const listing = await afflio.marketplace.get()
  expect(percents(listing.description ?? '')).toEqual([rates[0], rates.at(-1)])
})

it("sends partners' links to the demo site: the program's site URL is its address", async () => {
  const afflio = new Afflio({ secretKey: demo.seeded.secretKey, baseUrl: demo.apiUrl })
  expect((await afflio.settings.get()).siteUrl).toBe(demo.siteUrl)
  const { token } = await afflio.embedTokens.create({ partnerId: demo.seeded.partnerIds[0]! })
  const alice = new AfflioPortal({ token, baseUrl: demo.apiUrl })
  expect((await alice.links.list()).data.map((l) => l.url)).toContain(`${demo.siteUrl}/?ref=ALICE`)
})
