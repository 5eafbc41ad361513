// Chromium for the real-browser tests and the docs screenshots, found one way everywhere: CHROMIUM_PATH
// if set, else Debian's /usr/bin/chromium, else the Chromium inside the @sparticuz/chromium npm package,
// so a machine with only Node and npm runs them too. The first that starts wins.
// Started headless, without the sandbox (tests run as root) and without background networking (the
// network is closed; its connection attempts only slow the start). Not with @sparticuz/chromium's own
// `args`: they disable web security, which would make the CORS tests pass for nothing.
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { type Browser, chromium } from 'playwright-core'
import { inject } from 'vitest'
import { BROWSER_UA } from './testing.ts'

export interface FoundChromium {
  path: string
  /** Where it came from, for messages. */
  source: string
  /** What it needs in its environment (the npm package's Chromium: where its fonts are). */
  env: Record<string, string>
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by testing-browser-setup.ts; null when no Chromium could start. */
    chromium: FoundChromium | null
  }
}

// A desktop Chrome's user agent: headless Chromium says "HeadlessChrome", which the fraud rules (isbot)
// take for a bot, so its clicks would not be counted.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-agent=${BROWSER_UA}`]

/**
 * The failed-credential throttle (kernel/http/auth-throttle.ts) of every server a browser test drives.
 * It runs on the test's clock, which stands still or goes back, so a bucket never refills: one test's
 * failures (a stale token's retries, from pages that stay open) would carry into every later test of
 * the file until the 11th is refused. A burst no test can spend; the throttle's own tests keep theirs.
 */
export const BROWSER_AUTH_THROTTLE = { burst: 1_000_000_000 }

/** Starts the Chromium the browser project's global setup found. */
export function launchChromium(found: FoundChromium | null = inject('chromium')): Promise<Browser> {
  if (!found) throw new Error('No Chromium: the browser tests should have been skipped (see testing-browser-setup.ts)')
  return chromium.launch({ executablePath: found.path, env: { ...process.env, ...found.env }, timeout: 30_000, args: ARGS })
}

/** For `describe.skipIf(noChromium())`: the global setup found none, and was allowed to skip. */
export const noChromium = (): boolean => !inject('chromium')

/**
 * Where a test saves a docs image: under AFFLIO_SCREENSHOTS_DIR when docs/screenshots.ts asked for
 * them, else nowhere (the screenshot is taken, so it keeps working, but a test run writes no file).
 */
export const docsImage = (name: string): string | undefined => {
  const dir = process.env.AFFLIO_SCREENSHOTS_DIR
  return dir ? join(dir, name) : undefined
}

/** The first candidate that starts, and why each one before it did not. */
export async function findChromium(): Promise<{ found: FoundChromium | null; failures: string[] }> {
  const fromEnv = process.env.CHROMIUM_PATH
  const candidates: (() => Promise<FoundChromium>)[] = [
    ...(fromEnv ? [async () => ({ path: fromEnv, source: `CHROMIUM_PATH=${fromEnv}`, env: {} })] : []),
    async () => ({ path: '/usr/bin/chromium', source: 'Debian’s /usr/bin/chromium', env: {} }),
    unpackSparticuz,
  ]
  const failures: string[] = []
  for (const candidate of candidates) {
    let found: FoundChromium | undefined
    try {
      found = await candidate()
      if (!existsSync(found.path)) throw new Error('not found')
      await (await launchChromium(found)).close()
      return { found, failures }
    } catch (e) {
      failures.push(`${found?.source ?? '@sparticuz/chromium'}: ${reason(e)}`)
    }
  }
  return { found: null, failures }
}

/** One line out of a launch or unpack error: the browser's (or the unpacking child's) own complaint. */
function reason(e: unknown): string {
  const { message = String(e), stderr = '' } = e as { message?: string; stderr?: string }
  const lines = `${stderr}\n${message}`
    .split('\n')
    .map((l) => l.trim().replace(/^\[pid=\d+\]\[err\] /, '').replace(/^browserType\.launch: /, ''))
    .filter((l) => l && !l.startsWith('Command failed'))
  const cause = lines.find((l) => /error while loading shared libraries|\bE[A-Z]{3,}\b: |^\[?\w*Error: /.test(l))
  return (cause ?? lines[0] ?? 'unknown error').replace(/^\[(.*)\] \{$/, '$1').slice(0, 200)
}

/**
 * The npm package's Chromium, unpacked once per package version into a directory of its own under the
 * temp dir. Its executablePath() reuses /tmp/chromium whenever that merely exists (any version, or half
 * written by a concurrent run), so it unpacks in a child with TMPDIR pointing at a fresh directory,
 * which is then renamed into place: atomic, so parallel runs never see a partial binary (the loser of
 * a race drops its copy). A fonts.conf adds the package's Open Sans to the machine's fonts, so text
 * renders on a machine that has none.
 */
async function unpackSparticuz(): Promise<FoundChromium> {
  const pkgDir = resolve(createRequire(import.meta.url).resolve('@sparticuz/chromium'), '../../..')
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }
  const dir = join(tmpdir(), `afflio-chromium-${version}`)
  const found = { path: join(dir, 'chromium'), source: `@sparticuz/chromium ${version}`, env: { FONTCONFIG_FILE: join(dir, 'fonts.conf') } }
  if (existsSync(found.path)) return found
  const staging = mkdtempSync(`${dir}.partial-`)
  try {
    const entry = join(pkgDir, 'build/esm/index.js')
    const unpack = `const { default: c } = await import(${JSON.stringify(pathToFileURL(entry).href)}); await c.executablePath()`
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', unpack], { env: { ...process.env, TMPDIR: staging } })
    writeFileSync(join(staging, 'fonts.conf'), fontsConf(dir))
    chmodSync(staging, 0o755) // mkdtemp's 0700 would hide it from other users of the same temp dir
    renameSync(staging, dir)
  } catch (e) {
    if (!existsSync(found.path)) throw e // else another run unpacked it first
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return found
}

const fontsConf = (dir: string) => `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${dir}/fonts</dir>
  <cachedir>${dir}/fonts-cache</cachedir>
</fontconfig>
`
