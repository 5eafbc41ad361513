// The code in docs/quickstart.md, docs/sdk.md and the other pages in PAGES, run against a real server, so an
// example that breaks fails the suite. The blocks are read from the Markdown, never copied here.
//
// Conventions for writers of those pages:
// - ```ts and ```js blocks run, in page order, each as an ES module (top-level await works) importing
//   '@afflio/sdk' like a reader's app. What a block declares at its top level (`const afflio`, `partner`,
//   imports) is visible to the later blocks of the same page, so a page reads as one program.
// - ```sh blocks run in bash (`set -euo pipefail`; curl fails on an HTTP error status).
// - ```html, ```json and bare ``` blocks (snippets and sample output) never run.
// - Add `skip` to the info string (```sh skip) for a block that cannot run here: installing, starting
//   a server, exporting the keys the reader copied (the test sets them itself).
// - Add `alt` (```sh alt) to a sh block that does again what the block before did, another way ("The
//   same with curl"): it runs with the keys of a second, fresh program, so the two do not collide.
// - Write examples for the reader's server at `http://localhost:8787` (quickstart) or
//   `https://affiliates.example.com` (reference pages); the test points both at its own server.
//   `$AFFLIO_ADMIN_TOKEN`, `$AFFLIO_SECRET_KEY` and `$AFFLIO_PUBLISHABLE_KEY` (and `process.env.…`) hold
//   real keys of a fresh program, one per page. In a sh block, `prt_…` is the id of the `partner` the
//   page's code declared last.
// - Blocks may use the things a reader's app already has, listed in GIVEN below (`user`, `req`, `invoice`,
//   a Stripe client, …). `req`'s cookie and `form.afflio_click` hold a click just recorded through the
//   link code ALICE, so `track.lead` and `track.sale` attribute as the pages say.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { email } from '../server/src/kernel/http/schemas.ts'
import { ADMIN_TOKEN, BROWSER_UA, createTestContext, dialects, type TestContext } from '../server/src/testing.ts'
import { extractBlocks, scan, toModule } from './doc-blocks.ts'

const PAGES = ['quickstart.md', 'sdk.md', 'commissions.md', 'coupons.md', 'rewards.md', 'deals-and-challenges.md', 'claims.md', 'budgets.md', 'why-and-what-if.md', 'fraud.md', 'recruitment.md']
/** What a page's examples must have found, checked after its last block: an example that answers the wrong thing throws nothing. */
const FOUND: Record<string, (scope: Record<string, unknown>) => void> = {
  // The marketplace search example finds the listing the page made.
  'recruitment.md': (scope) => expect((scope.page as { data: Array<{ slug: string }> }).data.map((l) => l.slug)).toEqual(['acme']),
}
const RUNS = new Set(['ts', 'js', 'sh'])
const NEVER = new Set(['html', 'json', ''])
const READER_HOSTS = ['http://localhost:8787', 'https://affiliates.example.com']
const SCOPE = '__afflioDocScope'
const KEY_VARS = ['AFFLIO_ADMIN_TOKEN', 'AFFLIO_SECRET_KEY', 'AFFLIO_PUBLISHABLE_KEY'] as const
const here = fileURLToPath(new URL('.', import.meta.url))
const run = promisify(execFile)

interface Page {
  url: string
  /** records a visit through ?ref=ALICE, as the script tag would, and returns its click id */
  click: () => Promise<string>
}

/** What a reader's app already has where the examples use it. Built when a block first mentions it. */
const GIVEN: Record<string, (page: Page) => unknown> = {
  user: () => ({ id: 'user_1001', email: 'casey@customer.example', name: 'Casey' }),
  req: async (page) => ({ headers: { cookie: `afflio_click=${encodeURIComponent(`${await page.click()}.ALICE`)}` } }),
  form: async (page) => ({ afflio_click: await page.click() }),
  session: async (page) => ({ id: 'cs_test_1', client_reference_id: await page.click() }),
  invoice: () => ({ id: 'in_2001' }),
  input: () => ({ invoiceId: 'in_2002', amountMinor: 2900, currency: 'USD', customerExternalId: 'user_1001' }),
  job: () => ({ input: { invoiceId: 'in_2003', amountMinor: 2900, currency: 'USD' }, idempotencyKey: 'sale-in_2003' }),
  queue: () => ({ push: async () => {} }),
  stripeRefund: () => ({ id: 're_1' }),
  controller: () => new AbortController(),
  email: () => 'alice@example.com',
  line_items: () => [{ price: 'price_pro', quantity: 1 }],
  success_url: () => 'https://your-site.example/thanks',
  // Stripe's client, reduced to the call the page makes; the session is paid in full.
  stripe: () => ({
    checkout: {
      sessions: {
        create: async (params: { client_reference_id?: string }) => ({
          id: 'cs_test_2',
          payment_intent: 'pi_1',
          amount_total: 9900,
          currency: 'usd',
          client_reference_id: params.client_reference_id ?? null,
        }),
      },
    },
  }),
  pricingTable: () => ({ setAttribute: () => {} }),
}

