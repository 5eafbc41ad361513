// docs/api.md's conventions and the OpenAPI document say what the app does: which POSTs honour
// Idempotency-Key, which routes a console token may call, the methods each CORS-open area allows, and
// that a bad body is a 400. Each is asked of the running app, not of its source.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, createTestContext, type TestContext } from '../testing.ts'
import { buildDocument, CONSOLE_TAG, loadSdkSchema } from './document.ts'
import { API_DOC_FILE } from './generate.ts'
import type { JsonSchema } from './json-schema.ts'

const doc = buildDocument(loadSdkSchema())
const apiMd = readFileSync(API_DOC_FILE, 'utf8')
const METHODS = ['get', 'post', 'put', 'patch', 'delete']
const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m] && !(item[m]!.tags as string[]).includes(CONSOLE_TAG)).map((method) => ({ method, path, op: item[method] as JsonSchema })),
)
const schemes = (op: JsonSchema) => (op.security as Array<Record<string, unknown>>).flatMap((s) => Object.keys(s))
const honoursKey = (op: JsonSchema) => ((op.parameters ?? []) as JsonSchema[]).some((p) => p.$ref === '#/components/parameters/IdempotencyKey')
/** A documented path with made-up ids in its parameters: middleware answers before any handler looks */
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, 'x_00000000000000000000000000')
const route = (method: string, path: string) => `${method.toUpperCase()} ${path}`

let ctx: TestContext
const credential: Record<string, string> = {}
beforeAll(async () => {
  ctx = await createTestContext({ rateLimit: { burst: 10_000, perSecond: 10_000 } })
  const keys = await ctx.createProgram()
  credential.secretKey = keys.secretKey
  credential.publishableKey = keys.publishableKey
  credential.adminToken = ADMIN_TOKEN
  const auth = { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }
  const partner = (await (await ctx.app.request('/v1/partners', { method: 'POST', headers: auth, body: JSON.stringify({ email: 'ada@partners.test' }) })).json()) as { id: string }
  credential.embedToken = ((await (await ctx.app.request('/v1/embed-tokens', { method: 'POST', headers: auth, body: JSON.stringify({ partnerId: partner.id }) })).json()) as { token: string }).token
  credential.consoleToken = ((await (await ctx.app.request('/v1/console-tokens', { method: 'POST', headers: auth, body: JSON.stringify({ manager: 'dana@acme.test' }) })).json()) as { token: string }).token
})
afterAll(() => ctx.close())

const call = (method: string, path: string, headers: Record<string, string>) =>
  ctx.app.request(concrete(path), { method: method.toUpperCase(), headers: { 'content-type': 'application/json', ...headers }, ...(method === 'get' ? {} : { body: '{}' }) })
const errorOf = async (res: Response) => ((await res.json().catch(() => ({}))) as { error?: { code: string; message: string } }).error

