import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { describe, expect, it } from 'vitest'
import { ApiError } from './errors.ts'
import { openCors, openJson } from './open-cors.ts'

const options = { allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 86_400 }

function app(middleware: ReturnType<typeof cors>, answer: (body: unknown, status: 201) => Response) {
  return new Hono()
    .use('*', middleware)
    .post('/ok', () => answer({ ok: true }, 201))
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
  it("answers as hono/cors with origin '*' does, and nosniff: preflight, success and error, with or without an Origin", async () => {
    const theirs = app(nosniff(cors({ origin: '*', ...options })), (body, status) => Response.json(body, { status }))
    const ours = app(openCors(options), openJson)
    const requests: Array<[string, RequestInit]> = [
      ['/ok', { method: 'OPTIONS', headers: { origin: 'https://shop.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }],
      ['/ok', { method: 'OPTIONS' }],
      ['/ok', { method: 'POST', headers: { origin: 'https://shop.test' }, body: '{}' }],
      ['/ok', { method: 'POST', body: '{}' }],
      ['/fails', { method: 'POST', headers: { origin: 'https://shop.test' }, body: '{}' }],
    ]
    for (const [path, init] of requests) {
      const [a, b] = [await theirs.request(path, init), await ours.request(path, init)]
      expect([b.status, headers(b), await b.text()]).toEqual([a.status, headers(a), await a.text()])
    }
  })
})
