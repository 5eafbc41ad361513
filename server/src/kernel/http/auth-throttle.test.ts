// Failed authentication is throttled per client address and credential kind, never per presented
// secret: random guesses from one address run out after the allowance, whatever they guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../app.ts'
import { ADMIN_TOKEN, createTestContext, dialects, type TestContext } from '../../testing.ts'
import { randomToken } from '../ids.ts'
import { secretBoxFor } from '../secrets.ts'
import { AUTH_FAILURE_BURST, AUTH_FAILURES_PER_MINUTE } from './auth-throttle.ts'

type Kind = 'embed' | 'secret' | 'console' | 'publishable' | 'admin'

describe.each(dialects)('failed-auth throttle on %s', (dialect) => {
  let ctx: TestContext
  let keys: { secretKey: string; publishableKey: string }
  let embedToken: string
  let consoleToken: string

  const send = (ip: string, path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
    ctx.app.request(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip, 'content-type': 'application/json' },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    })

  /** One request of each credential kind, with the credential given (the tracking key goes in the body). */
  const attempt: Record<Kind, (ip: string, credential: string) => Response | Promise<Response>> = {
    embed: (ip, t) => send(ip, '/v1/portal/me', t),
    secret: (ip, t) => send(ip, '/v1/program', t),
    console: (ip, t) => send(ip, '/console/v1/program', t),
    publishable: (ip, t) =>
      ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-forwarded-for': ip }, body: JSON.stringify({ key: t, code: 'ALICE' }) }),
    admin: (ip, t) => send(ip, '/v1/admin/programs', t, { method: 'POST', body: { name: 'Guess', currency: 'USD' } }),
  }
  const guess: Record<Kind, () => string> = {
    embed: () => `et_${randomToken(32)}`,
    secret: () => `sk_live_${randomToken(32)}`,
    console: () => `ct_${randomToken(32)}`,
    publishable: () => `pk_live_${randomToken(32)}`,
    admin: () => randomToken(40),
  }
  const valid: Record<Kind, () => string> = {
    embed: () => embedToken,
    secret: () => keys.secretKey,
    console: () => consoleToken,
    publishable: () => keys.publishableKey,
    admin: () => ADMIN_TOKEN,
  }
  const advanceSeconds = (s: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + s * 1000).toISOString())

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram()
    const setup = '192.0.2.250'
    expect((await send(setup, '/v1/partners', keys.secretKey, { method: 'POST', body: { email: 'alice@partner.test', linkCode: 'ALICE' } })).status).toBe(201)
    embedToken = (await (await send(setup, '/v1/embed-tokens', keys.secretKey, { method: 'POST', body: { externalId: 'u_alice', email: 'alice@partner.test' } })).json()).token
    consoleToken = (await (await send(setup, '/v1/console-tokens', keys.secretKey, { method: 'POST', body: { manager: 'ops@acme.test' } })).json()).token
  })
  afterAll(() => ctx.close())

  const kinds: Kind[] = ['embed', 'secret', 'console', 'publishable', 'admin']
  it.each(kinds.map((k, i) => [k, i] as const))('%s: 150 random guesses from one address get the allowance of 401s, then 429', async (kind, i) => {
    const attacker = `198.51.100.${i + 1}`
    const statuses: number[] = []
    let throttled: Response | undefined
    for (let n = 0; n < 150; n++) {
      const res = await attempt[kind](attacker, guess[kind]())
      statuses.push(res.status)
      if (res.status === 429) throttled ??= res
    }
    // The allowance, measured: a burst of failures, then nothing but 429 while the clock stands still.
    expect(statuses.filter((s) => s === 401)).toHaveLength(AUTH_FAILURE_BURST)
    expect(statuses.slice(0, AUTH_FAILURE_BURST).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(AUTH_FAILURE_BURST).every((s) => s === 429)).toBe(true)
    expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(throttled!.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect(await throttled!.json()).toMatchObject({ error: { code: 'rate_limited' } })

    // The throttled address is refused before its credential is checked, a valid one too.
    expect((await attempt[kind](attacker, valid[kind]())).status).toBe(429)
    // Other addresses are unaffected: their guesses still get 401, their valid credentials work.
    expect((await attempt[kind](`203.0.113.${i + 1}`, guess[kind]())).status).toBe(401)
    expect((await attempt[kind](`203.0.113.${i + 101}`, valid[kind]())).status).toBeLessThan(300)

    // A minute later the address has the refill: AUTH_FAILURES_PER_MINUTE more guesses, then 429 again.
    advanceSeconds(60)
    const next: number[] = []
    for (let n = 0; n < 30; n++) next.push((await attempt[kind](attacker, guess[kind]())).status)
    expect(next.filter((s) => s === 401)).toHaveLength(AUTH_FAILURES_PER_MINUTE)
    expect(next.slice(AUTH_FAILURES_PER_MINUTE).every((s) => s === 429)).toBe(true)
  })

  it('behind a proxy that appends to X-Forwarded-For, counts the address the proxy saw, not one the client wrote', async () => {
    // nginx's $proxy_add_x_forwarded_for, cloud load balancers: the client's own header comes first, the proxy's entry last.
    const statuses: number[] = []
    for (let n = 0; n < 30; n++) statuses.push((await attempt.secret(`10.${n}.0.1, 198.51.100.220`, guess.secret())).status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(AUTH_FAILURE_BURST)
    expect(statuses.slice(AUTH_FAILURE_BURST).every((s) => s === 429)).toBe(true)
    // The address the proxy saw is the one throttled, whatever the client writes before it.
    expect((await attempt.secret('198.51.100.220', keys.secretKey)).status).toBe(429)
    expect((await attempt.secret('198.51.100.220, 203.0.113.220', keys.secretKey)).status).toBe(200)
  })

  it('keeps no client address: a bucket is named by the address’s keyed hash', async () => {
    const guesser = '198.51.100.211'
    for (let n = 0; n < 3; n++) expect((await attempt.secret(guesser, guess.secret())).status).toBe(401)
    const rows = await ctx.db.selectFrom('auth_failures').select(['address', 'tokens']).where('kind', '=', 'secret').execute()
    expect(rows.map((r) => r.address).filter((a) => a.includes('198.51.100.'))).toEqual([])
    expect(rows).toContainEqual({ address: secretBoxFor(ctx.db).keyedHash(`auth|${guesser}`), tokens: AUTH_FAILURE_BURST - 3 })
  })

  it('shares the count between processes on one database: guesses spread over two get one allowance', async () => {
    const processes = [ctx.app, createApp({ db: ctx.db, now: ctx.clock.now, rateLimit: { trustProxy: true } })]
    const statuses: number[] = []
    for (let n = 0; n < 60; n++) {
      const res = await processes[n % 2]!.request('/v1/program', { headers: { authorization: `Bearer ${guess.secret()}`, 'x-forwarded-for': '198.51.100.77' } })
      statuses.push(res.status)
    }
    // Each process learns the bucket is dry from its own next failure, answered 429: one guess more than
    // the allowance is checked per extra process, and then neither checks any.
    expect(statuses.filter((s) => s === 401)).toHaveLength(AUTH_FAILURE_BURST)
    expect(statuses.slice(AUTH_FAILURE_BURST).every((s) => s === 429)).toBe(true)
  })

  it('counts guesses only: revoked keys and expired tokens were issued, and do not throttle their address', async () => {
    const ip = '198.51.100.200'
    const extra = await (await send(ip, '/v1/keys', keys.secretKey, { method: 'POST' })).json()
    expect((await send(ip, `/v1/keys/${extra.id}`, keys.secretKey, { method: 'DELETE' })).status).toBeLessThan(300)
    for (let n = 0; n < 30; n++) expect((await attempt.secret(ip, extra.secretKey)).status).toBe(401)
    const shortLived = (await (await send(ip, '/v1/console-tokens', keys.secretKey, { method: 'POST', body: { manager: 'x', ttlSeconds: 60 } })).json()).token
    advanceSeconds(120)
    for (let n = 0; n < 30; n++) expect(await (await attempt.console(ip, shortLived)).json()).toMatchObject({ error: { code: 'token_expired' } })
    expect((await attempt.secret(ip, keys.secretKey)).status).toBe(200)
    expect((await attempt.console(ip, consoleToken)).status).toBe(200)
  })
})
