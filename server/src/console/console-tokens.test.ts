import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('console tokens on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  const sdk = (key: string) => new Afflio({ secretKey: key, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    afflio = sdk((await ctx.createProgram({ name: 'Acme' })).secretKey)
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
})
