// The errors a newcomer meets first, following the quickstart: each is a JSON error that names the fix, not
// a validator's internals ("Invalid input: expected string, received undefined") or a bare "invalid".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, BROWSER_UA, createTestContext, dialects, type TestContext } from './testing.ts'

describe.each(dialects)('the first errors a newcomer meets on %s', (dialect) => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }

  const call = async (path: string, key: string | null, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const res = await ctx.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; field?: string } } }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD' })
    await call('/v1/partners', keys.secretKey, { email: 'alice@example.com', name: 'Alice', linkCode: 'ALICE' })
  })
  afterAll(() => ctx.close())

  it('a sale without its currency says the currency is required, and what it is', async () => {
    const sale = await call('/v1/track/sale', keys.secretKey, { invoiceId: 'in_1', amountMinor: 4900, customerExternalId: 'user_1' })
    expect(sale).toEqual({ status: 400, body: { error: { code: 'invalid_request', field: 'currency', message: 'currency: is required: an ISO 4217 currency code, e.g. USD (amounts are in its minor unit)' } } })
    const program = await call('/v1/admin/programs', ADMIN_TOKEN, { name: 'Acme' })
    expect(program.body.error).toMatchObject({ field: 'currency', message: expect.stringMatching(/^currency: is required: an ISO 4217/) })
  })

  it('any other field left out is "required", not a type the reader never sent', async () => {
    expect((await call('/v1/partners', keys.secretKey, { name: 'Bob' })).body.error).toMatchObject({ field: 'email', message: 'email: is required' })
    expect((await call('/v1/track/sale', keys.secretKey, { invoiceId: 'in_2', currency: 'USD', customerExternalId: 'user_1' })).body.error).toMatchObject({ field: 'amountMinor', message: 'amountMinor: is required' })
    // a choice left out names its options
    expect((await call('/v1/payout-runs/prun_0000000000000000000000000a/export', keys.secretKey)).body.error).toMatchObject({ field: 'format', message: 'format: is required: one of "paypal", "wise"' })
    // a field sent with the wrong type still says what it got
    expect((await call('/v1/track/sale', keys.secretKey, { invoiceId: 'in_3', amountMinor: '4900', currency: 'USD' })).body.error.message).toMatch(/^amountMinor: .*received string/)
  })

  it('a wrong key, a publishable key on the server API, and a program key on the admin API each say which key to use', async () => {
    expect(await call('/v1/partners', 'sk_live_typo0000000000000000000000000')).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'Unknown or revoked API key: use a key this server issued (shown once, when its program or key was created)' } } })
    expect(await call('/v1/partners', keys.publishableKey)).toEqual({ status: 403, body: { error: { code: 'forbidden', message: 'This endpoint needs a secret key (sk_…): the publishable key (pk_…) is for web pages' } } })
    expect((await call('/v1/admin/programs', keys.secretKey, { name: 'B', currency: 'USD' })).body.error.message).toBe("Invalid admin token: the admin API takes the server's AFFLIO_ADMIN_TOKEN, not a program's key")
    expect((await call('/v1/admin/programs', null, { name: 'B', currency: 'USD' })).body.error.message).toBe('Missing admin token: send Authorization: Bearer <AFFLIO_ADMIN_TOKEN>')
  })

  it("an unknown ref code, or another program's, says no link of this key's program has it", async () => {
    const other = await ctx.createProgram({ name: 'Other', currency: 'USD' })
    for (const key of [keys.publishableKey, other.publishableKey]) {
      const click = await call('/v1/track/click', null, { key, code: key === keys.publishableKey ? 'NOPE' : 'ALICE' })
      expect(click.status).toBe(404)
      expect(click.body.error.message).toMatch(/^Referral code (NOPE|ALICE) not found: no active link of this key's program has it$/)
    }
  })

  it("a browser's preflight to a route not open to browsers says where the call belongs, not that its key is missing", async () => {
    for (const [path, method] of [['/v1/track/sale', 'POST'], ['/v1/partners', 'GET'], ['/v1/admin/programs', 'POST']] as const) {
      const res = await ctx.app.request(path, { method: 'OPTIONS', headers: { origin: 'https://your-site.example', 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' } })
      expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 403, null])
      expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(new RegExp(`^${method} ${path} is not open to browsers \\(CORS\\): call it from your backend with the secret key`)) } })
      expect(res.headers.get('x-request-id')).toBeTruthy()
    }
    // the open routes still answer their preflights
    for (const path of ['/v1/track/click', '/v1/portal/me', '/v1/marketplace']) {
      const res = await ctx.app.request(path, { method: 'OPTIONS', headers: { origin: 'https://your-site.example', 'access-control-request-method': 'POST' } })
      expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 204, '*'])
    }
  })

  it('a base URL ending in /v1 (so /v1/v1/…) says to drop it', async () => {
    expect((await call('/v1/v1/partners', keys.secretKey)).body.error).toEqual({ code: 'not_found', message: "No route for GET /v1/v1/partners: the base URL is the server's address without /v1" })
    expect((await call('/v1/partnerz', keys.secretKey)).body.error.message).toBe('No route for GET /v1/partnerz')
  })

  it('a click id that only starts like one says what an id looks like', async () => {
    const lead = await call('/v1/track/lead', keys.secretKey, { customerExternalId: 'user_2', clickId: 'clk_nope' })
    expect(lead.body.error).toEqual({ code: 'invalid_request', field: 'clickId', message: 'clickId: must be a clk_ id as Afflio returns it (clk_ and 24 lower-case letters and digits)' })
  })
})
