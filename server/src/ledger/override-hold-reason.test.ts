// A recruiter's override held with the commission it is a share of says so in words of its own: the hold
// reason of the recruited partner's commission (a customer's email, a click, a user agent) is that
// partner's, never shown to the recruiter. Through the SDK and the portal's HTTP API, on a real database.
import { AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { recruiterProgram } from '../testing-recruits.ts'

describe.each(dialects)('an override’s hold reason on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect })))
  afterEach(() => ctx.close())

  it('a self-referral held sale: the recruit’s commission names its customer, the recruiter’s override names none', async () => {
    const p = await recruiterProgram(ctx)
    const clickId = await p.clickRecruit()
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
    const own = (await p.afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId, customerEmail: 'bee2@partners.test' })).commission!
    expect(own).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'self_referral', customerEmail: 'bee2@partners.test' } })

    const override = await p.recruiterRow()
    expect(override).toMatchObject({ kind: 'override', sourceId: own.id, status: 'on_hold', amountMinor: 1000, holdReasonData: { kind: 'recruited', action: 'hold' } })
    expect(override.holdReason).toBe("held with the recruited partner's commission it is a share of")

    const body = await (await p.recruiterPortal()).text()
    expect(body).toContain(override.id)
    expect(body).not.toMatch(/bee2@|self-referral|self_referral/)
    // Nor in its explanation, which is told from the recruited partner's decision record
    const explained = await p.recruiterPortal(`/v1/portal/commissions/${override.id}/explanation`)
    expect(explained.status).toBe(200)
    expect(await explained.text()).not.toMatch(/bee2@|self-referral|self_referral/)
    // The recruit's own portal still says why its commission is held
    const portal = new AfflioPortal({ token: (await p.afflio.embedTokens.create({ partnerId: p.bee.id })).token, baseUrl: 'http://afflio.test', fetch: ((i: string, init?: RequestInit) => ctx.app.request(i, init)) as typeof fetch, maxRetries: 0 })
    expect((await portal.commissions.list()).data[0]).toMatchObject({ id: own.id, holdReasonData: { kind: 'self_referral' } })

    // Released with it, the override is released too: still in words of its own
    await p.afflio.commissions.release(own.id, 'customer bee2@partners.test is a real customer')
    const released = await p.recruiterRow()
    expect(released).toMatchObject({ status: 'approved', holdReasonData: { kind: 'recruited', action: 'release' } })
    expect(released.holdReason).toBe("released with the recruited partner's commission it is a share of")
    expect(await (await p.recruiterPortal()).text()).not.toMatch(/bee2@|real customer/)
  })
})
