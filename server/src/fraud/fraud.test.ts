// The fraud rules through the API: each rule trips on what it should, and its setting (off, flag, hold)
// decides what the click endpoint answers and what the commission's record says.
import { Afflio, AfflioApiError, type Commission } from '@afflio/sdk'
import type { FraudRules } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { sha256 } from '../kernel/hash.ts'
import { secretBoxFor } from '../kernel/secrets.ts'
import { DEFAULT_FRAUD_RULES } from './fraud-rules.ts'

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'

describe.each(dialects)('fraud rules on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const nextIp = () => `198.51.100.${++ip % 250}`

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx?.close())

  const later = (seconds: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + seconds * 1000).toISOString())

  /** A program with partners ada, bob, cy and dee (links ADA, BOB, …) and its own fraud rules. */
  async function program(fraudRules: Partial<FraudRules> = {}) {
    const created = await ctx.createProgram({ defaultCommission: { type: 'percent', rateBps: 2000 } })
    const afflio = new Afflio({ secretKey: created.secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
    if (Object.keys(fraudRules).length) await afflio.settings.update({ fraudRules })
    const partners: Record<string, string> = {}
    for (const name of ['ada', 'bob', 'cy', 'dee']) partners[name] = (await afflio.partners.create({ email: `${name}@partners.test`, linkCode: name.toUpperCase() })).id
    const click = (code: string, { from = nextIp(), ua = BROWSER_UA } = {}) =>
      ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': ua, 'x-forwarded-for': from },
        body: JSON.stringify({ key: created.publishableKey, code }),
      })
    const clickId = async (code: string, opts: { from?: string; ua?: string } = {}) => {
      const res = await click(code, opts)
      expect(res.status).toBe(201)
      return ((await res.json()) as { clickId: string }).clickId
    }
    let n = 0
    /** A sale through a click, `after` seconds later (a minute: not too soon) */
    const sale = async (clickId: string, extra: { customerEmail?: string; customerExternalId?: string } = {}, after = 60): Promise<Commission> => {
      later(after)
      const r = await afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor: 10_000, currency: 'USD', clickId, ...extra })
      return r.commission!
    }
    const portal = async (partnerId: string, from: string, path = '/v1/portal/me', init: RequestInit = {}) => {
      const { token } = await afflio.embedTokens.create({ partnerId })
      return ctx.app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': from } })
    }
    return { ...created, afflio, partners, click, clickId, sale, portal }
  }

  it('settings: the defaults, a change of one rule keeps the others, bad values answer 400', async () => {
    const p = await program()
    expect((await p.afflio.settings.get()).fraudRules).toEqual(DEFAULT_FRAUD_RULES)
    expect(DEFAULT_FRAUD_RULES).toMatchObject({ bot: 'hold', clickBurst: 'hold', burstClicksPerMinute: 20, minSecondsToConvert: 10, fastConversion: 'flag' })
    await p.afflio.settings.update({ fraudRules: { bot: 'flag', minSecondsToConvert: 30 } })
    const after = await p.afflio.settings.update({ fraudRules: { existingCustomer: 'hold' }, holdingDays: 14 })
    expect(after.fraudRules).toEqual({ ...DEFAULT_FRAUD_RULES, bot: 'flag', minSecondsToConvert: 30, existingCustomer: 'hold' })
    expect(after.holdingDays).toBe(14)
    for (const fraudRules of [{ bot: 'maybe' }, { noSuchRule: 'off' }, { burstClicksPerMinute: 0 }, { minSecondsToConvert: 1.5 }]) {
      const err = await p.afflio.settings.update({ fraudRules } as never).catch((e: unknown) => e)
      expect(err, JSON.stringify(fraudRules)).toBeInstanceOf(AfflioApiError)
      expect((err as AfflioApiError).status).toBe(400)
    }
    expect((await p.afflio.settings.get()).fraudRules.existingCustomer).toBe('hold')
  })

  it('bot: not counted on hold (204, nothing stored), counted and flagged on flag, ignored when off', async () => {
    const p = await program()
    const clicks = () => ctx.db.selectFrom('clicks').select('id').where('program_id', '=', p.program.id).execute()
    for (const ua of [GOOGLEBOT, 'curl/8.5.0']) {
      const res = await p.click('ADA', { ua })
      expect(res.status, ua).toBe(204)
      expect(await res.text()).toBe('')
    }
    expect(await clicks()).toHaveLength(0)
    await p.clickId('ADA')
    expect(await clicks()).toHaveLength(1)

    await p.afflio.settings.update({ fraudRules: { bot: 'flag' } })
    const botClick = await p.clickId('BOB', { ua: GOOGLEBOT })
    const flagged = await p.sale(botClick)
    expect(flagged).toMatchObject({ status: 'pending', holdReasonData: null, fraudFlags: [{ kind: 'bot', clickId: botClick, userAgent: GOOGLEBOT }] })

    // A click counted while on flag: a commission recorded after the switch to hold is held.
    const another = await p.clickId('CY', { ua: GOOGLEBOT })
    await p.afflio.settings.update({ fraudRules: { bot: 'hold' } })
    const held = await p.sale(another)
    expect(held).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'bot', clickId: another }, holdReason: expect.stringContaining('bot click') })

    await p.afflio.settings.update({ fraudRules: { bot: 'off' } })
    expect((await p.sale(await p.clickId('DEE', { ua: GOOGLEBOT }))).fraudFlags).toEqual([])
  })

  it('click_burst: past the threshold from one address a minute, not counted on hold; flagged on flag', async () => {
    const p = await program({ burstClicksPerMinute: 3 })
    const from = nextIp()
    for (const code of ['ADA', 'BOB', 'CY']) expect((await p.click(code, { from })).status).toBe(201)
    expect((await p.click('DEE', { from })).status).toBe(204)
    expect((await p.click('DEE')).status).toBe(201) // another address
    later(120)
    expect((await p.click('ADA', { from, ua: `${BROWSER_UA} next` })).status).toBe(201) // the burst is over

    await p.afflio.settings.update({ fraudRules: { clickBurst: 'flag' } })
    const burst = nextIp()
    for (const code of ['ADA', 'BOB', 'CY']) await p.clickId(code, { from: burst })
    const fourth = await p.clickId('DEE', { from: burst })
    expect((await p.sale(fourth)).fraudFlags).toEqual([{ kind: 'click_burst', clickId: fourth, clicksPerMinute: 3 }])
  })

  it('fast_conversion: a sale under minSecondsToConvert after its click is flagged by default, held on hold', async () => {
    const p = await program()
    const quick = await p.clickId('ADA')
    expect(await p.sale(quick, {}, 3)).toMatchObject({ status: 'pending', fraudFlags: [{ kind: 'fast_conversion', clickId: quick, seconds: 3, minSeconds: 10 }] })
    expect((await p.sale(await p.clickId('BOB'), {}, 10)).fraudFlags).toEqual([])

    await p.afflio.settings.update({ fraudRules: { fastConversion: 'hold' } })
    const held = await p.sale(await p.clickId('CY'), {}, 1)
    expect(held).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'fast_conversion', seconds: 1 } })
    expect(held.holdReason).toMatch(/^too soon after the click: converted 1 s after click clk_\w+ \(under 10 s\)$/)
  })

  it('existing_customer: a customer known before the partner’s first click on it is flagged', async () => {
    const p = await program()
    await p.afflio.track.lead({ customerExternalId: 'u_known' }) // signed up on its own
    later(86_400)
    const click = await p.clickId('ADA')
    const c = await p.sale(click, { customerExternalId: 'u_known' })
    expect(c.fraudFlags).toEqual([{ kind: 'existing_customer', clickId: click, customerCreatedAt: expect.any(String), firstClickAt: expect.any(String) }])

    // A customer the partner brought, clicking again before buying: not "existing".
    const first = await p.clickId('BOB')
    later(60)
    await p.afflio.track.lead({ customerExternalId: 'u_new', clickId: first })
    later(86_400)
    const again = await p.clickId('BOB')
    expect((await p.sale(again, { customerExternalId: 'u_new' })).fraudFlags).toEqual([])
  })

  it('payout_email: the customer’s email is the partner’s PayPal address: held by default', async () => {
    const p = await program()
    const put = await p.portal(p.partners.ada!, '127.0.0.1', '/v1/portal/payout-details', { method: 'PUT', body: JSON.stringify({ method: 'paypal', email: 'ada.pays@gmail.com' }) })
    expect(put.status).toBe(200)
    const c = await p.sale(await p.clickId('ADA'), { customerEmail: 'AdaPays+shop@gmail.com' })
    expect(c).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'payout_email', customerEmail: 'adapays+shop@gmail.com' } })
    expect(c.fraudFlags).toEqual([c.holdReasonData])
    expect(c.holdReason).toBe("self-referral suspected: customer email adapays+shop@gmail.com is the partner's payout email")
    expect((await p.sale(await p.clickId('ADA'), { customerEmail: 'someone@else.test' })).status).toBe('pending')
  })

  it('partner_address: a click from an address the partner used the portal from is flagged', async () => {
    const p = await program()
    const home = nextIp()
    expect((await p.portal(p.partners.ada!, home)).status).toBe(200)
    const own = await p.clickId('ADA', { from: home })
    expect(await p.sale(own)).toMatchObject({ status: 'pending', fraudFlags: [{ kind: 'partner_address', clickId: own }] })
    expect((await p.sale(await p.clickId('ADA'))).fraudFlags).toEqual([]) // another address
    expect((await p.sale(await p.clickId('BOB', { from: home }))).fraudFlags).toEqual([]) // another partner's click
  })

  it('keeps visitors’ and partners’ addresses only as keyed hashes: no plain hash of any address to try every one against', async () => {
    const p = await program()
    const home = '203.0.113.77'
    expect((await p.portal(p.partners.ada!, home)).status).toBe(200)
    const own = await p.clickId('ADA', { from: home })
    const click = await ctx.db.selectFrom('clicks').select(['address_hash', 'visitor_hash']).where('id', '=', own).executeTakeFirstOrThrow()
    const seen = await ctx.db.selectFrom('partner_addresses').select('address_hash').where('partner_id', '=', p.partners.ada!).execute()
    // What a reader of the database would try: every address, hashed with the program as it was
    const plain = [sha256(`${p.program.id}|${home}`), sha256(`${p.program.id}|${home}|${BROWSER_UA}`)]
    for (const stored of [click.address_hash, click.visitor_hash, ...seen.map((s) => s.address_hash)]) {
      expect(stored).toMatch(/^[0-9a-f]{64}$/)
      expect(plain).not.toContain(stored)
    }
    // The deployment's keyed hash (an HMAC under a key derived from the encryption key), the same for the click and the portal
    const keyed = secretBoxFor(ctx.db).keyedHash
    expect(seen).toEqual([{ address_hash: keyed(`address|${p.program.id}|${home}`) }])
    expect(click).toEqual({ address_hash: seen[0]!.address_hash, visitor_hash: keyed(`visitor|${p.program.id}|${home}|${BROWSER_UA}`) })
  })

  it('self_referral: held by default as before; flag records it pending; off ignores it', async () => {
    const p = await program()
    const email = { customerEmail: 'ada@partners.test' }
    expect(await p.sale(await p.clickId('ADA'), email)).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'self_referral', match: 'own_address' } })
    await p.afflio.settings.update({ fraudRules: { selfReferral: 'flag' } })
    expect(await p.sale(await p.clickId('ADA'), email)).toMatchObject({ status: 'pending', holdReasonData: null, fraudFlags: [{ kind: 'self_referral' }] })
    await p.afflio.settings.update({ fraudRules: { selfReferral: 'off' } })
    expect(await p.sale(await p.clickId('ADA'), email)).toMatchObject({ status: 'pending', fraudFlags: [] })
  })

  it('the record: flags stay after a release, the recruiter’s override carries them, ?flagged=true lists them, partners do not see them', async () => {
    const p = await program({ fastConversion: 'hold' })
    await p.afflio.settings.update({ secondTierRateBps: 1000 })
    await p.afflio.partners.update(p.partners.ada!, { referredById: p.partners.bob! })
    const held = await p.sale(await p.clickId('ADA'), {}, 2)
    expect(held.status).toBe('on_hold')
    const released = await p.afflio.commissions.release(held.id, 'checked with the customer')
    expect(released).toMatchObject({ status: 'pending', holdReasonData: { kind: 'action', action: 'release' }, fraudFlags: held.fraudFlags })
    const clean = await p.sale(await p.clickId('CY'))

    const flagged = (await p.afflio.commissions.list({ flagged: true })).data
    expect(flagged.map((c) => c.kind).sort()).toEqual(['override', 'sale'])
    expect(flagged.every((c) => c.fraudFlags[0]?.kind === 'fast_conversion')).toBe(true)
    expect((await p.afflio.commissions.list({ flagged: false })).data.map((c) => c.id)).toEqual([clean.id])

    const res = await p.portal(p.partners.ada!, '127.0.0.1', '/v1/portal/commissions')
    const [mine] = ((await res.json()) as { data: Record<string, unknown>[] }).data
    expect(mine).toMatchObject({ id: held.id })
    expect(mine).not.toHaveProperty('fraudFlags')
  })
})
