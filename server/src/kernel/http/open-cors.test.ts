import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { describe, expect, it } from 'vitest'
import { ApiError } from './errors.ts'
import { openCors } from './open-cors.ts'

const options = { allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 86_400 }

function app(middleware: ReturnType<typeof cors>) {
  return new Hono()
    .use('*', middleware)
    .post('/ok', (c) => c.json({ ok: true }, 201))
    .post('/fails', () => {
      throw new ApiError(404, 'not_found', 'Referral code x not found')
    })
    .onError((err, c) => c.json({ error: err.message }, (err as ApiError).status ?? 500))
}

const headers = (res: Response) => [...res.headers].sort()

describe('openCors', () => {
  it("answers as hono/cors with origin '*' does: preflight, success and error, with or without an Origin", async () => {
    const theirs = app(cors({ origin: '*', ...options }))
    const ours = app(openCors(options))
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
