// Global setup of the vitest "browser" project: finds a Chromium once for all browser test files (so
// the npm package's one is unpacked by one process, not by each parallel worker) and hands it to them.
// When none can start, the browser tests skip and one line at the end of the run says so, unless
// AFFLIO_REQUIRE_BROWSER=1 (CI) makes that a failure.
import type { TestProject } from 'vitest/node'
import { findChromium } from './testing-browser.ts'

const HOW = 'To run them, set CHROMIUM_PATH to a Chromium or install one (apt-get install chromium); AFFLIO_REQUIRE_BROWSER=1 makes a missing browser a failure.'

export default async function setup(project: TestProject) {
  const { found, failures } = await findChromium()
  project.provide('chromium', found)
  const ignored = failures.find((f) => f.startsWith('CHROMIUM_PATH='))
  if (found && ignored) console.warn(`Browser tests: ${ignored}; using ${found.source} instead.`)
  if (found) return
  const why = `no Chromium could start (${failures.join('; ')})`
  if (process.env.AFFLIO_REQUIRE_BROWSER === '1') throw new Error(`AFFLIO_REQUIRE_BROWSER=1 and ${why}. ${HOW}`)
  return () => {
    const files = project.vitest.state.getTestModules().filter((m) => m.project.name === project.name)
    const tests = files.reduce((n, m) => n + [...m.children.allTests()].length, 0)
    console.warn(`Skipped ${tests} browser tests in ${files.length} files: ${why}. ${HOW}`)
  }
}
