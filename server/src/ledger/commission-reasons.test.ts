// Reasons as data, end to end on each database: what a rule, an override, a refund and a hold store, what
// the API and the portal return, and that the English `reason` older clients read is unchanged.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('commission reasons on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  let ip = 0
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  const click = async (code: string): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.1.0.${++ip}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    return (await res.json()).clickId
  }
  const portalOf = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })

  it("stores a $10-per-lead rule's reason as data, and the portal's commission list returns it", async () => {
    const rita = (await afflio.partners.create({ email: 'rita@r.test', linkCode: 'RITA' })).id
    const ada = (await afflio.partners.create({ email: 'ada@a.test', linkCode: 'ADA' })).id
    await afflio.partners.update(ada, { referredById: rita })
    await afflio.settings.update({ secondTierRateBps: 1000 })
    const bounty = await afflio.rules.create({ name: 'Lead bounty', event: 'lead', type: 'flat', value: 1000, currency: 'USD' })
    await afflio.track.lead({ clickId: await click('ADA'), customerExternalId: 'u1' })

    const [lead] = (await afflio.commissions.list({ partnerId: ada })).data
    expect(lead).toMatchObject({
      kind: 'lead',
      amountMinor: 1000,
      currency: 'USD',
      reason: 'Lead bounty: flat 1000 USD minor units',
      reasonData: { kind: 'rule', basis: 'flat', rule: { id: bounty.id, name: 'Lead bounty' }, event: 'lead', amountMinor: 1000, currency: 'USD', capped: false, tier: null },
      holdReasonData: null,
    })
    const [override] = (await afflio.commissions.list({ partnerId: rita })).data
    expect(override).toMatchObject({
      kind: 'override',
      amountMinor: 100,
      reason: `second tier: 10% of 1000 earned by recruited partner ${ada}`,
      reasonData: { kind: 'override', rateBps: 1000, sourceCommissionId: lead!.id, sourceAmountMinor: 1000, currency: 'USD', recruitedPartnerId: ada },
    })

    const portal = await portalOf(ada)
    const listed = (await portal.commissions.list()).data
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ id: lead!.id, sale: null, reason: lead!.reason, reasonData: lead!.reasonData })
  })

  it('stores a sale’s rule, a refund’s clawback and a hold as data', async () => {
    const ada = (await afflio.partners.create({ email: 'ada@acme.io', linkCode: 'ADA' })).id
    const { commission, sale } = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId: await click('ADA') })
    expect(commission!.reasonData).toEqual({ kind: 'rule', basis: 'percent', rule: { id: null, name: 'program default' }, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD', tier: null })

    const refunded = await afflio.track.refund({ invoiceId: sale.invoiceId, amountMinor: 2500 })
    expect(refunded.commissions).toMatchObject([
      { kind: 'clawback', amountMinor: -500, reason: 'partial refund: 2500 of 10000 refunded', reasonData: { kind: 'clawback', cause: 'refund', refundedMinor: 2500, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false } },
    ])

    const held = await afflio.commissions.hold(commission!.id, 'checking with the customer')
    expect(held).toMatchObject({ status: 'on_hold', holdReason: 'hold: checking with the customer', holdReasonData: { kind: 'action', action: 'hold', note: 'checking with the customer' } })
    // The clawback follows the commission it takes from, with the same note.
    expect((await afflio.commissions.list({ partnerId: ada })).data.find((c) => c.kind === 'clawback')).toMatchObject({ status: 'on_hold', holdReasonData: { kind: 'action', action: 'hold' } })
    // Released after its holding period: approved at once, and so is its clawback.
    ctx.clock.advanceDays(31)
    expect(await afflio.commissions.release(commission!.id, 'fine')).toMatchObject({ status: 'approved', holdReasonData: { kind: 'action', action: 'release', note: 'fine' } })
    expect((await afflio.commissions.list({ partnerId: ada })).data.map((c) => c.status)).toEqual(['approved', 'approved'])

    const self = await afflio.track.sale({ invoiceId: 'in_2', amountMinor: 10_000, currency: 'USD', clickId: await click('ADA'), customerEmail: 'bob@acme.io' })
    expect(self.commission).toMatchObject({
      status: 'on_hold',
      holdReason: "self-referral suspected: customer email bob@acme.io is at the partner's company domain acme.io",
      holdReasonData: { kind: 'self_referral', match: 'company_domain', customerEmail: 'bob@acme.io', domain: 'acme.io' },
    })
  })
})
