// X-Request-Id on every answer of the API, the click's too, the caller's own when it is safe; exposed to
// browsers on the CORS-open routes; read by the SDK into its errors; named by a 500's log line.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, type TestContext } from '../../testing.ts'
import { onError } from './errors.ts'
import { requestId, requestIdFor } from './request-id.ts'

const MADE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('requestIdFor', () => {
  it("takes the caller's id when it is a short safe token, else makes one", () => {
    for (const safe of ['7f7c1f3e-5a0e-4b7a-9d7e-2f1d0c9b8a61', 'abc123', 'trace:1.2_3', 'x'.repeat(128)]) expect(requestIdFor(safe)).toBe(safe)
    for (const unsafe of [undefined, '', 'two words', 'a\r\nSet-Cookie: x=1', 'x'.repeat(129), 'ünïcode', 'a,b']) expect(requestIdFor(unsafe)).toMatch(MADE)
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined))
  })
})

describe('X-Request-Id', () => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  beforeAll(async () => {
    ctx = await createTestContext({ rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD' })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
  })
  afterAll(() => ctx.close())

  const idOf = (res: Response) => res.headers.get('x-request-id')
  const secret = { authorization: () => `Bearer ${keys.secretKey}` }
  const click = (body: object, headers: Record<string, string> = {}) =>
    ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': '10.8.0.1', origin: 'https://shop.test', ...headers }, body: JSON.stringify({ key: keys.publishableKey, ...body }) })

  it('is on every answer: a success, an error, a page, a 404 without a route; a new one each time', async () => {
    const answers = [
      await ctx.app.request('/health'),
      await ctx.app.request('/v1/program', { headers: { authorization: secret.authorization() } }),
      await ctx.app.request('/v1/program'), // 401
      await ctx.app.request('/v1/track/sale', { method: 'POST', headers: { authorization: secret.authorization() }, body: '{' }), // 400
      await ctx.app.request('/marketplace'),
      await ctx.app.request('/nowhere'),
    ]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 400, 200, 404])
    for (const res of answers) expect(idOf(res)).toMatch(MADE)
    expect(new Set(answers.map(idOf)).size).toBe(answers.length)
  })

  it("answers the caller's own id when it is safe, and one of its own when it is not", async () => {
    const given = (id: string) => ctx.app.request('/v1/program', { headers: { authorization: secret.authorization(), 'x-request-id': id } })
    expect(idOf(await given('7f7c1f3e-5a0e-4b7a-9d7e-2f1d0c9b8a61'))).toBe('7f7c1f3e-5a0e-4b7a-9d7e-2f1d0c9b8a61')
    expect(idOf(await given('<script>'))).toMatch(MADE)
  })

  it('is on a click, its errors and its preflight, exposed to the page', async () => {
    const created = await click({ code: 'ANN' })
    const unknown = await click({ code: 'NOPE' })
    const given = await click({ code: 'ANN' }, { 'x-request-id': 'edge-42', 'x-forwarded-for': '10.8.0.2' })
    const preflight = await ctx.app.request('/v1/track/click', { method: 'OPTIONS', headers: { origin: 'https://shop.test', 'access-control-request-method': 'POST' } })
    expect([created.status, unknown.status, given.status, preflight.status]).toEqual([201, 404, 201, 204])
    for (const res of [created, unknown, preflight]) expect(idOf(res)).toMatch(MADE)
    expect(idOf(given)).toBe('edge-42')
    for (const res of [created, unknown, given]) expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Request-Id')
  })

  it('is exposed to browsers on the portal, the console and the marketplace', async () => {
    const origin = { origin: 'https://host.test' }
    for (const path of ['/v1/portal/me', '/console/v1/partners', '/v1/marketplace']) {
      const res = await ctx.app.request(path, { headers: origin })
      expect(idOf(res), path).toMatch(MADE)
      expect(res.headers.get('access-control-expose-headers'), path).toContain('X-Request-Id')
    }
  })

  it("is the SDK's AfflioApiError.requestId", async () => {
    let answered: string | null = null
    const afflio = new Afflio({
      secretKey: keys.secretKey,
      baseUrl: 'http://afflio.test',
      fetch: async (i, init) => {
        const res = await ctx.app.request(i as string, init)
        answered = idOf(res)
        return res
      },
      maxRetries: 0,
    })
    const error = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 100, currency: 'ABC' }).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(AfflioApiError)
    expect(answered).toMatch(MADE)
    expect((error as AfflioApiError).requestId).toBe(answered)
  })

  it("is named by a 500's log line", async () => {
    const app = new Hono()
      .use('*', requestId())
      .get('/boom', () => {
        throw new Error('boom')
      })
      .onError(onError)
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const res = await app.request('/boom', { headers: { 'x-request-id': 'trace-7' } })
      expect([res.status, idOf(res)]).toEqual([500, 'trace-7'])
      expect(log).toHaveBeenCalledWith('Request trace-7 failed:', expect.objectContaining({ message: 'boom' }))
    } finally {
      log.mockRestore()
    }
  })
})
