import { describe, expect, test } from 'vitest'
import { AfflioApiError, AfflioError } from './errors.ts'
import { AfflioPortal } from './portal-client.ts'

const T1 = 'et_' + '1'.repeat(32)
const T2 = 'et_' + '2'.repeat(32)
const expired = { status: 401, body: { error: { code: 'token_expired', message: 'The embed token has expired' } } }
const invalid = { status: 401, body: { error: { code: 'unauthorized', message: 'Unknown embed token' } } }
const ok = (body: unknown = {}) => ({ status: 200, body })

/** A server that answers by token: `answer(token, method, path)` returns status and body. */
function server(answer: (token: string, method: string, path: string, body: string | undefined) => { status: number; body: unknown }) {
  const calls: Array<{ token: string; method: string; url: string; body: string | undefined }> = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const token = new Headers(init?.headers).get('authorization')!.replace('Bearer ', '')
    const url = String(input)
    const body = typeof init?.body === 'string' ? init.body : undefined
    calls.push({ token, method: init?.method ?? 'GET', url, body })
    await Promise.resolve()
    const r = answer(token, init?.method ?? 'GET', new URL(url).pathname, body)
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } })
  }
  return { fetch, calls }
}

const make = (fetch: typeof globalThis.fetch, onTokenExpired?: () => Promise<string>) =>
  new AfflioPortal({ token: T1, baseUrl: 'https://afflio.test/', fetch, maxRetries: 0, ...(onTokenExpired ? { onTokenExpired } : {}) })

describe('AfflioPortal', () => {
  test('calls the portal endpoints with the token', async () => {
    const s = server(() => ok({ data: [], nextCursor: null }))
    const p = make(s.fetch)
    await p.me()
    await p.overview({ from: '2026-01-01', interval: 'week' })
    await p.links.list({ limit: 10 })
    await p.links.create({ code: 'x1' })
    await p.commissions.list({ cursor: 'com_1' })
    await p.payouts.get()
    await p.payoutDetails.update({ method: 'paypal', email: 'a@b.test' })
    expect(s.calls.map((c) => `${c.method} ${c.url.replace('https://afflio.test', '')}`)).toEqual([
      'GET /v1/portal/me',
      'GET /v1/portal/overview?from=2026-01-01&interval=week',
      'GET /v1/portal/links?limit=10',
      'POST /v1/portal/links',
      'GET /v1/portal/commissions?cursor=com_1',
      'GET /v1/portal/payouts',
      'PUT /v1/portal/payout-details',
    ])
    expect(s.calls.every((c) => c.token === T1)).toBe(true)
    expect(JSON.parse(s.calls[6]!.body!)).toEqual({ method: 'paypal', email: 'a@b.test' })
  })

  test('claims and notices page with listAll, like the other lists', async () => {
    const pages: Record<string, Array<{ data: Array<{ id: string }>; nextCursor: string | null }>> = {
      '/v1/portal/claims': [{ data: [{ id: 'clm_1' }], nextCursor: 'clm_1' }, { data: [{ id: 'clm_2' }], nextCursor: null }],
      '/v1/portal/notices': [{ data: [{ id: 'ntc_1' }], nextCursor: null }],
    }
    const s = server((_, __, path) => ok({ unread: 0, ...pages[path]!.shift()! }))
    const p = make(s.fetch)
    const ids: string[] = []
    for await (const c of p.claims.listAll({ status: 'pending' })) ids.push(c.id)
    for await (const n of p.notices.listAll()) ids.push(n.id)
    expect(ids).toEqual(['clm_1', 'clm_2', 'ntc_1'])
    expect(s.calls.map((c) => c.url.replace('https://afflio.test', ''))).toEqual(['/v1/portal/claims?status=pending', '/v1/portal/claims?status=pending&cursor=clm_1', '/v1/portal/notices'])
  })

  test('on token_expired, asks once for a new token, shared by concurrent calls, and retries', async () => {
    const s = server((token) => (token === T1 ? expired : ok({ token })))
    let asked = 0
    const p = make(s.fetch, async () => (asked++, T2))
    const [a, b, c] = await Promise.all([p.me(), p.payouts.get(), p.links.list()])
    expect([a, b, c]).toEqual([{ token: T2 }, { token: T2 }, { token: T2 }])
    expect(asked).toBe(1)
    expect(p.token).toBe(T2)
    await p.me()
    expect(asked).toBe(1)
  })

  test('retries once only: a new token that is expired too ends in token_expired', async () => {
    const s = server(() => expired)
    let asked = 0
    const p = make(s.fetch, async () => (asked++, T2))
    const e = await p.me().catch((e: unknown) => e)
    expect(e).toBeInstanceOf(AfflioApiError)
    expect((e as AfflioApiError).code).toBe('token_expired')
    expect(asked).toBe(1)
    expect(s.calls).toHaveLength(2)
  })

  test('surfaces token_expired without a callback or when the callback fails, and never refreshes unauthorized', async () => {
    const s = server((token) => (token === T1 ? expired : ok()))
    expect(await make(s.fetch).me().catch((e: AfflioApiError) => e.code)).toBe('token_expired')
    expect(await make(s.fetch, () => Promise.reject(new Error('down'))).me().catch((e: AfflioApiError) => e.code)).toBe('token_expired')
    expect(await make(s.fetch, async () => 'sk_live_nope').me().catch((e: AfflioApiError) => e.code)).toBe('token_expired')
    let asked = 0
    const bad = server(() => invalid)
    expect(await make(bad.fetch, async () => (asked++, T2)).me().catch((e: AfflioApiError) => e.code)).toBe('unauthorized')
    expect(asked).toBe(0)
  })

  test('refuses API keys and missing tokens', () => {
    const fetch = server(() => ok()).fetch
    expect(() => new AfflioPortal({ token: 'sk_live_abc', baseUrl: 'https://a.test', fetch })).toThrow(AfflioError)
    expect(() => new AfflioPortal({ token: '', baseUrl: 'https://a.test', fetch })).toThrow(/token/)
    expect(() => new AfflioPortal({ token: T1, baseUrl: '', fetch })).toThrow(/baseUrl/)
  })
})
