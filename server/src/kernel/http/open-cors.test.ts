import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { describe, expect, it } from 'vitest'
import { ApiError } from './errors.ts'
import { openCors, openJson } from './open-cors.ts'
import { REQUEST_ID_HEADER, requestId, requestIdOf } from './request-id.ts'

const options = { allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 86_400 }

function app(middleware: ReturnType<typeof cors>, answer: (body: unknown, status: 201, requestId: string) => Response) {
  return new Hono()
    .use('*', middleware)
    .post('/ok', (c) => answer({ ok: true }, 201, requestIdOf(c)))
    .post('/fails', () => {
      throw new ApiError(404, 'not_found', 'Referral code x not found')
    })
    .onError((err, c) => c.json({ error: err.message }, (err as ApiError).status ?? 500))
}

const headers = (res: Response) => [...res.headers].sort()

// hono/cors on an app whose every answer gets nosniff, as Afflio's do (security-headers.ts).
function nosniff(middleware: ReturnType<typeof cors>): ReturnType<typeof cors> {
  return async (c, next) => {
    const preflight = await middleware(c, next)
    ;(preflight ?? c.res).headers.set('X-Content-Type-Options', 'nosniff')
    return preflight
  }
}

describe('openCors', () => {
  it("answers as hono/cors with origin '*' does (Retry-After and X-Request-Id exposed), with nosniff and the request id: preflight, success and error, with or without an Origin", async () => {
    const theirs = new Hono().use('*', requestId()).route('/', app(nosniff(cors({ origin: '*', exposeHeaders: ['Retry-After', REQUEST_ID_HEADER], ...options })), (body, status) => Response.json(body, { status })))
    const ours = app(openCors(options), openJson)
    // The caller's id, so that both answer the same one
    const id = { 'x-request-id': 'a1b2c3d4-e5f6' }
    const requests: Array<[string, RequestInit]> = [
      ['/ok', { method: 'OPTIONS', headers: { ...id, origin: 'https://shop.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }],
      ['/ok', { method: 'OPTIONS', headers: id }],
      ['/ok', { method: 'POST', headers: { ...id, origin: 'https://shop.test' }, body: '{}' }],
      ['/ok', { method: 'POST', headers: id, body: '{}' }],
      ['/fails', { method: 'POST', headers: { ...id, origin: 'https://shop.test' }, body: '{}' }],
    ]
    for (const [path, init] of requests) {
      const [a, b] = [await theirs.request(path, init), await ours.request(path, init)]
      expect([b.status, headers(b), await b.text()]).toEqual([a.status, headers(a), await a.text()])
      expect(b.headers.get('x-request-id')).toBe('a1b2c3d4-e5f6')
    }
  })

  it('answers a request id of its own without a safe one given', async () => {
    const ours = app(openCors(options), openJson)
    for (const headers of [{}, { 'x-request-id': 'two words' }, { 'x-request-id': 'x'.repeat(129) }] as Array<Record<string, string>>) {
      for (const path of ['/ok', '/fails']) expect((await ours.request(path, { method: 'POST', headers, body: '{}' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})