describe('Idempotency-Key', () => {
  it('is honoured by exactly the POSTs the document gives the parameter', async () => {
    const honoured: string[] = []
    const documented: string[] = []
    for (const { method, path, op } of ops.filter((o) => o.method === 'post')) {
      const scheme = schemes(op)[0]
      const headers: Record<string, string> = { 'idempotency-key': 'k'.repeat(256) }
      if (scheme && credential[scheme]) headers.authorization = `Bearer ${credential[scheme]}`
      // A key over 255 characters: the middleware refuses it; a route without it never reads the header
      const error = await errorOf(await call(method, path, headers))
      if (error?.message === 'Idempotency-Key is longer than 255 characters') honoured.push(route(method, path))
      if (honoursKey(op)) documented.push(route(method, path))
    }
    expect(honoured.length).toBeGreaterThan(50)
    expect(honoured).toEqual(documented)
  })

  it("docs/api.md names exactly the portal's POSTs that honour it", () => {
    const where = /^- \*\*Where\*\*:([\s\S]*?)^- \*\*/m.exec(apiMd.slice(apiMd.indexOf('## Idempotency')))![1]!
    const named = [...where.matchAll(/`POST (\/v1\/portal\/[^`]*)`/g)].map((m) => route('post', m[1]!.replace(/:(\w+)/g, '{$1}')))
    const portal = ops.filter(({ method, path, op }) => method === 'post' && path.startsWith('/v1/portal/') && honoursKey(op)).map(({ method, path }) => route(method, path))
    expect(named.sort()).toEqual(portal.sort())
  })
})

describe('console tokens', () => {
  it('call every program route the document says they may (webhooks included), and are refused the secret-key-only ones', async () => {
    const refused: string[] = []
    const secretOnly: string[] = []
    for (const { method, path, op } of ops.filter((o) => schemes(o.op).includes('secretKey') && !schemes(o.op).includes('publishableKey'))) {
      const res = await call(method, path, { authorization: `Bearer ${credential.consoleToken}` })
      if (res.status === 403 && (await errorOf(res))?.message === 'This endpoint needs the secret key, not a console token') refused.push(route(method, path))
      if (!schemes(op).includes('consoleToken')) secretOnly.push(route(method, path))
    }
    expect(secretOnly).toEqual(expect.arrayContaining(['POST /v1/console-tokens', 'POST /v1/keys']))
    expect(refused).toEqual(secretOnly)
    expect(refused.filter((r) => r.includes('webhook'))).toEqual([])
  })

  it("docs/api.md's exceptions for console tokens are the secret-key-only routes", () => {
    const row = apiMd.split('\n').find((l) => l.startsWith('| console token'))!
    const except = row.slice(row.indexOf('except'), row.indexOf(';'))
    const named = [...except.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)
    const secretOnly = ops.filter(({ op }) => !schemes(op).includes('consoleToken') && schemes(op).includes('secretKey') && !schemes(op).includes('publishableKey')).map(({ method, path }) => route(method, path))
    // A name is a route ("POST /v1/console-tokens") or a path with all its methods and sub-paths ("/v1/keys")
    const covers = (name: string, r: string) => (name.includes(' ') ? name === r : r.split(' ')[1] === name || r.split(' ')[1]!.startsWith(`${name}/`))
    expect(secretOnly.filter((r) => !named.some((n) => covers(n, r)))).toEqual([])
    expect(named.filter((n) => !secretOnly.some((r) => covers(n, r)))).toEqual([])
  })
})

describe('CORS', () => {
  // A route of each CORS-open area, by the first words of its row in docs/api.md
  const AREAS: Record<string, string> = {
    '`POST /v1/track/click`': '/v1/track/click',
    '`/v1/portal/*`': '/v1/portal/me',
    '`GET /v1/marketplace`': '/v1/marketplace',
    '`/console/v1/*`': '/console/v1/partners',
  }
  it.each(Object.entries(AREAS))('%s allows the methods docs/api.md lists', async (row, path) => {
    const line = apiMd.slice(apiMd.indexOf('## CORS')).split('\n').find((l) => l.startsWith(`| ${row}`))!
    const documented = [.../methods ([^;]*);/.exec(line)![1]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!)
    const res = await ctx.app.request(path, { method: 'OPTIONS', headers: { origin: 'https://host.example', 'access-control-request-method': 'POST' } })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')!.split(',').sort()).toEqual(documented.sort())
  })
})

describe('POST /v1/challenges', () => {
  it('answers a segment that is not one of the program’s with 404 on segmentId, as every id in a body (kernel/http/references.ts), and documents it', async () => {
    const other = await ctx.createProgram()
    const headers = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' })
    const theirs = (await (await ctx.app.request('/v1/segments', { method: 'POST', headers: headers(other.secretKey), body: JSON.stringify({ name: 'Theirs', definition: { conditions: [] } }) })).json()) as { id: string }
    const body = { name: 'Ten sales', metric: 'sales', target: 10, startsAt: '2026-11-01', endsAt: '2026-12-01', reward: { amountMinor: 5000, currency: 'USD' } }
    for (const segmentId of [theirs.id, 'seg_000000000000000000000000']) {
      for (const challenge of [body, { metric: 'bounty', name: 'Review us', reward: body.reward }]) {
        const res = await ctx.app.request('/v1/challenges', { method: 'POST', headers: headers(credential.secretKey!), body: JSON.stringify({ ...challenge, segmentId }) })
        expect([res.status, ((await res.json()) as { error: { field: string } }).error.field]).toEqual([404, 'segmentId'])
      }
    }
    expect(Object.keys(doc.paths['/v1/challenges']!.post!.responses as object)).toContain('404')
  })
})
