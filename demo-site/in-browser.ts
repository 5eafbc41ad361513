// The demo in Chromium for a browser test file: the script and widgets built as `pnpm demo` builds them,
// the demo started on free ports over a fresh data directory, Chromium launched; all closed after the file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll } from 'vitest'
import { startDemo } from './server.ts'
import { launchChromium } from '../server/src/testing-browser.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

export interface DemoInBrowser {
  /** The running demo (set before the file's tests run) */
  readonly demo: Awaited<ReturnType<typeof startDemo>>
  /** A demo page in a fresh en-US browser context, its page errors collected */
  open(path: string): Promise<{ page: Page; errors: string[] }>
}

export function demoInBrowser(): DemoInBrowser {
  let demo: Awaited<ReturnType<typeof startDemo>> | undefined
  let browser: Browser | undefined
  let dataDir = ''
  beforeAll(async () => {
    await build({ root: join(root, 'sdk'), configFile: join(root, 'sdk/vite.script.config.ts'), logLevel: 'error' })
    await build({ root: join(root, 'widget'), configFile: join(root, 'widget/vite.config.ts'), logLevel: 'error' })
    dataDir = mkdtempSync(join(tmpdir(), 'afflio-demo-'))
    demo = await startDemo({ sitePort: 0, apiPort: 0, dataDir })
    browser = await launchChromium()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })
  return {
    get demo() {
      if (!demo) throw new Error('the demo starts in beforeAll')
      return demo
    },
    async open(path) {
      const page = await (await browser!.newContext({ locale: 'en-US' })).newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(`${demo!.siteUrl}${path}`)
      return { page, errors }
    },
  }
}
