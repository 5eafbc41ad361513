// @afflio/sdk and @afflio/widget as npm users get them: both packed with pnpm, installed with npm into
// a project outside the workspace, then used from plain Node, tsc and vite (fixtures: pack-consumer/).
// Packs dist/lib as `pnpm build` left it (pnpm test builds first); publishing rebuilds it in prepack.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import ts from 'typescript'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../server/src/testing.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = fileURLToPath(new URL('./pack-consumer', import.meta.url))
const tsc = join(root, 'node_modules/typescript/bin/tsc')
// Children get no npm_* settings from the pnpm running this test, and no loader in NODE_OPTIONS.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS'))

let tmp: string
let app: string // the consumer project
const installed = (pkg: string) => join(app, 'node_modules/@afflio', pkg)

beforeAll(async () => {
  for (const pkg of ['sdk', 'widget']) {
    if (!existsSync(join(root, pkg, 'dist/lib/index.js'))) throw new Error(`${pkg}/dist/lib is missing: run pnpm build first`)
  }
  tmp = mkdtempSync(join(tmpdir(), 'afflio-pack-'))
  const tarballs = join(tmp, 'tarballs')
  await Promise.all(
    ['sdk', 'widget'].map((pkg) =>
      run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', tarballs, '--config.ignore-scripts=true'], { cwd: join(root, pkg), env }),
    ),
  )
  app = join(tmp, 'app')
  mkdirSync(app)
  cpSync(fixtures, app, { recursive: true })
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  // @afflio/* can only come from the tarballs: a registry lookup for the widget's SDK dependency fails.
  writeFileSync(join(app, '.npmrc'), '@afflio:registry=http://127.0.0.1:9/\n')
  const tgz = readdirSync(tarballs).map((f) => join(tarballs, f))
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tgz], { cwd: app, env })
}, 240_000)

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

describe('the packed tarballs', () => {
  it('hold built JavaScript, declarations and the license, and no sources', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8')
    for (const pkg of ['sdk', 'widget']) {
      const manifest = JSON.parse(readFileSync(join(installed(pkg), 'package.json'), 'utf8'))
      expect(manifest).toMatchObject({ license: 'MIT', type: 'module', engines: { node: '>=20.19' } })
      expect(readFileSync(join(installed(pkg), 'LICENSE'), 'utf8')).toBe(license)
      expect(files(installed(pkg)).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))).toEqual([])
      for (const [entry, target] of Object.entries<{ types: string; import: string }>(manifest.exports)) {
        expect(existsSync(join(installed(pkg), target.import)), `${pkg} ${entry}`).toBe(true)
        expect(existsSync(join(installed(pkg), target.types)), `${pkg} ${entry}`).toBe(true)
      }
    }
    const widget = JSON.parse(readFileSync(join(installed('widget'), 'package.json'), 'utf8'))
    expect(widget.dependencies['@afflio/sdk']).toBe(JSON.parse(readFileSync(join(root, 'sdk/package.json'), 'utf8')).version)
  })

  it('import only relative files and declared dependencies: no Node built-ins, the SDK only fetch', () => {
    for (const pkg of ['sdk', 'widget']) {
      const manifest = JSON.parse(readFileSync(join(installed(pkg), 'package.json'), 'utf8'))
      const deps = Object.keys(manifest.dependencies ?? {})
      for (const file of files(installed(pkg)).filter((f) => f.endsWith('.js'))) {
        const source = readFileSync(join(installed(pkg), file), 'utf8')
        // TypeScript's own scan: static, side-effect and dynamic imports, not strings that look like them.
        for (const { fileName: spec } of ts.preProcessFile(source, true, true).importedFiles) {
          if (spec.startsWith('./') || spec.startsWith('../')) continue
          expect(deps.some((d) => spec === d || spec.startsWith(d + '/')), `${pkg}/${file} imports ${spec}`).toBe(true)
        }
      }
    }
    expect(JSON.parse(readFileSync(join(installed('sdk'), 'package.json'), 'utf8')).dependencies).toBeUndefined()
  })
})

describe('a plain Node script', () => {
  let ctx: TestContext
  let server: ServerType
  let keys: { publishableKey: string; secretKey: string }

  beforeAll(async () => {
    ctx = await createTestContext()
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
    })
  })
  afterAll(async () => {
    await new Promise((done) => server?.close(done))
    await ctx?.close()
  })

  it('records a lead and a sale through the installed SDK', async () => {
    const { port } = server.address() as AddressInfo
    const { stdout } = await run(process.execPath, ['record-sale.mjs'], {
      cwd: app,
      env: { ...env, AFFLIO_URL: `http://127.0.0.1:${port}`, AFFLIO_SECRET_KEY: keys.secretKey, AFFLIO_PUBLISHABLE_KEY: keys.publishableKey },
    })
    const out = JSON.parse(stdout)
    expect(out.customer).toMatchObject({ externalId: 'user_1', partnerId: out.partnerId })
    expect(out.commission).toMatchObject({ partnerId: out.partnerId, amountMinor: 1000 })

    const customer = await ctx.db.selectFrom('customers').selectAll().where('external_id', '=', 'user_1').executeTakeFirstOrThrow()
    expect(customer.partner_id).toBe(out.partnerId)
    const sale = await ctx.db.selectFrom('sales').selectAll().where('invoice_id', '=', 'in_1').executeTakeFirstOrThrow()
    expect(sale).toMatchObject({ id: out.sale.id, partner_id: out.partnerId, amount_minor: 4999 })
  }, 60_000)

  it('load through require() too (Node 20.19 and later load ES modules that way)', async () => {
    const script = "const sdk = require('@afflio/sdk'); const browser = require('@afflio/sdk/browser'); console.log(typeof sdk.Afflio, typeof browser.getClickId)"
    const { stdout } = await run(process.execPath, ['--no-warnings', '-e', script], { cwd: app, env })
    expect(stdout.trim()).toBe('function function')
  })
})

