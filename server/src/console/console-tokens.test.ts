import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('console tokens on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let secretKey: string
  const sdk = (key: string) => new Afflio({ secretKey: key, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    secretKey = (await ctx.createProgram({ name: 'Acme' })).secretKey
    afflio = sdk(secretKey)
  })
  afterAll(() => ctx.close())

  it('lets a manager run the program API from the browser, without key management', async () => {
    const { token, expiresAt } = await afflio.consoleTokens.create({ manager: 'ops@acme.test', ttlSeconds: 600 })
    expect(token).toMatch(/^ct_/)
    expect(expiresAt).toBe(new Date(ctx.clock.now().getTime() + 600_000).toISOString())
    const manager = sdk(token)
    expect((await manager.program.get()).name).toBe('Acme')
    await manager.partners.create({ email: 'p@x.test' })
    expect((await manager.partners.list()).data).toHaveLength(1)
    await expect(manager.keys.create()).rejects.toMatchObject({ status: 403, code: 'forbidden' })
    await expect(manager.keys.list()).rejects.toMatchObject({ status: 403 })
    await expect(manager.consoleTokens.create({ manager: 'x' })).rejects.toMatchObject({ status: 403 })
    // Stored hashed, expires, and never crosses programs.
    expect(JSON.stringify(await ctx.db.selectFrom('console_tokens').selectAll().execute())).not.toContain(token)
    const other = sdk((await ctx.createProgram({ name: 'Other' })).secretKey)
    const otherToken = (await other.consoleTokens.create({ manager: 'o' })).token
    expect((await sdk(otherToken).partners.list()).data).toEqual([])
    ctx.clock.advanceDays(1)
    await expect(manager.program.get()).rejects.toMatchObject({ status: 401, code: 'token_expired' })
    await expect(sdk('ct_forged').program.get()).rejects.toMatchObject({ status: 401, code: 'unauthorized' })
    await expect(afflio.consoleTokens.create({ manager: 'x', ttlSeconds: 10 })).rejects.toMatchObject({ status: 400 })
  })

  it('answers /console/v1 a malformed token with 401, and an API key (a credential of the wrong kind) with 403', async () => {
    const call = (token: string) => ctx.app.request('/console/v1/partners', { headers: { authorization: `Bearer ${token}` } })
    for (const token of ['garbage', 'ct', 'Bearer', 'prt_00000000000000000000000000']) {
      const res = await call(token)
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], token).toEqual([401, 'unauthorized'])
    }
    for (const token of [secretKey, 'sk_live_unknown', 'pk_live_unknown']) {
      const res = await call(token)
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], token).toEqual([403, 'forbidden'])
    }
    expect((await ctx.app.request('/console/v1/partners')).status).toBe(401)
  })

  it("replays an Idempotency-Key's answer only to the credential that sent it", async () => {
    const post = (key: string, path: string, body: object, idempotencyKey = 'rotate-2026-12') =>
      ctx.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey }, body: JSON.stringify(body) })
    const first = await post(secretKey, '/v1/keys', {})
    expect(first.status).toBe(201)
    expect((await post(secretKey, '/v1/keys', {})).headers.get('idempotent-replayed')).toBe('true')
    // A console token may not create keys: the secret key's answer (a new secret key) is not its to replay.
    const ops = (await afflio.consoleTokens.create({ manager: 'ops@acme.test' })).token
    const refused = await post(ops, '/v1/keys', {})
    expect([refused.status, refused.headers.get('idempotent-replayed')]).toEqual([403, null])
    expect(await refused.text()).not.toContain('sk_')
    // Nor one manager what another was answered.
    const made = await post(ops, '/v1/partners', { email: 'kept@partners.test' }, 'partner-1')
    expect(made.status).toBe(201)
    const other = (await afflio.consoleTokens.create({ manager: 'finance@acme.test' })).token
    const again = await post(other, '/v1/partners', { email: 'kept@partners.test' }, 'partner-1')
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([409, null])
  })
})
