// The program's side of links carries the share URL the portal shows (partners/share-url.ts decides it for
// both): a new partner's first link, a link the program makes, GET /v1/links, GET /v1/partners/:id and an
// approved application, so a program owner never assembles `https://site/?ref=CODE` by hand.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)("the program's links and their share URL on %s", (dialect) => {
  let ctx: TestContext
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  let acme: Afflio

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    acme = sdk((await ctx.createProgram({ siteUrl: 'https://acme.test/shop' })).secretKey)
  })
  afterAll(() => ctx.close())

  it('gives every link the program reads or makes the URL the portal shows for it', async () => {
    const partner = await acme.partners.create({ email: 'alice@partner.test', linkCode: 'ALICE' })
    expect(partner.links[0]!.url).toBe('https://acme.test/shop?ref=ALICE')
    ctx.clock.advanceDays(1) // ids order by time: the second link is the newer
    const page = await acme.links.create({ partnerId: partner.id, code: 'ALICE-SPRING', destinationUrl: 'https://acme.test/spring?plan=pro' })
    expect(page.url).toBe('https://acme.test/spring?plan=pro&ref=ALICE-SPRING')

    const listed = (await acme.links.list({ partnerId: partner.id })).data
    expect(Object.fromEntries(listed.map((l) => [l.code, l.url]))).toEqual({ ALICE: 'https://acme.test/shop?ref=ALICE', 'ALICE-SPRING': page.url })
    expect((await acme.partners.get(partner.id)).links.map((l) => l.url)).toEqual(['https://acme.test/shop?ref=ALICE', page.url])

    // The same URL the partner sees in the portal, link for link.
    const { token } = await acme.embedTokens.create({ partnerId: partner.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    const shown = (await portal.links.list()).data
    expect(shown.map((l) => [l.code, l.url]).sort()).toEqual(listed.map((l) => [l.code, l.url]).sort())
  })

  it('follows the site URL as it changes, and is null while a link has neither a destination nor a site', async () => {
    const partner = await acme.partners.create({ email: 'bob@partner.test', linkCode: 'BOB' })
    const away = await acme.links.create({ partnerId: partner.id, code: 'BOB-STORE', destinationUrl: 'https://partner-store.example/acme' })
    await acme.settings.update({ siteUrl: 'https://www.acme.test' })
    const urls = async () => Object.fromEntries((await acme.links.list({ partnerId: partner.id })).data.map((l) => [l.code, l.url]))
    expect(await urls()).toEqual({ BOB: 'https://www.acme.test/?ref=BOB', 'BOB-STORE': 'https://partner-store.example/acme?ref=BOB-STORE' })
    await acme.settings.update({ siteUrl: null })
    expect(await urls()).toEqual({ BOB: null, 'BOB-STORE': away.url })
    expect((await acme.partners.create({ email: 'cy@partner.test', linkCode: 'CY' })).links[0]!.url).toBeNull()
    await acme.settings.update({ siteUrl: 'https://acme.test/shop' })
  })

  it("answers an approved application's partner, and its approval again, with its link's URL", async () => {
    const { id } = await acme.applications.create({ email: 'dee@partner.test', name: 'Dee' })
    const { partner } = await acme.applications.approve(id)
    expect(partner.links[0]!.url).toBe(`https://acme.test/shop?ref=${partner.links[0]!.code}`)
    expect((await acme.applications.approve(id)).partner.links).toEqual(partner.links)
  })
})
