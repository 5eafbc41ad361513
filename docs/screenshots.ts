// Remakes the docs' screenshots (docs/*.png): `pnpm screenshots`. The browser tests that walk through
// the demo, the portal and the console take them at the moments they assert on; only this run saves
// them (AFFLIO_SCREENSHOTS_DIR), so a test run leaves the repository as it was. Same Chromium as the
// tests (server/src/testing-browser.ts), and no skipping for want of one (AFFLIO_REQUIRE_BROWSER).
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = join(root, 'docs')
const files = ['demo-site/demo.browser.test.ts', 'widget/src/portal/portal.browser.test.ts', 'widget/src/console/console.browser.test.ts']
const vitest = join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs')

const started = Date.now()
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'browser', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AFFLIO_SCREENSHOTS_DIR: docs, AFFLIO_REQUIRE_BROWSER: '1' },
})

const images = readdirSync(docs).filter((f) => f.endsWith('.png'))
const made = images.filter((f) => statSync(join(docs, f)).mtimeMs >= started)
const stale = images.filter((f) => !made.includes(f))
console.log(`Wrote ${made.length} images to docs/: ${made.join(', ')}`)
// An image no test takes any more would silently go out of date.
if (stale.length) console.error(`Not remade: ${stale.join(', ')}`)
process.exit(run.status === 0 && stale.length === 0 ? 0 : 1)
