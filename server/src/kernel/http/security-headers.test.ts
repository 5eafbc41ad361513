// Every HTML page the app serves, found from its routes and the OpenAPI table (the rows whose answer
// is text/html), carries the same protective headers: no framing, no sniffing, no referrer, no script.
// Their error pages too (a marketplace 404, the unsubscribe 404, a refused form post), and JSON gets nosniff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '../../openapi/index.ts'
import { createTestContext, dialects, type TestContext } from '../../testing.ts'
import { openSecret } from '../secrets.ts'

const htmlOps = operations.filter((op) => 'text' in op.response && op.response.text === 'text/html')

function expectPageHeaders(res: Response, frameAncestors = "'none'") {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  const csp = res.headers.get('content-security-policy') ?? ''
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]))
  expect(directives.get('frame-ancestors')).toBe(frameAncestors)
  // The pages' own needs, kept: no script anywhere, inline style, their form posts, logos.
  expect(directives.get('default-src')).toBe("'none'")
  expect(directives.has('script-src')).toBe(false)
  expect(directives.get('style-src')).toBe("'unsafe-inline'")
  expect(directives.get('form-action')).toBe("'self'")
  expect(directives.get('base-uri')).toBe("'none'")
  expect(directives.get('img-src')).toContain('https:')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  if (frameAncestors === "'none'") expect(res.headers.get('x-frame-options')).toBe('DENY')
  else expect(res.headers.get('x-frame-options')).toBeNull()
}

describe.each(dialects)('security headers on %s', (dialect) => {
  let ctx: TestContext
  let unsubscribeToken: string
  let clickKey: string
  let ip = 0
  const req = (path: string, init: RequestInit = {}) => ctx.app.request(path, { ...init, headers: { 'x-forwarded-for': `192.0.2.${++ip % 250}`, ...(init.headers as Record<string, string>) } })
  const withKey = (key: string, path: string, method: string, body?: unknown) =>
    req(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) })

  /** Path parameters that reach a real page. */
  const real = (): Record<string, string> => ({ slug: 'quill', token: unsubscribeToken })

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const { secretKey, publishableKey } = await ctx.createProgram({ name: 'Quill' })
    clickKey = publishableKey
    expect((await withKey(secretKey, '/v1/marketplace-listing', 'PUT', { listed: true, slug: 'quill', description: 'Notes', category: 'saas', logoUrl: 'https://quill.test/logo.png' })).status).toBe(200)
    expect((await withKey(secretKey, '/v1/partners', 'POST', { email: 'alice@partner.test', linkCode: 'alice' })).status).toBe(201)
    const newsletter = await (await withKey(secretKey, '/v1/newsletters', 'POST', { subject: 'Hi', body: 'Hello', audience: { all: true } })).json()
    expect((await withKey(secretKey, `/v1/newsletters/${newsletter.id}/send`, 'POST')).status).toBeLessThan(300)
    // The recipient keeps only the token's hash: its waiting email holds the token, encrypted.
    unsubscribeToken = openSecret(ctx.db, (await ctx.db.selectFrom('email_outbox').select('unsubscribe_token').where('kind', '=', 'newsletter').executeTakeFirstOrThrow()).unsubscribe_token!)
  })
  afterAll(() => ctx.close())

  it('finds the HTML routes in the OpenAPI table, each one served by the app', () => {
    const served = new Set(ctx.app.routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))
    expect(htmlOps.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort()).toEqual([
      'GET /marketplace',
      'GET /marketplace/{slug}',
      'GET /v1/unsubscribe/{token}',
      'POST /v1/unsubscribe/{token}',
    ])
    for (const op of htmlOps) expect(served.has(`${op.method.toUpperCase()} ${op.path}`), `${op.method} ${op.path}`).toBe(true)
  })

  it.each(htmlOps.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s: the page and its 404 carry the headers', async (_, op) => {
    const params = real()
    const page = await req(op.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]!), { method: op.method.toUpperCase() })
    expect(page.status).toBe(200)
    expectPageHeaders(page)
    if (!op.path.includes('{')) return
    const missing = await req(op.path.replace(/\{(\w+)\}/g, 'nope'), { method: op.method.toUpperCase() })
    expect(missing.status).toBe(404)
    expectPageHeaders(missing)
  })

  it('on the error page of a refused form post, and after the page was throttled', async () => {
    const refused = await req('/v1/programs/quill/applications', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=not-an-email' })
    expect(refused.status).toBe(400)
    expectPageHeaders(refused)
    const app = await createTestContext({ dialect, rateLimit: { burst: 1, perSecond: 0.001 } })
    try {
      expect((await app.app.request('/marketplace')).status).toBe(200)
      const throttled = await app.app.request('/marketplace')
      expect(throttled.status).toBe(429)
      expectPageHeaders(throttled)
    } finally {
      await app.close()
    }
  })

  it('with a configured list of framing origins, frame-ancestors names them and X-Frame-Options steps aside', async () => {
    const framed = await createTestContext({ dialect, frameAncestors: ["'self'", 'https://partners.example.com'] })
    try {
      expectPageHeaders(await framed.app.request('/marketplace'), "'self' https://partners.example.com")
    } finally {
      await framed.close()
    }
  })

  it('JSON answers, errors included, get nosniff and no page policy', async () => {
    for (const res of [await req('/health'), await req('/v1/marketplace'), await req('/v1/no-such-route'), await req('/v1/program')]) {
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toBeNull()
    }
  })

  it("the tracking routes, mounted ahead of the app's middleware, answer with nosniff and open CORS, errors included", async () => {
    const browser = { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' }
    const click = (body: unknown) => req('/v1/track/click', { method: 'POST', headers: browser, body: JSON.stringify(body) })
    const answers = [
      [await click({ key: clickKey, code: 'alice' }), 201],
      [await click({ key: clickKey, code: 'nobody' }), 404],
      [await click({ key: 'pk_unknown', code: 'alice' }), 401],
      [await req('/v1/track/lead', { method: 'POST', headers: browser, body: '{' }), 400],
      [await req('/v1/track/click', { method: 'POST', headers: { ...browser, 'content-length': String(1 << 20) }, body: 'x' }), 413],
    ] as const
    for (const [res, status] of answers) {
      expect([res.status, res.headers.get('content-type')]).toEqual([status, expect.stringMatching(/^application\/json/)])
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
    const preflight = await req('/v1/track/click', { method: 'OPTIONS', headers: { origin: 'https://shop.test', 'access-control-request-method': 'POST' } })
    expect([preflight.status, preflight.headers.get('access-control-allow-origin'), preflight.headers.get('x-content-type-options')]).toEqual([204, '*', 'nosniff'])
    // The sale, under the same prefix, stays closed to browsers and keeps the app's middleware.
    const sale = await req('/v1/track/sale', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect([sale.status, sale.headers.get('access-control-allow-origin'), sale.headers.get('x-content-type-options')]).toEqual([401, null, 'nosniff'])
  })
})
