// A program's site URL over HTTP: set when the program is created (admin API) or in its settings (secret
// key); the share URL of a link without a destination; the host partners' own links must stay on, while
// the program's own API points a link at any https page; and migration 0057, which leaves existing
// programs without one.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import type { CreatedProgram } from '@afflio/sdk/types'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, createTestContext, dialects, type TestContext } from '../testing.ts'
import { readSvg } from '../testing-qr.ts'

describe.each(dialects)("a program's site URL on %s", (dialect) => {
  let ctx: TestContext
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const portalOf = async (afflio: Afflio, externalId: string) => {
    const { token } = await afflio.embedTokens.create({ externalId, email: `${externalId}@partner.test` })
    return new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  }
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.unreachable('should have failed'),
      (e: unknown) => (expect(e).toBeInstanceOf(AfflioApiError), e as AfflioApiError),
    )
  const admin = (body: unknown) =>
    ctx.app.request('/v1/admin/programs', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })

  let acme: Afflio
  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    const res = await admin({ name: 'Acme', currency: 'USD', siteUrl: 'HTTPS://www.Acme.test/' })
    expect(res.status).toBe(201)
    const created = (await res.json()) as CreatedProgram
    expect(created.program.siteUrl).toBe('https://www.acme.test')
    acme = sdk(created.secretKey)
  })
  afterAll(() => ctx.close())

  it('is set at creation, in one spelling, and read back with the program and its settings', async () => {
    expect((await acme.program.get()).siteUrl).toBe('https://www.acme.test')
    expect((await acme.settings.get()).siteUrl).toBe('https://www.acme.test')
    for (const siteUrl of ['http://acme.test', 'https://acme.test/?lang=en', 'acme.test', 'javascript:alert(1)']) {
      const res = await admin({ name: 'Bad', currency: 'USD', siteUrl })
      expect(res.status).toBe(400)
      expect((await res.json()).error).toMatchObject({ code: 'invalid_request', field: 'siteUrl' })
    }
  })

  it("a partner created as in the quickstart shares the site with ?ref=, and its QR code needs no origin", async () => {
    const portal = await portalOf(acme, 'u_quick')
    expect((await portal.me()).program.siteUrl).toBe('https://www.acme.test')
    const [link] = (await portal.links.list()).data
    expect(link!.destinationUrl).toBeNull()
    expect(link!.url).toBe(`https://www.acme.test/?ref=${link!.code}`)
    expect(readSvg(await portal.links.qrSvg(link!.id))).toBe(link!.url)
    expect(readSvg(await acme.links.qrSvg(link!.id, { sub: 'flyer' }))).toBe(`${link!.url}&sub=flyer`)
  })

  it("keeps a partner's own links on the site's host and its subdomains", async () => {
    const portal = await portalOf(acme, 'u_phish')
    const e = await failure(portal.links.create({ destinationUrl: 'https://evil-phish.example/login', code: 'a1-evil' }))
    expect(e).toMatchObject({ status: 400, code: 'invalid_request', field: 'destinationUrl' })
    expect(e.message).toBe("destinationUrl: must be a page of the program's site: on acme.test or its subdomains")
    for (const destinationUrl of ['https://acme.test.evil.example/', 'http://acme.test/pricing', 'https://user:pw@acme.test/']) {
      expect(await failure(portal.links.create({ destinationUrl }))).toMatchObject({ status: 400, field: 'destinationUrl' })
    }
    expect((await portal.links.list()).data.map((l) => l.code)).not.toContain('a1-evil')
    const blog = await portal.links.create({ destinationUrl: 'https://blog.acme.test/launch', code: 'a1-blog' })
    expect(blog.url).toBe('https://blog.acme.test/launch?ref=a1-blog')
    expect((await portal.links.create({ destinationUrl: 'https://acme.test/pricing?plan=pro' })).url).toMatch(/^https:\/\/acme\.test\/pricing\?plan=pro&ref=/)
  })

  it('lets the program point its own links at any https page, and nothing else', async () => {
    const partner = await acme.partners.create({ email: 'bob@partner.test' })
    const link = await acme.links.create({ partnerId: partner.id, destinationUrl: 'https://partner-store.example/acme', code: 'BOB-STORE' })
    expect(link.destinationUrl).toBe('https://partner-store.example/acme')
    for (const destinationUrl of ['javascript:alert(1)', 'http://partner-store.example/', 'ftp://acme.test/']) {
      expect(await failure(acme.links.create({ partnerId: partner.id, destinationUrl }))).toMatchObject({ status: 400, field: 'destinationUrl' })
    }
    expect((await acme.links.create({ partnerId: partner.id, destinationUrl: 'http://localhost:5173/pricing' })).destinationUrl).toBe('http://localhost:5173/pricing')
  })

  it('without a site URL: no share URL for a link without a destination, and partners choose no destination', async () => {
    const other = sdk((await ctx.createProgram({ name: 'Other' })).secretKey)
    expect((await other.settings.get()).siteUrl).toBeNull()
    const portal = await portalOf(other, 'u_other')
    const [home] = (await portal.links.list()).data
    expect(home!.url).toBeNull()
    const e = await failure(portal.links.create({ destinationUrl: 'https://other.test/pricing' }))
    expect(e).toMatchObject({ status: 400, field: 'destinationUrl' })
    expect(e.message).toContain('has not set its site URL')
    expect((await portal.links.create({ code: 'OTHER-2' })).url).toBeNull()
    const qr = await failure(portal.links.qrSvg(home!.id))
    expect(qr).toMatchObject({ status: 400, field: 'origin' })
    expect(qr.message).toContain("set siteUrl in the program's settings")

    // Set in the settings: the same links share it at once, and partners may link to its pages.
    const settings = await other.settings.update({ siteUrl: ' https://Other.test/shop/ ' })
    expect(settings.siteUrl).toBe('https://other.test/shop/')
    expect((await portal.links.list()).data.find((l) => l.id === home!.id)!.url).toBe(`https://other.test/shop/?ref=${home!.code}`)
    expect((await portal.links.create({ destinationUrl: 'https://other.test/pricing', code: 'OTHER-3' })).url).toBe('https://other.test/pricing?ref=OTHER-3')
    const [entry] = (await other.auditLog.list({ action: 'program.settings_changed' })).data
    expect(entry!.before).toMatchObject({ siteUrl: null })
    expect(entry!.after).toMatchObject({ siteUrl: 'https://other.test/shop/' })

    for (const siteUrl of ['http://other.test', 'https://other.test/#x', 'https://other.test/?a=1', 'https://me:pw@other.test/', '']) {
      expect(await failure(other.settings.update({ siteUrl }))).toMatchObject({ status: 400, code: 'invalid_request', field: 'siteUrl' })
    }
    expect((await other.settings.get()).siteUrl).toBe('https://other.test/shop/')
    expect((await other.settings.update({ siteUrl: null })).siteUrl).toBeNull()
    expect((await portal.links.list()).data.find((l) => l.id === home!.id)!.url).toBeNull()
  })
})

describe.each(dialects)('migration 0057 (program site URL) on %s', (dialect) => {
  let ctx: TestContext
  afterAll(() => ctx.close())

  it('leaves existing programs without a site URL', async () => {
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-07-0055-clicks-partner-time' })
    const db = ctx.db as unknown as Kysely<any>
    await db
      .insertInto('programs')
      .values({
        id: 'prg_01m8947y6aw43698cn92sft3', name: 'Old', currency: 'USD', attribution_window_days: 30, attribution_model: 'last_click',
        default_commission_type: 'percent', default_commission_value: 2000, holding_days: 30, second_tier_rate_bps: 0, payout_minimums: '{}',
        payout_schedule: null, automatic_payout_runs: 1, payout_provider: 'manual', stripe_webhook_secret: null, stripe_api_key: null, fraud_rules: '{}',
        coupon_policy: '{}', click_retention_days: 400, brand_color: null, referral_reward: null, created_at: '2026-10-01T00:00:00.000Z',
      })
      .execute()
    await ctx.migrateToLatest()
    expect(await db.selectFrom('programs').select(['id', 'site_url']).execute()).toEqual([{ id: 'prg_01m8947y6aw43698cn92sft3', site_url: null }])
  })
})
