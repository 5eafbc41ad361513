// A new partner signing in on two tabs at once (issue 12's load found it): the host's backend mints two
// embed tokens for one new externalId at the same time, on Postgres in two processes. Both must name one
// partner. The lost race used to answer 409 when the other mint committed between the lookup by externalId
// and the lookup by email: the email then belonged to a partner with an externalId, its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('embed tokens minted at once for one new partner on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterEach(() => ctx.close())

  it('name one partner, whichever commits first', async () => {
    const { secretKey } = await ctx.createProgram({ currency: 'USD' })
    const mint = (externalId: string) =>
      ctx.app.request('/v1/embed-tokens', {
        method: 'POST',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalId, email: `${externalId}@partner.test` }),
      })
    // Many sign-ins, each on several tabs, all at once: the interleavings a pool of connections produces.
    const users = Array.from({ length: 40 }, (_, i) => `user-${i}`)
    const answers = await Promise.all(users.flatMap((u) => [mint(u), mint(u), mint(u)]))
    const bodies = (await Promise.all(answers.map(async (a) => ({ status: a.status, body: (await a.json()) as { partnerId?: string } }))))
    expect(bodies.filter((b) => b.status !== 201)).toEqual([])
    for (const [i, u] of users.entries()) {
      const ids = new Set(bodies.slice(i * 3, i * 3 + 3).map((b) => b.body.partnerId))
      expect(ids.size, u).toBe(1)
    }
    const partners = await ctx.db.selectFrom('partners').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()
    expect(Number(partners.n)).toBe(users.length)
  })
})
