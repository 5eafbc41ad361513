// A recruiter's override held with the commission it is a share of says so in words of its own: the hold
// reason of the recruited partner's commission (a customer's email, a click, a user agent) is that
// partner's, never shown to the recruiter. Through the SDK and the portal's HTTP API, on a real database.
import { AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('an override’s hold reason on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect })))
  afterEach(() => ctx.close())

  it('a self-referral held sale: the recruit’s commission names its customer, the recruiter’s override names none', async () => {
    const p = await payoutProgram(ctx, { holdingDays: 0, secondTierRateBps: 1000 })
    const rita = await p.partner('Rita')
    const bee = await p.partner('Bee')
    await p.afflio.partners.update(bee.id, { referredById: rita.id })
    const click = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-forwarded-for': '198.51.100.7', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' }, body: JSON.stringify({ key: p.keys.publishableKey, code: bee.code }) })
    const { clickId } = (await click.json()) as { clickId: string }
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
    const own = (await p.afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId, customerEmail: 'bee2@partners.test' })).commission!
    expect(own).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'self_referral', customerEmail: 'bee2@partners.test' } })

    const override = (await p.afflio.commissions.list({ partnerId: rita.id })).data[0]!
    expect(override).toMatchObject({ kind: 'override', sourceId: own.id, status: 'on_hold', amountMinor: 1000, holdReasonData: { kind: 'recruited', action: 'hold' } })
    expect(override.holdReason).toBe("held with the recruited partner's commission it is a share of")

    const { token } = await p.afflio.embedTokens.create({ partnerId: rita.id })
    const res = await ctx.app.request('/v1/portal/commissions', { headers: { authorization: `Bearer ${token}` } })
    const body = await res.text()
    expect(body).toContain(override.id)
    expect(body).not.toMatch(/bee2@|self-referral|self_referral/)
    // Nor in its explanation, which is told from the recruited partner's decision record
    const explained = await ctx.app.request(`/v1/portal/commissions/${override.id}/explanation`, { headers: { authorization: `Bearer ${token}` } })
    expect(explained.status).toBe(200)
    expect(await explained.text()).not.toMatch(/bee2@|self-referral|self_referral/)
    // The recruit's own portal still says why its commission is held
    const portal = new AfflioPortal({ token: (await p.afflio.embedTokens.create({ partnerId: bee.id })).token, baseUrl: 'http://afflio.test', fetch: ((i: string, init?: RequestInit) => ctx.app.request(i, init)) as typeof fetch, maxRetries: 0 })
    expect((await portal.commissions.list()).data[0]).toMatchObject({ id: own.id, holdReasonData: { kind: 'self_referral' } })

    // Released with it, the override is released too: still in words of its own
    await p.afflio.commissions.release(own.id, 'customer bee2@partners.test is a real customer')
    const released = (await p.afflio.commissions.list({ partnerId: rita.id })).data[0]!
    expect(released).toMatchObject({ status: 'approved', holdReasonData: { kind: 'recruited', action: 'release' } })
    expect(released.holdReason).toBe("released with the recruited partner's commission it is a share of")
    const after = await ctx.app.request('/v1/portal/commissions', { headers: { authorization: `Bearer ${token}` } })
    expect(await after.text()).not.toMatch(/bee2@|real customer/)
  })
})