describe('TypeScript consumers', () => {
  const strict = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'ES2022']
  /** tsc's errors ('' when the file type-checks). */
  const typecheck = (file: string, flags: string[]) =>
    run(process.execPath, [tsc, ...strict, ...flags, file], { cwd: app, env }).then(
      () => '',
      (e: { stdout?: string; message: string }) => e.stdout || e.message,
    )
  const nodeNext = ['--module', 'NodeNext', '--moduleResolution', 'NodeNext']
  // No --types: like an app's, only the @types its own node_modules has (none here).
  const browserApp = ['--lib', 'ES2022,DOM']

  it('type-check against the installed declarations (NodeNext, Bundler and Node10 resolution)', async () => {
    const results = await Promise.all([
      typecheck('types-ok.ts', [...nodeNext, ...browserApp]),
      typecheck('types-ok.ts', ['--module', 'ESNext', '--moduleResolution', 'Bundler', ...browserApp]),
      // Node10 ("node") resolution reads no `exports`: the subpaths' types come from typesVersions.
      typecheck('types-ok.ts', ['--module', 'ESNext', '--moduleResolution', 'Node10', ...browserApp]),
      // A server without the DOM lib, with the workspace's @types/node.
      typecheck('node-types-ok.ts', [...nodeNext, '--lib', 'ES2022', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types')]),
    ])
    expect(results).toEqual(['', '', '', ''])
  }, 120_000)

  it('type-check under exactOptionalPropertyTypes (`clickId: … ?? undefined`, as the docs write it)', async () => {
    expect(await typecheck('types-ok.ts', [...nodeNext, ...browserApp, '--exactOptionalPropertyTypes'])).toBe('')
  }, 120_000)

  it('compile to CommonJS (module commonjs or nodenext) and run on Node', async () => {
    const outputs = await Promise.all(
      [
        ['--module', 'CommonJS', '--moduleResolution', 'Node10'],
        ['--module', 'NodeNext', '--moduleResolution', 'NodeNext'],
      ].map(async (flags, i) => {
        const outDir = join(app, `out-cjs-${i}`)
        const errors = await run(process.execPath, [tsc, '--strict', '--target', 'ES2022', '--lib', 'ES2022,DOM', ...flags, '--outDir', outDir, 'cjs/app.ts'], { cwd: app, env }).then(
          () => '',
          (e: { stdout?: string; message: string }) => e.stdout || e.message,
        )
        expect(errors).toBe('')
        writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }')
        expect(readFileSync(join(outDir, 'app.js'), 'utf8')).toContain('require("@afflio/sdk")')
        return (await run(process.execPath, ['--no-warnings', join(outDir, 'app.js')], { cwd: app, env })).stdout.trim()
      }),
    )
    expect(outputs).toEqual(['function AfflioError clk_1', 'function AfflioError clk_1'])
  }, 120_000)

  it('get errors for wrong calls', async () => {
    const errors = (await typecheck('types-error.ts', [...nodeNext, ...browserApp])).split('\n').filter((line) => / error TS\d+/.test(line))
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^types-error\.ts\(6,\d+\): error TS2322/)
    expect(errors[1]).toMatch(/^types-error\.ts\(7,\d+\): error TS2345/)
  }, 120_000)
})

describe('a host app built with vite', () => {
  const bundle = async (entry: string) => {
    const outDir = join(app, 'out', entry)
    await build({ root: app, configFile: false, logLevel: 'silent', mode: 'production', build: { outDir, emptyOutDir: true, rollupOptions: { input: join(app, entry) } } })
    return files(outDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(outDir, f), 'utf8'))
      .join('\n')
  }

  it('bundles the portal and keeps every custom element', async () => {
    const js = await bundle('widget-page.js')
    // Each element's registration survives tree-shaking: its tag is handed to the kit's define(), which calls customElements.define.
    expect(js).toContain('customElements.define(')
    for (const tag of ['afflio-portal', 'afflio-apply', 'afflio-console']) expect(js).toMatch(new RegExp(`\\w\\([\`'"]${tag}[\`'"],`))
    expect(js).toContain('attachShadow')
  }, 60_000)

  it('leaves the server client out of a page that only reads the click', async () => {
    const js = await bundle('browser-page.js')
    expect(js).toContain('afflio_click')
    expect(js).not.toContain('publishable key')
    expect(js.length).toBeLessThan(5_000)
  }, 60_000)
})

/** Every file under dir, as paths relative to it. */
function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name
    return statSync(join(dir, rel)).isDirectory() ? files(dir, rel) : [rel]
  })
}
