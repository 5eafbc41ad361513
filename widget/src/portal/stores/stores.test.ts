import { describe, expect, test } from 'vitest'
import { apiError, BASE, commission, defaultRoutes, fakeApi, overview, until } from '../testing.ts'
import { createStores } from './index.ts'

function stores(routes = defaultRoutes(), onTokenExpired?: () => Promise<string>) {
  const api = fakeApi(routes)
  return { api, s: createStores({ token: 'et_a', baseUrl: BASE, fetch: api.fetch, onTokenExpired }) }
}

describe('stores', () => {
  test('load lazily, on first subscription, once', async () => {
    const { api, s } = stores()
    expect(api.calls).toHaveLength(0)
    const off = s.payouts.$.listen(() => {})
    s.payouts.$.listen(() => {})
    await until(() => expect(s.payouts.$.get().data?.currency).toBe('USD'))
    expect(api.calls.map((c) => c.path)).toEqual(['/v1/portal/payouts'])
    off()
  })

  test('an older answer arriving after a newer request is dropped', async () => {
    const answers: Array<(v: unknown) => void> = []
    const { s } = stores(defaultRoutes({ 'GET /v1/portal/overview': () => new Promise((r) => answers.push(r)) }))
    void s.overview.run()
    s.overview.setPeriod(7)
    await until(() => expect(answers).toHaveLength(2))
    answers[1]!(overview({ clicks: 7 }))
    await until(() => expect(s.overview.$.get().data?.clicks).toBe(7))
    answers[0]!(overview({ clicks: 30 }))
    await new Promise((r) => setTimeout(r, 20))
    expect(s.overview.$.get()).toMatchObject({ loading: false, data: { clicks: 7 } })
  })

  test('a failed reload keeps the data it had, beside the error', async () => {
    let fail = false
    const { s } = stores(defaultRoutes({ 'GET /v1/portal/me': () => (fail ? apiError(404, 'not_found') : defaultRoutes()['GET /v1/portal/me']) }))
    await s.me.run()
    fail = true
    await s.me.run()
    expect(s.me.$.get().data?.partner.id).toBe('prt_1')
    expect(s.me.$.get().error).toBeTruthy()
  })

  test('401s set the session state: expired or invalid; other errors do not', async () => {
    let reply = apiError(403, 'forbidden')
    const { s } = stores(defaultRoutes({ 'GET /v1/portal/me': () => reply }))
    await s.me.run()
    expect(s.session.$auth.get()).toBe('ok')
    reply = apiError(401, 'unauthorized')
    await s.me.run()
    expect(s.session.$auth.get()).toBe('invalid')
    reply = apiError(401, 'token_expired')
    s.session.setToken('et_b') // used stores load again with it
    expect(s.session.$auth.get()).toBe('ok')
    await until(() => expect(s.session.$auth.get()).toBe('expired'))
  })

  test('refresh: a new token from the host, and stores that were used load again with it', async () => {
    const { api, s } = stores(defaultRoutes({ 'GET /v1/portal/commissions': ({ token }) => (token === 'et_a' ? apiError(401, 'token_expired') : { data: [commission(1)], nextCursor: null }) }), async () => {
      throw new Error('not yet')
    })
    await s.commissions.run()
    expect(s.session.$auth.get()).toBe('expired')
    await s.session.refresh()
    expect(s.session.$auth.get()).toBe('expired') // the host failed: still expired, nothing blank
    s.session.setToken('et_b')
    await until(() => expect(s.commissions.$.get().items).toHaveLength(1))
    expect(api.calls.at(-1)!.token).toBe('et_b')
  })
})
