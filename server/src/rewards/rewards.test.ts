// Double-sided rewards through the API on a real database: the program's and a group's reward, their
// validation, the click's answer (CORS-open, public fields only) and the server-side read for checkout.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import type { TrackClickResult } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('referral rewards on %s', (dialect) => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  let afflio: Afflio

  const sdkFor = (secretKey: string) =>
    new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })

  const click = async (code: string, ip = '203.0.113.7', key = keys.publishableKey) => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip, origin: 'https://shop.test' },
      body: JSON.stringify({ key, code }),
    })
    return { status: res.status, cors: res.headers.get('access-control-allow-origin'), body: (await res.json()) as TrackClickResult }
  }

  const rejected = async (call: Promise<unknown>) => {
    const err = await call.then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(AfflioApiError)
    return err as AfflioApiError
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD' })
    afflio = sdkFor(keys.secretKey)
  })
  afterAll(() => ctx.close())

  it('answers a click with no reward while the program has none', async () => {
    await afflio.partners.create({ email: 'nora@example.com', name: 'Nora', linkCode: 'NORA' })
    const { status, body } = await click('NORA')
    expect(status).toBe(201)
    expect(body.reward).toBeNull()
    expect((await afflio.settings.get()).referralReward).toBeNull()
  })

  it("sets the program's reward in settings, with a derived label, and the click carries it with the partner's first name", async () => {
    const settings = await afflio.settings.update({ referralReward: { kind: 'percent', percentOffBps: 2000, stripeCouponId: 'AFF20' } })
    expect(settings.referralReward).toEqual({ kind: 'percent', percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: 'AFF20' })
    expect((await afflio.settings.get()).referralReward!.label).toBe('20% off')

    await afflio.partners.create({ email: 'alice.martin@example.com', name: 'Alice Martin', linkCode: 'ALICE' })
    const first = await click('ALICE')
    expect(first.status).toBe(201)
    expect(first.cors).toBe('*')
    // Public: the first name only, no coupon id, no email.
    expect(first.body.reward).toEqual({ kind: 'percent', percentOffBps: 2000, label: '20% off', partnerName: 'Alice' })
    const again = await click('ALICE')
    expect(again.status).toBe(200)
    expect(again.body.reward).toEqual(first.body.reward)
  })

  it("gives a group's partners the group's reward, and the program's again once it is cleared", async () => {
    const group = await afflio.groups.create({ name: 'Creators' })
    expect(group.referralReward).toBeNull()
    const updated = await afflio.groups.update(group.id, { referralReward: { kind: 'amount', amountOffMinor: 1500, currency: 'eur', label: '€15 off your first order' } })
    expect(updated.referralReward).toEqual({ kind: 'amount', amountOffMinor: 1500, currency: 'EUR', label: '€15 off your first order', labelSet: true, stripeCouponId: null })
    expect((await afflio.groups.list()).data.find((g) => g.id === group.id)!.referralReward!.kind).toBe('amount')

    const bea = await afflio.partners.create({ email: 'bea@example.com', name: 'Bea', linkCode: 'BEA' })
    await afflio.partners.update(bea.id, { groupId: group.id })
    expect((await click('BEA')).body.reward).toEqual({ kind: 'amount', amountOffMinor: 1500, currency: 'EUR', label: '€15 off your first order', partnerName: 'Bea' })

    const cleared = await afflio.groups.update(group.id, { referralReward: null })
    expect(cleared.referralReward).toBeNull()
    // Another link of the same group (a link's answer is cached for 5 s): the program's reward applies again.
    const cai = await afflio.partners.create({ email: 'cai@example.com', name: 'Cai', linkCode: 'CAI' })
    await afflio.partners.update(cai.id, { groupId: group.id })
    expect((await click('CAI')).body.reward).toMatchObject({ kind: 'percent', label: '20% off', partnerName: 'Cai' })

    const log = await afflio.auditLog.list({ action: 'group.changed' })
    expect(log.data).toHaveLength(2)
  })

  it('refuses rewards out of bounds with a 400 naming the field, and saves nothing', async () => {
    const bad = [
      { kind: 'percent', percentOffBps: 50 },
      { kind: 'percent', percentOffBps: 10_001 },
      { kind: 'percent', percentOffBps: 20.5 },
      { kind: 'amount', amountOffMinor: 0, currency: 'USD' },
      { kind: 'amount', amountOffMinor: 100, currency: 'XXX' },
      { kind: 'amount', amountOffMinor: 100 },
      { kind: 'trial', trialDays: 0 },
      { kind: 'trial', trialDays: 366 },
      { kind: 'trial', trialDays: 30, stripeCouponId: 'TRIAL' },
      { kind: 'percent', percentOffBps: 2000, label: 'x'.repeat(61) },
      { kind: 'percent', percentOffBps: 2000, stripeCouponId: 'not a coupon' },
      { kind: 'free_money' },
    ]
    for (const referralReward of bad) {
      const err = await rejected(afflio.settings.update({ referralReward } as never))
      expect(err.status, JSON.stringify(referralReward)).toBe(400)
      expect(err.code).toBe('invalid_request')
    }
    expect((await afflio.settings.get()).referralReward).toMatchObject({ percentOffBps: 2000 })
    const group = await afflio.groups.create({ name: 'Bad' })
    expect((await rejected(afflio.groups.update(group.id, { referralReward: { kind: 'trial', trialDays: 400 } }))).status).toBe(400)
    expect((await rejected(afflio.groups.update('grp_0000000000000000000000zzzz', { name: 'X' }))).status).toBe(404)
    expect((await rejected(afflio.groups.update(group.id, { name: 'Creators' }))).status).toBe(409)
  })

  it('reads a click\'s reward on the server with its coupon, for checkout; another program\'s click is 404', async () => {
    const { body } = await click('ALICE', '198.51.100.9')
    expect(await afflio.track.reward(body.clickId)).toEqual({
      clickId: body.clickId,
      partnerId: body.partnerId,
      partnerName: 'Alice',
      reward: { kind: 'percent', percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: 'AFF20' },
    })
    const other = sdkFor((await ctx.createProgram({ name: 'Other' })).secretKey)
    expect((await rejected(other.track.reward(body.clickId))).status).toBe(404)
  })

  it("shows the program's reward on the marketplace, its page and application form, and a partner its group's in the portal", async () => {
    await afflio.marketplace.update({ listed: true, slug: 'acme', description: 'Analytics', category: 'saas' })
    const offer = { kind: 'percent', percentOffBps: 2000, label: '20% off', partnerName: null }
    const json = async (path: string) => (await ctx.app.request(path, { headers: { 'x-forwarded-for': '192.0.2.77' } })).json()
    expect(await json('/v1/marketplace/acme')).toMatchObject({ referralReward: offer })
    expect((await json('/v1/marketplace')).data[0]).toMatchObject({ slug: 'acme', referralReward: offer })
    expect((await json('/v1/programs/acme/application-form')).program).toMatchObject({ referralReward: offer })
    const html = await (await ctx.app.request('/marketplace/acme', { headers: { 'x-forwarded-for': '192.0.2.77' } })).text()
    expect(html).toContain('<p class="reward">Your referrals get 20% off</p>')

    const portalMe = async (partnerId: string) => {
      const { token } = await afflio.embedTokens.create({ partnerId })
      return (await ctx.app.request('/v1/portal/me', { headers: { authorization: `Bearer ${token}` } })).json()
    }
    const alice = (await afflio.partners.list({ q: 'alice.martin' })).data[0]!
    expect((await portalMe(alice.id)).referralReward).toEqual({ ...offer, partnerName: 'Alice' })
    const group = await afflio.groups.create({ name: 'Podcasters' })
    await afflio.groups.update(group.id, { referralReward: { kind: 'trial', trialDays: 14 } })
    await afflio.partners.update(alice.id, { groupId: group.id })
    expect((await portalMe(alice.id)).referralReward).toEqual({ kind: 'trial', trialDays: 14, label: '14 days free', partnerName: 'Alice' })
  })

  it('clears the program reward with null', async () => {
    expect((await afflio.settings.update({ referralReward: null })).referralReward).toBeNull()
    await afflio.partners.create({ email: 'dan@example.com', name: 'Dan', linkCode: 'DAN' })
    expect((await click('DAN')).body.reward).toBeNull()
  })
})