const root = join(here, '..')
/** The Markdown pages whose source paths and links are checked, relative to `root`. */
const pages = [...readdirSync(here).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'README.md', 'ARCHITECTURE.md']

// Every source path the pages name exists, so moving a file cannot leave a page pointing at nothing: a
// `server/src/…`, `sdk/src/…` or `widget/src/…` path anywhere, and a path written from inside server/src
// (`ledger/rules.ts`, `kernel/db/migrations/`) in inline code when its first folder is one of server/src's.
describe('source paths named in docs/*.md, README.md and ARCHITECTURE.md', () => {
  const serverFolders = new Set(readdirSync(join(root, 'server/src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name))

  it('exist', () => {
    const named = pages.flatMap((page) =>
      readFileSync(join(root, page), 'utf8')
        .split('\n')
        .flatMap((line, i) => sourcePaths(line, serverFolders).map((path) => ({ at: `${page}:${i + 1}`, path }))),
    )
    expect(named.length).toBeGreaterThan(20)
    expect(named.filter(({ path }) => !existsSync(join(root, path))).map(({ at, path }) => `${at} names ${path}`)).toEqual([])
  })
})

// A link between the pages (`api.md#admin`, `#totals`) reaches a file and, with a `#`, a heading of that page
// as GitHub names it (or an `<a id>`): the generated API reference renames its sections when routes move.
describe('links in docs/*.md, README.md and ARCHITECTURE.md', () => {
  it('reach a file, and a heading of a page', () => {
    const prose = (page: string) => readFileSync(join(root, page), 'utf8').replace(/^```[\s\S]*?^```/gm, '')
    const headings = new Map(pages.map((page) => [page, new Set(anchorsOf(prose(page)))]))
    const links = pages.flatMap((page) => [...prose(page).matchAll(/\]\(([^)\s#]*\.md)?(#[^)\s]+)?\)/g)].map(([, file, hash]) => ({ page, file, hash })))
    const broken = links.filter(({ page, file, hash }) => {
      const target = file ? join(dirname(page), file) : page
      if (!existsSync(join(root, target))) return true
      return hash !== undefined && !headings.get(target)?.has(hash.slice(1))
    })
    expect(links.filter((l) => l.hash).length).toBeGreaterThan(50)
    expect(broken.map(({ page, file, hash }) => `${page} links ${file ?? ''}${hash ?? ''}`)).toEqual([])
  })
})

// The samples a reader copies, on every page (runnable or not) and in the SDK's snippet: a client is built with
// the baseUrl its constructor requires, and an example address is one the API accepts (it answers 400 to
// others, and the script tag turns a refused lead into null, silently).
describe('samples in docs/*.md, the READMEs and sdk/snippet.html', () => {
  const samples = [...pages, 'sdk/README.md', 'widget/README.md', 'sdk/snippet.html'].filter((f) => existsSync(join(root, f)))
  const text = (file: string) => readFileSync(join(root, file), 'utf8')

  it('build Afflio and AfflioPortal with a baseUrl', () => {
    const calls = samples.flatMap((file) =>
      [...text(file).matchAll(/new (Afflio|AfflioPortal)\(/g)].map((m) => ({ at: `${file}:${text(file).slice(0, m.index).split('\n').length}`, args: argumentsAt(text(file), m.index + m[0].length) })),
    )
    expect(calls.length).toBeGreaterThan(15)
    expect(calls.filter((c) => !/\bbaseUrl\b/.test(c.args)).map((c) => `${c.at}: new Afflio…(${c.args})`)).toEqual([])
  })

  it('give example email addresses the API accepts', () => {
    const addresses = samples.flatMap((file) =>
      [...text(file).matchAll(/(?<=['"`])[^'"`\s@<>()/:]+@[^'"`\s@<>()/:]+(?=['"`])/g)].map((m) => ({ file, address: m[0] })),
    )
    expect(addresses.length).toBeGreaterThan(20)
    expect(addresses.filter(({ address }) => !email.safeParse(address).success).map(({ file, address }) => `${file}: ${address}`)).toEqual([])
  })
})

/** The text of a call's arguments, from just after its `(` to its matching `)`. */
function argumentsAt(text: string, start: number): string {
  let depth = 1
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return text.slice(start, i)
  }
  return text.slice(start)
}

/** A page's anchors: its headings as GitHub names them (lower case, punctuation dropped, spaces as -), and `<a id>`s. */
function anchorsOf(markdown: string): string[] {
  const headings = [...markdown.matchAll(/^#+\s+(.+)$/gm)].map(([, text]) => text!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replaceAll(' ', '-'))
  return [...headings, ...[...markdown.matchAll(/<a id="([^"]+)"/g)].map(([, id]) => id!)]
}

/** The repository paths a line of Markdown names (see above). */
function sourcePaths(line: string, serverFolders: ReadonlySet<string>): string[] {
  const full = [...line.matchAll(/\b(?:server|sdk|widget)\/src(?:\/[\w.-]+)*\/?/g)].map((m) => m[0].replace(/\.+$/, ''))
  const short = [...line.matchAll(/`([a-z][\w-]*)(\/[\w.-]+)+\/?`/g)]
    .filter((m) => serverFolders.has(m[1]!))
    .map((m) => `server/src/${m[0].slice(1, -1)}`)
  return [...full, ...short]
}

// Each page on SQLite, and on Postgres when the environment names one, as a reader may run either.
for (const [name, dialect] of PAGES.flatMap((page) => dialects.map((d) => [page, d] as const))) {
  const blocks = extractBlocks(readFileSync(join(here, name), 'utf8'))

  describe(`${name} (${dialect})`, () => {
    let ctx: TestContext
    let close: () => Promise<void>
    let page: Page
    let scope: Record<string, unknown>
    let dir: string

    beforeAll(async () => {
      ctx = await createTestContext({ dialect })
      const server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 })
      await new Promise((ok) => server.once('listening', ok))
      close = () => new Promise((done) => server.close(() => done()))
      const { secretKey, publishableKey } = await ctx.createProgram()
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      page = {
        url,
        click: async () => {
          const res = await fetch(`${url}/v1/track/click`, { method: 'POST', headers: { 'user-agent': BROWSER_UA }, body: JSON.stringify({ key: publishableKey, code: 'ALICE' }) })
          if (!res.ok) throw new Error(`a click through ALICE failed (${res.status}): does the page create ALICE before this block?`)
          return ((await res.json()) as { clickId: string }).clickId
        },
      }
      Object.assign(process.env, { AFFLIO_ADMIN_TOKEN: ADMIN_TOKEN, AFFLIO_SECRET_KEY: secretKey, AFFLIO_PUBLISHABLE_KEY: publishableKey } satisfies Record<(typeof KEY_VARS)[number], string>)
      scope = {}
      ;(globalThis as Record<string, unknown>)[SCOPE] = scope
      // Inside docs/, so '@afflio/sdk' resolves as it does for any workspace package that depends on it.
      dir = mkdtempSync(join(here, '.blocks-'))
    })

    afterAll(async () => {
      for (const key of KEY_VARS) delete process.env[key]
      delete (globalThis as Record<string, unknown>)[SCOPE]
      if (dir) rmSync(dir, { recursive: true, force: true })
      await close?.()
      await ctx?.close()
    })

    it('has runnable blocks, each ts, js, sh, html, json or bare', () => {
      expect(blocks.filter((b) => RUNS.has(b.lang) && !b.flags.includes('skip')).length).toBeGreaterThan(0)
      expect(blocks.filter((b) => !RUNS.has(b.lang) && !NEVER.has(b.lang)).map((b) => `${b.lang} at line ${b.line}`)).toEqual([])
    })

    for (const block of blocks) {
      if (!RUNS.has(block.lang)) continue
      const title = `line ${block.line}: ${block.code.split('\n').find((l) => l.trim() && !l.startsWith('#'))?.trim().slice(0, 60)}`
      if (block.flags.includes('skip')) {
        it.skip(title, () => {})
        continue
      }
      it(title, async () => {
        let code = block.code
        for (const host of READER_HOSTS) code = code.replaceAll(host, page.url)
        if (block.lang === 'sh' && block.flags.includes('alt')) await runShell(code, page, scope, await ctx.createProgram())
        else if (block.lang === 'sh') await runShell(code, page, scope)
        else await runModule(code, block.line, page, scope, dir)
      })
    }
    const found = FOUND[name]
    if (found) it('found what the page says', () => found(scope))
  })
}

async function runModule(code: string, line: number, page: Page, scope: Record<string, unknown>, dir: string) {
  const { declared, mentioned } = scan(code)
  const inherited: string[] = []
  for (const name of mentioned) {
    if (declared.has(name)) continue
    if (!(name in scope) && GIVEN[name]) scope[name] = await GIVEN[name](page)
    if (name in scope) inherited.push(name)
  }
  const file = join(dir, `line-${line}.ts`)
  writeFileSync(file, toModule(code, inherited, declared, SCOPE))
  await import(/* @vite-ignore */ pathToFileURL(file).href)
}

async function runShell(code: string, page: Page, scope: Record<string, unknown>, keys?: { secretKey: string; publishableKey: string }) {
  const partner = scope.partner as { id: string } | undefined
  if (/\bprt_…/.test(code)) {
    if (!partner) throw new Error('prt_… is used before the page created a partner')
    code = code.replaceAll('prt_…', partner.id)
  }
  const script = `set -euo pipefail\ncurl() { command curl --fail-with-body --show-error "$@"; }\n${code}\n`
  try {
    const env = keys ? { ...process.env, AFFLIO_SECRET_KEY: keys.secretKey, AFFLIO_PUBLISHABLE_KEY: keys.publishableKey } : process.env
    await run('bash', ['-c', script], { env, timeout: 20_000 })
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string }
    throw new Error(`the block failed against ${page.url}:\n${stderr ?? ''}${stdout ?? ''}`)
  }
}
