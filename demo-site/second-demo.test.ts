// A second `pnpm demo` beside a running one: it stops at the port in use, with the one line main.ts
// promises, and leaves the running demo's database alone (it used to delete it first, and the running demo
// then failed with "disk I/O error").
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startDemo } from './server.ts'

let demo: Awaited<ReturnType<typeof startDemo>>
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'afflio-demo-second-'))
  demo = await startDemo({ sitePort: 0, apiPort: 0, dataDir })
})

afterAll(async () => {
  await demo?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('a second demo on the same ports stops at the port in use and deletes nothing of the running one', async () => {
  const sitePort = Number(new URL(demo.siteUrl).port)
  const apiPort = Number(new URL(demo.apiUrl).port)
  const afflio = new Afflio({ secretKey: demo.seeded.secretKey, baseUrl: demo.apiUrl, maxRetries: 0 })
  const before = await afflio.partners.list()

  const second = await startDemo({ sitePort, apiPort, dataDir }).catch((err: unknown) => err)
  // Only the API's port taken (SITE_PORT moved, PORT not)
  const third = await startDemo({ sitePort: 0, apiPort, dataDir }).catch((err: unknown) => err)

  // The running demo keeps its database and answers as before
  expect(existsSync(join(dataDir, 'demo.db'))).toBe(true)
  expect((await afflio.partners.list()).data).toEqual(before.data)
  expect((await fetch(demo.siteUrl)).status).toBe(200)
  // and the others stopped with the line naming the setting to change.
  expect((second as Error).message).toBe(`Port ${sitePort} on 127.0.0.1 is in use by another program: stop that program or set SITE_PORT to another port.`)
  expect((third as Error).message).toBe(`Port ${apiPort} on 127.0.0.1 is in use by another program: stop that program or set PORT to another port.`)
}, 60_000)
