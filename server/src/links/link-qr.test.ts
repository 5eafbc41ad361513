// A link's QR code over HTTP, through the SDK: the partner's own links only (embed token), any link of the
// program (secret key, console token), the share URL exactly as the portal shows it, sizes, revalidation.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import type { PortalLink } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { readSvg } from '../testing-qr.ts'

describe.each(dialects)("a link's QR code on %s", (dialect) => {
  let ctx: TestContext
  let a: Afflio
  let b: Afflio
  let alice: AfflioPortal
  let aliceToken = ''
  const links = { home: '', pricing: '', bob: '', carol: '' }
  const ids = { bob: '' }

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const raw = (path: string, token: string, headers: Record<string, string> = {}) => ctx.app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } })
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.unreachable('should have failed'),
      (e: unknown) => (expect(e).toBeInstanceOf(AfflioApiError), e as AfflioApiError),
    )

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    const pa = await ctx.createProgram({ name: 'Acme' })
    a = sdk(pa.secretKey)
    b = sdk((await ctx.createProgram({ name: 'Other' })).secretKey)
    const minted = await a.embedTokens.create({ externalId: 'u_alice', email: 'alice@partner.test' })
    aliceToken = minted.token
    alice = new AfflioPortal({ token: aliceToken, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    links.home = (await a.partners.get(minted.partnerId)).links[0]!.id
    // The program has no site URL yet: only it may choose a link's destination.
    links.pricing = (await a.links.create({ partnerId: minted.partnerId, destinationUrl: 'https://acme.test/pricing?plan=pro', code: 'ALICE-PRO' })).id
    const bob = await a.partners.create({ email: 'bob@partner.test', linkCode: 'BOB' })
    links.bob = bob.links[0]!.id
    ids.bob = bob.id
    links.carol = (await b.partners.create({ email: 'carol@partner.test', linkCode: 'CAROL' })).links[0]!.id
  })
  afterAll(() => ctx.close())

  it("encodes the partner's share URL, with the sub-id typed, as the portal shows it", async () => {
    const shown = (await alice.links.list()).data.find((l) => l.id === links.pricing)!
    expect(shown.url).toBe('https://acme.test/pricing?plan=pro&ref=ALICE-PRO')
    expect(readSvg(await alice.links.qrSvg(links.pricing))).toBe(shown.url)
    expect(readSvg(await alice.links.qrSvg(links.pricing, { sub: ' spring mail ' }))).toBe('https://acme.test/pricing?plan=pro&ref=ALICE-PRO&sub=spring+mail')
    // The origin stands in for the program's site only where the server knows no URL: here it has one.
    expect(readSvg(await alice.links.qrSvg(links.pricing, { origin: 'https://elsewhere.test' }))).toBe(shown.url)
  })

  it('a link with no URL known takes the origin of the page showing it, as the portal does', async () => {
    const home = (await alice.links.list()).data.find((l) => l.id === links.home) as PortalLink
    expect(home.url).toBeNull()
    const e = await failure(alice.links.qrSvg(links.home))
    expect(e).toMatchObject({ status: 400, code: 'invalid_request', field: 'origin' })
    expect(e.message).toContain("set siteUrl in the program's settings")
    expect(readSvg(await alice.links.qrSvg(links.home, { origin: 'https://shop.acme.test' }))).toBe(`https://shop.acme.test/?ref=${home.code}`)
    expect(readSvg(await alice.links.qrSvg(links.home, { origin: 'http://localhost:5173', sub: 'flyer' }))).toBe(`http://localhost:5173/?ref=${home.code}&sub=flyer`)
  })

  it("answers 404 for another partner's link, another program's, or none", async () => {
    for (const id of [links.bob, links.carol, 'lnk_00000000000000000000000000']) {
      expect(await failure(alice.links.qrSvg(id, { origin: 'https://acme.test' }))).toMatchObject({ status: 404, code: 'not_found' })
    }
    expect(await failure(b.links.qrSvg(links.bob, { origin: 'https://acme.test' }))).toMatchObject({ status: 404 })
    expect(await failure(b.links.qrSvg(links.pricing))).toMatchObject({ status: 404 })
    const res = await ctx.app.request(`/v1/portal/links/${links.pricing}/qr.svg`)
    expect(res.status).toBe(401)
  })

  it("gives the program any of its links, by secret key or console token", async () => {
    expect(readSvg(await a.links.qrSvg(links.bob, { origin: 'https://acme.test' }))).toBe('https://acme.test/?ref=BOB')
    expect(readSvg(await a.links.qrSvg(links.pricing, { sub: 'x' }))).toBe('https://acme.test/pricing?plan=pro&ref=ALICE-PRO&sub=x')
    const { token } = await a.consoleTokens.create({ manager: 'ops@acme.test' })
    const res = await raw(`/console/v1/links/${links.bob}/qr.svg?origin=https%3A%2F%2Facme.test`, token)
    expect(res.status).toBe(200)
    expect(readSvg(await res.text())).toBe('https://acme.test/?ref=BOB')
    expect((await raw(`/console/v1/links/${links.carol}/qr.svg?origin=https%3A%2F%2Facme.test`, token)).status).toBe(404)
  })

  it('is an SVG of the size asked, within bounds; bad queries answer 400 with the field', async () => {
    const res = await raw(`/v1/portal/links/${links.pricing}/qr.svg?size=512`, aliceToken)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'")
    const svg = await res.text()
    expect(svg).toMatch(/^<svg [^>]*width="512" height="512"/)
    expect(await alice.links.qrSvg(links.pricing)).toMatch(/^<svg [^>]*width="256" height="256"/)
    for (const [query, field] of [
      [{ size: 63 }, 'size'],
      [{ size: 2049 }, 'size'],
      [{ sub: 'x'.repeat(101) }, 'sub'],
      [{ origin: 'https://acme.test/path' }, 'origin'],
      [{ origin: 'javascript:alert(1)' }, 'origin'],
    ] as const) {
      expect(await failure(alice.links.qrSvg(links.home, query))).toMatchObject({ status: 400, field })
    }
  })

  it('revalidates by ETag: 304 for the code the client has, a new tag for another sub-id', async () => {
    const path = `/v1/portal/links/${links.pricing}/qr.svg?sub=a`
    const first = await raw(path, aliceToken)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    const again = await raw(path, aliceToken, { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toBe('')
    const other = await raw(`/v1/portal/links/${links.pricing}/qr.svg?sub=b`, aliceToken, { 'if-none-match': etag })
    expect(other.status).toBe(200)
    expect(other.headers.get('etag')).not.toBe(etag)
  })

  it("once the program sets its site URL, a link without a destination encodes it, no origin needed", async () => {
    const code = (await alice.links.list()).data.find((l) => l.id === links.home)!.code
    const before = await raw(`/v1/portal/links/${links.home}/qr.svg?origin=https%3A%2F%2Fshop.acme.test`, aliceToken)
    const etag = before.headers.get('etag')!
    try {
      await a.settings.update({ siteUrl: 'https://acme.test/app' })
      expect((await alice.links.list()).data.find((l) => l.id === links.home)!.url).toBe(`https://acme.test/app?ref=${code}`)
      expect(readSvg(await alice.links.qrSvg(links.home))).toBe(`https://acme.test/app?ref=${code}`)
      expect(readSvg(await a.links.qrSvg(links.home, { sub: 'flyer' }))).toBe(`https://acme.test/app?ref=${code}&sub=flyer`)
      // The origin stood in for the site: the site wins now, and a client's cached code is stale.
      const after = await raw(`/v1/portal/links/${links.home}/qr.svg?origin=https%3A%2F%2Fshop.acme.test`, aliceToken, { 'if-none-match': etag })
      expect(after.status).toBe(200)
      expect(readSvg(await after.text())).toBe(`https://acme.test/app?ref=${code}`)
    } finally {
      await a.settings.update({ siteUrl: null })
    }
  })

  it('answers 409 when the URL is too long for any QR code', async () => {
    const long = (await a.links.create({ partnerId: ids.bob, destinationUrl: `https://acme.test/${'p'.repeat(2000)}` })).id
    expect(readSvg(await a.links.qrSvg(long))).toMatch(/^https:\/\/acme\.test\/p+\?ref=/)
    expect(await failure(a.links.qrSvg(long, { sub: '€'.repeat(100) }))).toMatchObject({ status: 409, code: 'conflict' })
  })
})
