// The document and the app must list the same routes, and the table must name every validator the
// routes parse with: a route added without its row (or a row left behind) fails here.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { z } from 'zod'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestContext } from '../testing.ts'
import { buildDocument, loadSdkSchema } from './document.ts'
import type { JsonSchema } from './json-schema.ts'
import { operations } from './operations.ts'

const doc = buildDocument(loadSdkSchema())
const METHODS = ['get', 'post', 'put', 'patch', 'delete']
const documented = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))

describe('the document and the app', () => {
  let served: string[] = []
  beforeAll(async () => {
    const ctx = await createTestContext()
    // 'ALL' entries are middleware and the portal's 404 catch-all; a handler behind middleware repeats its route.
    // A parameter's pattern (`:chunk{afflio-…}`) is not part of the documented path.
    served = [...new Set(ctx.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`))]
    await ctx.close()
  })

  it('documents every route the app serves', () => {
    expect(served.length).toBeGreaterThan(100)
    expect(served.filter((route) => !documented.includes(route))).toEqual([])
  })

  it('documents no route the app does not serve', () => {
    expect(documented.filter((route) => !served.includes(route))).toEqual([])
  })

  it('covers each part of the API', () => {
    for (const route of [
      'POST /v1/track/click',
      'GET /v1/partners',
      'GET /v1/portal/me',
      'GET /console/v1/partners',
      'GET /v1/marketplace',
      'POST /v1/programs/{slug}/applications',
      'GET /marketplace/{slug}',
      'POST /v1/stripe/webhooks/{programId}',
      'GET /v1/unsubscribe/{token}',
      'POST /v1/admin/programs',
      'GET /health',
      'GET /afflio.js',
      'GET /v1/openapi.json',
    ]) {
      expect(documented).toContain(route)
    }
  })

  it('gives every operation a response schema', () => {
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string]
      const responses = doc.paths[path]![method.toLowerCase()]!.responses as Record<string, { content?: Record<string, { schema?: JsonSchema }> }>
      const success = Object.entries(responses).filter(([status, r]) => /^2/.test(status) && r.content)
      const onConsoleForSecretKey = path.startsWith('/console/') && !success.length && responses['403']
      if (onConsoleForSecretKey) continue // documented as always 403 there
      expect(success.length, route).toBeGreaterThan(0)
      for (const [, r] of success) for (const media of Object.values(r.content!)) expect(media.schema, route).toBeTypeOf('object')
    }
  })
})

describe('the route table and the validators', () => {
  const srcDir = fileURLToPath(new URL('../', import.meta.url))
  /** The route files of every feature: `<feature>/routes.ts` and `<feature>/*-routes.ts`. */
  const routeFiles = () =>
    readdirSync(srcDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(srcDir + d.name).filter((f) => /(^|-)routes\.ts$/.test(f)).map((f) => `${d.name}/${f}`))

  /** Every zod schema a route file hands to parseBody, parseQuery or parse, found in its source. */
  async function schemasUsedByRoutes(): Promise<Map<z.ZodType, string>> {
    const used = new Map<z.ZodType, string>()
    for (const file of routeFiles()) {
      const source = readFileSync(srcDir + file, 'utf8')
      const at = (spec: string) => new URL(spec, new URL(`../${file}`, import.meta.url)).href
      const modules = new Map<string, Record<string, unknown>>() // local name -> module (namespace imports)
      const named = new Map<string, unknown>() // local name -> export
      for (const m of source.matchAll(/import \* as (\w+) from '(\.{1,2}\/[\w/-]*schemas\.ts)'/g)) modules.set(m[1]!, await import(at(m[2]!)))
      // Another feature's validators come through its index: `import { payoutsSchemas } from '../payouts/index.ts'`
      for (const m of source.matchAll(/import \{([^}]+)\} from '(\.\.\/[\w-]+\/index\.ts)'/g)) {
        for (const name of m[1]!.split(',').map((part) => part.trim()).filter((part) => /^\w+Schemas$/.test(part))) {
          modules.set(name, ((await import(at(m[2]!))) as Record<string, Record<string, unknown>>)[name]!)
        }
      }
      for (const m of source.matchAll(/import \{([^}]+)\} from '(\.{1,2}\/[\w/-]*schemas\.ts)'/g)) {
        const mod = (await import(at(m[2]!))) as Record<string, unknown>
        for (const part of m[1]!.split(',')) {
          const [name, local] = part.trim().split(/\s+as\s+/)
          if (name && !name.startsWith('type ')) named.set((local ?? name).trim(), mod[name.trim()])
        }
      }
      for (const m of source.matchAll(/\bparse(?:Body|Query)\(c, ([\w.]+)\)|\bparse\(([\w.]+),/g)) {
        const ref = (m[1] ?? m[2])!
        const [head, tail] = ref.split('.')
        const schema = tail ? modules.get(head!)?.[tail] : named.get(head!)
        expect(schema, `${file}: ${ref}`).toBeDefined()
        used.set(schema as z.ZodType, `${file}: ${ref}`)
      }
    }
    return used
  }

  it('names every validator the routes parse with, and none they do not', async () => {
    const used = await schemasUsedByRoutes()
    expect(used.size).toBeGreaterThan(50)
    const inTable = new Set(operations.flatMap((op) => [op.body, op.query].filter((s): s is z.ZodType => s !== undefined)))
    expect([...used].filter(([schema]) => !inTable.has(schema)).map(([, where]) => where)).toEqual([])
    expect(operations.filter((op) => (op.body && !used.has(op.body)) || (op.query && !used.has(op.query))).map((op) => op.id)).toEqual([])
  })

  it('describes a body for every write that reads one', () => {
    // Writes without a body take none: the route reads nothing but the path.
    const bodiless = operations.filter((op) => op.method !== 'get' && op.method !== 'delete' && !op.body && !op.rawBody).map((op) => op.id)
    expect(bodiless.sort()).toEqual(
      [
        'keys.create',
        'payoutRuns.create',
        'payoutRuns.send',
        'payoutRuns.markPaid',
        'webhookDeliveries.retry',
        'deals.approve',
        'newsletters.send',
        'unsubscribe.post',
        'portal.completeStep',
        'bountySubmissions.approve',
        'portal.withdrawSubmission',
      ].sort(),
    )
  })
})
