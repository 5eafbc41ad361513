// The Stripe coupon of a reward against a local Stripe that answers with recorded responses
// (fixtures/): the form Stripe gets, the id kept in the reward, a retry's idempotency, and refusals.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { json, localServer, type Recorded } from '../testing-payouts.ts'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>

describe.each(dialects)('the Stripe coupon of a reward on %s', (dialect) => {
  let ctx: TestContext
  let stripe: Awaited<ReturnType<typeof localServer>>
  let afflio: Afflio
  const coupons = new Map<string, string>() // idempotency key -> coupon id, as Stripe replays

  const rejected = async (call: Promise<unknown>) => {
    const err = await call.then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(AfflioApiError)
    return err as AfflioApiError
  }

  beforeAll(async () => {
    stripe = await localServer((req: Recorded, res) => {
      if (req.headers.authorization !== 'Bearer sk_test_platform0001') return json(res, 401, fixture('coupon.invalid-key'))
      const key = String(req.headers['idempotency-key'])
      const id = coupons.get(key) ?? `AFF${coupons.size + 1}`
      coupons.set(key, id)
      json(res, 200, { ...fixture('coupon.created'), id })
    })
    ctx = await createTestContext({ dialect, stripe: { baseUrl: stripe.url } })
    afflio = new Afflio({ secretKey: (await ctx.createProgram({ name: 'Acme' })).secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
  })
  afterAll(async () => {
    await ctx.close()
    await stripe.close()
  })

  it('needs Stripe connected and a discount reward', async () => {
    await afflio.settings.update({ referralReward: { kind: 'percent', percentOffBps: 2000 } })
    expect(await rejected(afflio.settings.createRewardCoupon())).toMatchObject({ status: 409, field: 'stripeApiKey' })
    await afflio.settings.update({ stripeApiKey: 'sk_test_platform0001', referralReward: { kind: 'trial', trialDays: 30 } })
    expect((await rejected(afflio.settings.createRewardCoupon())).status).toBe(400)
    const group = await afflio.groups.create({ name: 'Plain' })
    expect((await rejected(afflio.settings.createRewardCoupon({ groupId: group.id }))).status).toBe(409)
    expect((await rejected(afflio.settings.createRewardCoupon({ groupId: 'grp_00000000000000000000zzzz' }))).status).toBe(404)
    expect(stripe.requests).toHaveLength(0)
  })

  it("makes the program's coupon once, keeps its id in the reward, and the click's checkout read gets it", async () => {
    await afflio.settings.update({ referralReward: { kind: 'percent', percentOffBps: 1250, label: 'Spring deal for readers of our partners' } })
    const reward = await afflio.settings.createRewardCoupon()
    expect(reward).toEqual({ kind: 'percent', percentOffBps: 1250, label: 'Spring deal for readers of our partners', labelSet: true, stripeCouponId: 'AFF1' })
    const [call] = stripe.requests
    expect(call!.method).toBe('POST')
    expect(call!.url).toBe('/v1/coupons')
    expect(Object.fromEntries(new URLSearchParams(call!.body))).toEqual({ percent_off: '12.5', duration: 'once', name: 'Spring deal for readers of our partners'.slice(0, 40), 'metadata[afflio_program_id]': expect.stringMatching(/^prg_/) })
    expect((await afflio.settings.get()).referralReward!.stripeCouponId).toBe('AFF1')
    // The same reward again: Stripe sees the same Idempotency-Key and makes no second coupon.
    await afflio.settings.update({ referralReward: { kind: 'percent', percentOffBps: 1250, label: 'Spring deal for readers of our partners' } })
    expect((await afflio.settings.createRewardCoupon()).stripeCouponId).toBe('AFF1')
    expect(stripe.requests[1]!.headers['idempotency-key']).toBe(call!.headers['idempotency-key'])
  })

  it("makes a group's coupon for an amount, in the group's reward; the log says who", async () => {
    const group = await afflio.groups.create({ name: 'Creators' })
    await afflio.groups.update(group.id, { referralReward: { kind: 'amount', amountOffMinor: 1500, currency: 'EUR' } })
    const reward = await afflio.settings.createRewardCoupon({ groupId: group.id })
    expect(reward).toMatchObject({ kind: 'amount', label: '15.00 EUR off', labelSet: false, stripeCouponId: 'AFF2' })
    expect(Object.fromEntries(new URLSearchParams(stripe.requests.at(-1)!.body))).toMatchObject({ amount_off: '1500', currency: 'eur', 'metadata[afflio_group_id]': group.id })
    expect((await afflio.groups.list()).data.find((g) => g.id === group.id)!.referralReward!.stripeCouponId).toBe('AFF2')
    expect((await afflio.auditLog.list({ action: 'group.changed' })).data[0]!.after).toMatchObject({ referralReward: { stripeCouponId: 'AFF2' } })
  })

  it("says Stripe's refusal and keeps no coupon", async () => {
    await afflio.settings.update({ stripeApiKey: 'sk_test_wrongkey0001', referralReward: { kind: 'percent', percentOffBps: 3000 } })
    const err = await rejected(afflio.settings.createRewardCoupon())
    expect(err.status).toBe(409)
    expect(err.message).toContain('Invalid API Key provided')
    expect((await afflio.settings.get()).referralReward!.stripeCouponId).toBeNull()
  })
})
