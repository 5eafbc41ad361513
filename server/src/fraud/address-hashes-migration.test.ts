// Migration 0059 on addresses kept as plain SHA-256 before keyed hashes: the clicks' address and visitor
// hashes, the partners' addresses and the failed-authentication buckets (named by the address itself) are
// dropped (a plain hash is undone by hashing every address); the partner_address rule learns the partner's
// address again from its next portal request.
import { Afflio } from '@afflio/sdk'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256 } from '../kernel/hash.ts'
import { up } from '../kernel/db/migrations/2026-12-07-0059-keyed-address-hashes.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0059 (keyed address hashes) on %s', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  it('drops the plain hashes of clicks and partners’ addresses; the partner is matched again once seen', async () => {
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    const ada = (await afflio.partners.create({ email: 'ada@partners.test', linkCode: 'ADA' })).id
    const home = '203.0.113.50'
    const portal = async () => {
      const { token } = await afflio.embedTokens.create({ partnerId: ada })
      expect((await ctx.app.request('/v1/portal/me', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': home } })).status).toBe(200)
    }
    const click = async (from = home) => {
      const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': from }, body: JSON.stringify({ key: keys.publishableKey, code: 'ADA' }) })
      return ((await res.json()) as { clickId: string }).clickId
    }
    // Rows as the plain hashes left them
    await portal()
    const old = await click()
    const plain = { address_hash: sha256(`${keys.program.id}|${home}`), visitor_hash: sha256(`${keys.program.id}|${home}|${BROWSER_UA}`) }
    await ctx.db.updateTable('clicks').set(plain).where('id', '=', old).execute()
    await ctx.db.updateTable('partner_addresses').set({ address_hash: plain.address_hash }).where('partner_id', '=', ada).execute()
    await ctx.db.insertInto('auth_failures').values({ kind: 'secret', address: home, tokens: 3, at_ms: ctx.clock.now().getTime() }).execute()

    await up(ctx.db as unknown as Kysely<any>)
    const row = await ctx.db.selectFrom('clicks').select(['address_hash', 'visitor_hash']).where('id', '=', old).executeTakeFirstOrThrow()
    expect(row.address_hash).toBeNull()
    expect(row.visitor_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row.visitor_hash).not.toBe(plain.visitor_hash)
    expect(await ctx.db.selectFrom('partner_addresses').selectAll().execute()).toEqual([])
    expect(await ctx.db.selectFrom('auth_failures').selectAll().execute()).toEqual([])

    // The old click is judged without its address; after the partner's next portal request, new clicks are
    let n = 0
    const flags = async (clickId: string) => {
      ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
      return (await afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor: 10_000, currency: 'USD', clickId })).commission!.fraudFlags
    }
    expect(await flags(old)).toEqual([])
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 3_600_000).toISOString())
    await portal()
    const fresh = await click()
    expect(fresh).not.toBe(old)
    expect(await flags(fresh)).toEqual([{ kind: 'partner_address', clickId: fresh }])
  })
})
