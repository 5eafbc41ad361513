// What `pnpm demo` prints is where a newcomer goes first: every address it names answers, and the keys it
// prints are the ones the quickstart's commands need (before, it printed the secret key alone: no
// publishable key for the click, no admin token for creating a program, no portal, console or marketplace).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { BROWSER_UA } from '../server/src/testing.ts'
import { banner, startDemo } from './server.ts'

let demo: Awaited<ReturnType<typeof startDemo>>
let dataDir: string
let lines: string[]

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'afflio-demo-banner-'))
  demo = await startDemo({ sitePort: 0, apiPort: 0, dataDir })
  lines = banner(demo)
})

afterAll(async () => {
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('names the site, the portal, the console, the mail and the marketplace, and each answers', async () => {
  const text = lines.join('\n')
  for (const where of [`${demo.siteUrl}/?ref=ALICE`, `${demo.siteUrl}/partners`, `${demo.siteUrl}/console`, `${demo.siteUrl}/mail`, `${demo.apiUrl}/marketplace`]) {
    expect(text).toContain(where)
    const res = await fetch(where)
    expect([where, res.status]).toEqual([where, 200])
  }
}, 60_000)

it("prints the keys the quickstart's commands take, and they work", async () => {
  const exported = Object.fromEntries([...lines.join('\n').matchAll(/(AFFLIO_[A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]))
  expect(Object.keys(exported).sort()).toEqual(['AFFLIO_ADMIN_TOKEN', 'AFFLIO_PUBLISHABLE_KEY', 'AFFLIO_SECRET_KEY'])
  const click = await fetch(`${demo.apiUrl}/v1/track/click`, { method: 'POST', headers: { 'user-agent': BROWSER_UA }, body: JSON.stringify({ key: exported.AFFLIO_PUBLISHABLE_KEY, code: 'ALICE' }) })
  expect(click.status).toBe(201)
  const partners = await fetch(`${demo.apiUrl}/v1/partners`, { headers: { authorization: `Bearer ${exported.AFFLIO_SECRET_KEY}` } })
  expect(partners.status).toBe(200)
  const program = await fetch(`${demo.apiUrl}/v1/admin/programs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${exported.AFFLIO_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme', currency: 'USD', siteUrl: 'https://your-site.example' }),
  })
  expect(program.status).toBe(201)
}, 60_000)
