// A `?ref=` in any case finds its link: `alice` is the link `ALICE` (people retype codes from podcasts and
// print). The click, its reload, the sale it earns and a recruiting link's `via` all go to that link's
// partner, in its own program only.
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('referral codes in any case on %s', (dialect) => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  let otherKeys: { publishableKey: string; secretKey: string }
  let afflio: Afflio
  let alice: { id: string; linkId: string }

  const sdkFor = (secretKey: string) =>
    new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
  const click = async (code: string, ip: string, key = keys.publishableKey) => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
      body: JSON.stringify({ key, code, url: `https://acme.test/?ref=${code}` }),
    })
    return { status: res.status, body: await res.json() }
  }
  const linkOfClick = async (clickId: string) => (await ctx.db.selectFrom('clicks').select('link_id').where('id', '=', clickId).executeTakeFirstOrThrow()).link_id

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    otherKeys = await ctx.createProgram({ name: 'Other', currency: 'USD' })
    afflio = sdkFor(keys.secretKey)
    const partner = await afflio.partners.create({ email: 'alice@partners.test', linkCode: 'ALICE' })
    alice = { id: partner.id, linkId: partner.links[0]!.id }
  })
  afterAll(() => ctx.close())

  it('attributes a click with the code in another case to the link, and its sale to the partner', async () => {
    const first = await click('alice', '203.0.113.1')
    expect(first).toMatchObject({ status: 201, body: { partnerId: alice.id, duplicate: false } })
    expect(await linkOfClick(first.body.clickId)).toBe(alice.linkId)

    // The same visitor back through `?ref=Alice`: the same link, so a reload of the same click.
    const again = await click('Alice', '203.0.113.1')
    expect(again).toMatchObject({ status: 200, body: { clickId: first.body.clickId, duplicate: true } })

    const sale = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId: first.body.clickId })
    expect(sale.commission).toMatchObject({ partnerId: alice.id, amountMinor: 2000 })
    // The link keeps the code as it was created.
    expect((await afflio.links.list({ partnerId: alice.id })).data.map((l) => l.code)).toEqual(['ALICE'])
  })

  it('finds the link by every case of its code, one after another', async () => {
    for (const [i, code] of ['ALICE', 'alice', 'aLIce', 'ALICE'].entries()) {
      const { status, body } = await click(code, `198.51.100.${i + 1}`)
      expect(status).toBe(201)
      expect(await linkOfClick(body.clickId)).toBe(alice.linkId)
    }
  })

  it('finds the link by its code with spaces around it, as the script sends `?ref=alice%20`', async () => {
    const first = await click('alice ', '198.51.100.21')
    expect(first).toMatchObject({ status: 201, body: { partnerId: alice.id, duplicate: false } })
    expect(await linkOfClick(first.body.clickId)).toBe(alice.linkId)
    // The same visitor through `?ref=%20ALICE`: the same link, so a reload of that click.
    expect(await click(' ALICE', '198.51.100.21')).toMatchObject({ status: 200, body: { clickId: first.body.clickId, duplicate: true } })
    // Only spaces around it: a code with a space inside is still no code.
    expect((await click('al ice', '198.51.100.22')).status).toBe(400)
  })

  it('keeps a code being created exactly as typed: spaces around it are refused, not dropped', async () => {
    const partner = await afflio.partners.create({ email: 'bob@partners.test' })
    const made = await ctx.app.request('/v1/links', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partnerId: partner.id, code: ' BOB' }),
    })
    expect(made.status).toBe(400)
    expect(await made.json()).toMatchObject({ error: { code: 'invalid_request', field: 'code' } })
  })

  it('answers 404 for another program’s code in any case, and for a code no link has', async () => {
    expect((await click('alice', '192.0.2.1', otherKeys.publishableKey)).status).toBe(404)
    expect((await click('alicia', '192.0.2.2')).status).toBe(404)
  })

  it("takes a recruiting link's code in any case", async () => {
    const application = await afflio.applications.create({ email: 'recruit@partners.test', via: 'aLiCe' })
    const { partner } = await afflio.applications.approve(application.id)
    expect(partner.referredById).toBe(alice.id)
  })
})
