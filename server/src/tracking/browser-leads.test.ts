// Leads sent with the publishable key (the tracking script's `afflio('lead', …)`), which anyone reading the
// host's page holds, against what the host's server says (claimStep in attribution.ts): a click the server
// names wins over a browser's claim; a server call naming only the customer keeps the browser's click.
import { Afflio } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutCovering } from '../testing-payouts.ts'

describe.each(dialects)('browser leads against the server on %s', (dialect) => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  let afflio: Afflio
  let ip = 0
  const ids: Record<string, string> = {}

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD', attributionModel: 'first_click', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    ids['FORGER'] = (await afflio.partners.create({ email: 'forger@partners.test', linkCode: 'FORGER' })).id
    ids['REAL'] = (await afflio.partners.create({ email: 'real@partners.test', linkCode: 'REAL' })).id
  })
  afterEach(() => ctx.close())

  const partnerId = (code: string) => ids[code]!
  const click = async (code: string): Promise<string> => {
    ip++
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `203.0.113.${ip}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { clickId: string }).clickId
  }
  const browserLead = (body: object) =>
    ctx.app.request('/v1/track/lead', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ key: keys.publishableKey, ...body }) })
  const stored = (externalId: string) => ctx.db.selectFrom('customers').selectAll().where('external_id', '=', externalId).executeTakeFirst()
  const leads = async () => (await afflio.program.overview()).leads
  /** The customer is the server's: a browser naming it again, with another partner's click, changes nothing; a sale naming only it goes to `partner`. */
  const expectServers = async (externalId: string, partner: string, invoiceId: string) => {
    expect(await stored(externalId)).toMatchObject({ claimed_by: 'server', partner_id: partner })
    await browserLead({ customerExternalId: externalId, clickId: await click('FORGER') })
    expect(await stored(externalId)).toMatchObject({ claimed_by: 'server', partner_id: partner })
    const next = await afflio.track.sale({ invoiceId, amountMinor: 10_000, currency: 'USD', customerExternalId: externalId })
    expect(next.commission).toMatchObject({ partnerId: partner })
  }

  it('credits the backend’s sale naming only the customer to the click the script’s signup tied', async () => {
    const real = partnerId('REAL')
    // The documented flow: afflio('lead') at signup, with the visitor's click
    const clicked = await click('REAL')
    const signup = await browserLead({ customerExternalId: 'user_1001', clickId: clicked, email: 'ann@buyer.test' })
    expect(await signup.json()).toEqual({ received: true, customerExternalId: 'user_1001', clickId: clicked })
    expect(await stored('user_1001')).toMatchObject({ claimed_by: 'browser', partner_id: real })
    expect(await leads()).toBe(1)

    // Days later the backend records the sale, naming only the customer: the browser's click stands
    ctx.clock.advanceDays(3)
    const sale = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_1001', customerEmail: 'ann@work.test' })
    expect(sale.commission).toMatchObject({ partnerId: real, amountMinor: 2_000 })
    // The customer is the server's from now on, dated from the signup, with the server's contact
    expect(await stored('user_1001')).toMatchObject({ claimed_by: 'server', partner_id: real, email: 'ann@work.test', created_at: '2026-05-10T12:00:00.000Z' })
    expect(await leads()).toBe(1)
    await expectServers('user_1001', real, 'in_2')
  })

  it('leaves an id claimed before its owner’s signup to the claimer when the server names only the customer (the documented risk)', async () => {
    const forger = partnerId('FORGER')
    // Someone with the page's key, their own partner's click, and a guess at the next user id
    await browserLead({ customerExternalId: 'user_1006', clickId: await click('FORGER'), email: 'real@partners.test' })
    ctx.clock.advanceDays(3)
    // The real user's own signup from the script comes too late, and the backend's sale names only the customer
    await browserLead({ customerExternalId: 'user_1006', clickId: await click('REAL') })
    expect(await stored('user_1006')).toMatchObject({ partner_id: forger })
    const sale = await afflio.track.sale({ invoiceId: 'in_5', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_1006' })
    expect(sale.commission).toMatchObject({ partnerId: forger })
  })

  it('lets the click the server names take over an id a browser claimed: the claim’s click, partner, contact and lead are dropped', async () => {
    const real = partnerId('REAL')
    await browserLead({ customerExternalId: 'user_1007', clickId: await click('FORGER'), email: 'real@partners.test' })
    expect(await leads()).toBe(1)
    ctx.clock.advanceDays(1)
    const realClick = await click('REAL')
    ctx.clock.advanceDays(2)
    // The backend passes the visitor's click on with the sale (the form's afflio_click, the cookie)
    const sale = await afflio.track.sale({ invoiceId: 'in_6', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_1007', clickId: realClick })
    expect(sale.commission).toMatchObject({ partnerId: real, amountMinor: 2_000 })
    expect(sale.commission!.fraudFlags).toEqual([]) // not an "existing customer": the claim made ahead of it is gone
    expect(await stored('user_1007')).toMatchObject({ claimed_by: 'server', click_id: realClick, partner_id: real, email: null, name: null, created_at: '2026-05-13T12:00:00.000Z' })
    expect((await ctx.db.selectFrom('customer_clicks').select('click_id').execute()).map((c) => c.click_id)).toEqual([realClick])
    expect(await leads()).toBe(1) // the claim's lead taken back, the real one counted
    await expectServers('user_1007', real, 'in_7')
  })

  it('credits the click the server names, even when a browser claimed the id first with an older click', async () => {
    const real = partnerId('REAL')
    await browserLead({ customerExternalId: 'user_1002', clickId: await click('FORGER') })
    ctx.clock.advanceDays(1)
    const realClick = await click('REAL')
    ctx.clock.advanceDays(1)
    // First click wins in this program: the forger's click would, were it still tied
    const lead = await afflio.track.lead({ customerExternalId: 'user_1002', clickId: realClick, email: 'bo@buyer.test' })
    expect(lead).toMatchObject({ partnerId: real, clickId: realClick, email: 'bo@buyer.test' })
    const sale = await afflio.track.sale({ invoiceId: 'in_3', amountMinor: 5_000, currency: 'USD', customerExternalId: 'user_1002' })
    expect(sale.commission).toMatchObject({ partnerId: real, amountMinor: 1_000 })
    expect(await leads()).toBe(1)
  })

  it('keeps the script’s own signup when the backend passes its click on', async () => {
    const real = partnerId('REAL')
    const visitor = await click('REAL')
    await browserLead({ customerExternalId: 'user_1003', clickId: visitor, email: 'cy@buyer.test' })
    expect(await stored('user_1003')).toMatchObject({ partner_id: real })
    ctx.clock.advanceDays(2)
    // The checkout names the same click (Stripe's client_reference_id, the form's afflio_click)
    const sale = await afflio.track.sale({ invoiceId: 'in_4', amountMinor: 5_000, currency: 'USD', customerExternalId: 'user_1003', clickId: visitor })
    expect(sale.commission).toMatchObject({ partnerId: real })
    expect(await stored('user_1003')).toMatchObject({ claimed_by: 'server', click_id: visitor, partner_id: real })
    expect(await leads()).toBe(1) // taken back and counted again: once
  })

  it('records nothing for a browser lead without a click, so it cannot hold an id against the visitor’s own lead', async () => {
    const empty = await browserLead({ customerExternalId: 'user_1004', email: 'squatter@evil.test' })
    expect(empty.status).toBe(204)
    expect(await stored('user_1004')).toBeUndefined()
    const real = partnerId('REAL')
    await browserLead({ customerExternalId: 'user_1004', clickId: await click('REAL'), email: 'dee@buyer.test' })
    expect(await stored('user_1004')).toMatchObject({ partner_id: real, email: 'dee@buyer.test' })
    // A server lead without a click still creates its customer
    expect(await afflio.track.lead({ customerExternalId: 'user_1005' })).toMatchObject({ externalId: 'user_1005', partnerId: null })
    expect(await stored('user_1005')).toMatchObject({ claimed_by: 'server' })
  })

  it('tells a browser nothing of a customer it did not create: not whether the id is one, nor its partner, click or date', async () => {
    const real = partnerId('REAL')
    const realClick = await click('REAL')
    await afflio.track.lead({ customerExternalId: 'cust-a-1', clickId: realClick, email: 'a@buyer.test' })
    await browserLead({ customerExternalId: 'cust-b-1', clickId: await click('REAL') }) // one only a browser named
    ctx.clock.advanceDays(1)
    // Someone holding the page's key probes ids: known ones answer as an unknown one does, by what was sent alone
    const answer = async (body: object) => {
      const res = await browserLead(body)
      return { status: res.status, body: res.status === 204 ? null : await res.json() }
    }
    for (const id of ['cust-a-1', 'cust-b-1', 'cust-z-9']) expect(await answer({ customerExternalId: id })).toEqual({ status: 204, body: null })
    const forged = await click('FORGER')
    for (const id of ['cust-a-1', 'cust-b-1', 'cust-z-8']) {
      const got = await answer({ customerExternalId: id, clickId: forged })
      expect(got).toEqual({ status: 200, body: { received: true, customerExternalId: id, clickId: forged } })
      expect(JSON.stringify(got)).not.toContain(real)
    }
    // The known ones changed nothing; the new one was created with the click, as before
    expect(await stored('cust-a-1')).toMatchObject({ claimed_by: 'server', partner_id: real, click_id: realClick })
    expect(await stored('cust-b-1')).toMatchObject({ claimed_by: 'browser', partner_id: real })
    expect(await stored('cust-z-8')).toMatchObject({ claimed_by: 'browser', partner_id: partnerId('FORGER'), click_id: forged })
    expect(await stored('cust-z-9')).toBeUndefined()
  })

  describe('the lead commission, when the server takes a customer over', () => {
    const leadsOf = async (code: string) => (await afflio.commissions.list({ partnerId: partnerId(code) })).data.filter((c) => c.kind !== 'sale')
    beforeEach(async () => {
      await afflio.rules.create({ name: 'Signup', event: 'lead', type: 'flat', value: 300 })
    })

    it('reverses the browser’s unpaid lead commission, with its override, and credits the partner of the server’s click', async () => {
      const rita = (await afflio.partners.create({ email: 'rita@partners.test', linkCode: 'RITA' })).id
      await afflio.partners.update(partnerId('FORGER'), { referredById: rita })
      await afflio.settings.update({ secondTierRateBps: 1000 })
      await browserLead({ customerExternalId: 'user_2001', clickId: await click('FORGER') })
      expect(await leadsOf('FORGER')).toMatchObject([{ kind: 'lead', amountMinor: 300, status: 'pending' }])
      expect((await afflio.commissions.list({ partnerId: rita })).data).toMatchObject([{ kind: 'override', amountMinor: 30, status: 'pending' }])
      ctx.clock.advanceDays(2)
      const sale = await afflio.track.sale({ invoiceId: 'in_20', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_2001', clickId: await click('REAL') })
      expect(sale.commission).toMatchObject({ partnerId: partnerId('REAL'), amountMinor: 2_000 })
      expect(await leadsOf('FORGER')).toMatchObject([{ kind: 'lead', status: 'reversed' }])
      expect((await afflio.commissions.list({ partnerId: rita })).data).toMatchObject([{ kind: 'override', status: 'reversed' }])
      expect(await leadsOf('REAL')).toMatchObject([{ kind: 'lead', amountMinor: 300, status: 'pending' }])
      // What each partner is owed says the same
      const pending = async (code: string) => (await afflio.partners.payouts(partnerId(code))).balances[0]!.pendingMinor
      expect(await pending('FORGER')).toBe(0)
      expect(await pending('REAL')).toBe(2_300)
      // Once per customer, whoever names it next
      await afflio.track.lead({ customerExternalId: 'user_2001', clickId: await click('REAL') })
      await browserLead({ customerExternalId: 'user_2001', clickId: await click('FORGER') })
      expect(await leadsOf('REAL')).toHaveLength(1)
      expect(await leadsOf('FORGER')).toHaveLength(1)
    })

    it('records the take-over in the audit log: from which partner to which, the commissions reversed, by the key that named the click', async () => {
      const rita = (await afflio.partners.create({ email: 'rita@partners.test', linkCode: 'RITA' })).id
      await afflio.partners.update(partnerId('FORGER'), { referredById: rita })
      await afflio.settings.update({ secondTierRateBps: 1000 })
      const forgedClick = await click('FORGER')
      await browserLead({ customerExternalId: 'user_2006', clickId: forgedClick })
      const forged = [...(await leadsOf('FORGER')), ...(await afflio.commissions.list({ partnerId: rita })).data]
      expect(forged).toHaveLength(2) // the lead and its override
      ctx.clock.advanceDays(1)
      const realClick = await click('REAL')
      const sale = await afflio.track.sale({ invoiceId: 'in_24', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_2006', clickId: realClick })
      const key = (await afflio.keys.list()).data.find((k) => k.kind === 'secret')!
      const [entry, ...more] = (await afflio.auditLog.list({ action: 'customer.taken_over' })).data
      expect(more).toEqual([])
      expect(entry).toEqual({
        id: expect.any(String),
        at: ctx.clock.now().toISOString(),
        actor: { kind: 'secret_key', id: key.id, label: key.prefix },
        action: 'customer.taken_over',
        subject: { type: 'customer', id: sale.sale.customerId },
        before: { partnerId: partnerId('FORGER'), clickId: forgedClick, reversed: null },
        after: { partnerId: partnerId('REAL'), clickId: realClick, reversed: forged.map((c) => c.id).sort() },
      })
      expect((await afflio.auditLog.list({ subjectType: 'customer', subjectId: sale.sale.customerId! })).data).toEqual([entry])

      // A lead naming the click takes over too; with no lead commission to reverse (marked fraud: it stands), none is named.
      await browserLead({ customerExternalId: 'user_2007', clickId: await click('FORGER') })
      await afflio.commissions.markFraud((await leadsOf('FORGER')).find((c) => c.status === 'pending')!.id, 'forged signup')
      const lead = await afflio.track.lead({ customerExternalId: 'user_2007', clickId: await click('REAL') })
      const [second] = (await afflio.auditLog.list({ action: 'customer.taken_over' })).data
      expect(second).toMatchObject({ actor: { kind: 'secret_key', id: key.id }, subject: { type: 'customer', id: lead.id }, before: { partnerId: partnerId('FORGER') }, after: { partnerId: partnerId('REAL') } })
      expect(second!.after).not.toHaveProperty('reversed')

      // The same partner's click takes the customer over with nothing moved: nothing to record.
      await browserLead({ customerExternalId: 'user_2008', clickId: await click('REAL') })
      await afflio.track.sale({ invoiceId: 'in_25', amountMinor: 5_000, currency: 'USD', customerExternalId: 'user_2008', clickId: await click('REAL') })
      expect((await afflio.auditLog.list({ action: 'customer.taken_over' })).data).toHaveLength(2)
    })

    it('dates the moved lead from the take-over, not from a backdated sale', async () => {
      await browserLead({ customerExternalId: 'user_2005', clickId: await click('FORGER') })
      ctx.clock.advanceDays(2)
      const realClick = await click('REAL')
      ctx.clock.advanceDays(8) // the sale, backdated to an hour after the click, is reported a week later
      await afflio.track.sale({ invoiceId: 'in_23', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_2005', clickId: realClick, occurredAt: new Date(ctx.clock.now().getTime() - 8 * 86_400_000 + 3_600_000).toISOString() })
      const [lead] = await leadsOf('REAL')
      expect(lead).toMatchObject({ kind: 'lead', status: 'pending', createdAt: ctx.clock.now().toISOString() })
    })

    it('keeps the lead commission when the server’s click is the same partner’s', async () => {
      const visitor = await click('REAL')
      await browserLead({ customerExternalId: 'user_2002', clickId: visitor })
      await afflio.track.sale({ invoiceId: 'in_21', amountMinor: 5_000, currency: 'USD', customerExternalId: 'user_2002', clickId: await click('REAL') })
      expect(await leadsOf('REAL')).toMatchObject([{ kind: 'lead', amountMinor: 300, status: 'pending' }])
    })

    it('credits the server’s lead to its click’s partner once, when the browser’s lead is taken back', async () => {
      await browserLead({ customerExternalId: 'user_2003', clickId: await click('FORGER') })
      const lead = await afflio.track.lead({ customerExternalId: 'user_2003', clickId: await click('REAL') })
      expect(lead).toMatchObject({ partnerId: partnerId('REAL') })
      expect(await leadsOf('FORGER')).toMatchObject([{ status: 'reversed' }])
      expect(await leadsOf('REAL')).toMatchObject([{ kind: 'lead', amountMinor: 300, status: 'pending' }])
    })

    it('lets a lead commission already in a payout stand, and pays the lead once', async () => {
      await browserLead({ customerExternalId: 'user_2004', clickId: await click('FORGER') })
      const [forged] = await leadsOf('FORGER')
      const program = await afflio.program.get()
      await payoutCovering(ctx.db, { programId: program.id, runId: 'run_1', id: 'pay_1', partnerId: partnerId('FORGER'), amountMinor: 300, currency: 'USD', status: 'paid', at: ctx.clock.now().toISOString(), commissionIds: [forged!.id] })
      const sale = await afflio.track.sale({ invoiceId: 'in_22', amountMinor: 10_000, currency: 'USD', customerExternalId: 'user_2004', clickId: await click('REAL') })
      expect(sale.commission).toMatchObject({ partnerId: partnerId('REAL') })
      expect(await leadsOf('FORGER')).toMatchObject([{ kind: 'lead', status: 'paid' }])
      expect(await leadsOf('REAL')).toEqual([])
    })
  })
})
