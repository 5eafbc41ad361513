// Link codes are one per program whatever their case (people retype them from podcasts and print): every
// way a link is made refuses a code another link of the program has in another case, with the usual 409,
// and keeps the code as it was typed. Another program may hold the same code.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('link codes in any case on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let other: Afflio
  let alice: string

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const sdkFor = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AfflioApiError)
  const codes = async () => (await afflio.links.list({ limit: 100 })).data.map((l) => l.code).sort()

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    afflio = sdkFor((await ctx.createProgram({ name: 'Acme' })).secretKey)
    other = sdkFor((await ctx.createProgram({ name: 'Other' })).secretKey)
    alice = (await afflio.partners.create({ email: 'alice@partners.test', linkCode: 'Alice' })).id
  })
  afterAll(() => ctx.close())

  it('refuses a new link whose code differs from another link’s only by case, keeping the case it was given', async () => {
    const bob = (await afflio.partners.create({ email: 'bob@partners.test', linkCode: 'BOB' })).id
    for (const code of ['alice', 'ALICE', 'aLiCe']) {
      expect(await failure(afflio.links.create({ partnerId: bob, code }))).toMatchObject({ status: 409, code: 'conflict', field: 'code', message: `Link code ${code} is taken` })
      // The partner holding it cannot have it twice either.
      expect(await failure(afflio.links.create({ partnerId: alice, code }))).toMatchObject({ status: 409, field: 'code' })
    }
    expect(await failure(afflio.partners.create({ email: 'carl@partners.test', linkCode: 'bob' }))).toMatchObject({ status: 409, code: 'conflict', field: 'linkCode' })
    expect(await codes()).toEqual(['Alice', 'BOB'])

    // A code of its own is taken as typed; the same letters are free in another program.
    expect((await afflio.links.create({ partnerId: bob, code: 'Bob-Podcast' })).code).toBe('Bob-Podcast')
    expect((await other.partners.create({ email: 'alice@partners.test', linkCode: 'ALICE' })).links[0]!.code).toBe('ALICE')
    expect(await codes()).toEqual(['Alice', 'BOB', 'Bob-Podcast'])
  })

  it('refuses it in the portal too', async () => {
    const { token } = await afflio.embedTokens.create({ partnerId: alice })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await failure(portal.links.create({ code: 'bob-podcast' }))).toMatchObject({ status: 409, code: 'conflict', field: 'code' })
    expect((await portal.links.create({ code: 'alice-Blog' })).code).toBe('alice-Blog')
    expect(await failure(portal.links.create({ code: 'ALICE-BLOG' }))).toMatchObject({ status: 409, field: 'code' })
  })

  it('refuses it in an import, against the program’s links and within the file', async () => {
    const acceptUrl = 'https://app.example.com/join'
    const err = await failure(
      afflio.partners.import({
        rows: [
          { email: 'dan@partners.test', linkCode: 'dan' },
          { email: 'eve@partners.test', linkCode: 'DAN' },
          { email: 'fay@partners.test', linkCode: 'alice' },
        ],
        acceptUrl,
      }),
    )
    expect(err).toMatchObject({ status: 400, field: 'rows' })
    expect(err!.details).toEqual([
      { line: 2, field: 'linkCode', message: 'repeats line 1' },
      { line: 3, field: 'linkCode', message: "alice is already another partner's link code" },
    ])
    const done = await afflio.partners.import({ rows: [{ email: 'dan@partners.test', linkCode: 'Dan' }], acceptUrl })
    expect((await afflio.partners.get(done.rows[0]!.partnerId!)).links.map((l) => l.code)).toEqual(['Dan'])
  })

  it('lets one of two links created at once with codes differing by case win: the unique index decides', async () => {
    const results = await Promise.allSettled(['zed', 'ZED', 'Zed'].map((code) => afflio.links.create({ partnerId: alice, code })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, field: 'code' })
  })
  it("records who made a link for a partner, with its code and destination, in the audit log; a refused one records nothing", async () => {
    // A link earns its partner every click and sale through it: making one for a partner must name who did it.
    const dana = sdkFor((await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token)
    const link = await dana.links.create({ partnerId: alice, code: 'AliceSpring', destinationUrl: 'https://acme.test/spring' })
    expect(await failure(dana.links.create({ partnerId: alice, code: 'alicespring' }))).toMatchObject({ status: 409 })
    const log = (await afflio.auditLog.list({ action: 'link.created', actorKind: 'console' })).data
    expect(log).toMatchObject([
      { actor: { kind: 'console', id: 'dana@acme.test' }, subject: { type: 'link', id: link.id }, before: null, after: { partnerId: alice, code: 'AliceSpring', destinationUrl: 'https://acme.test/spring' } },
    ])
  })
})
