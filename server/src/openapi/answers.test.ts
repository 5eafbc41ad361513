// The conversion endpoints answer exactly the SDK's types, at run time: no field the type lacks (a caller
// cannot rely on what the type does not say) and every field it requires (a typed caller reads it). The
// compiler checks the objects the server builds; this checks what reaches the wire.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'
import { WEBHOOK_EVENT_TYPES } from '../webhooks/index.ts'
import { loadSdkSchema } from './document.ts'
import type { JsonSchema } from './json-schema.ts'
import { componentName } from './sdk-schema.ts'

const { $defs } = loadSdkSchema()

/** Where `value` and the SDK type `name` differ in their fields, at every depth; primitives are not compared. */
function fieldProblems(value: unknown, name: string): string[] {
  return walk(value, { $ref: `#/$defs/${componentName(name)}` }, name)
}

/** Where a webhook event and its member of the SDK's `AfflioWebhookEvent` (the one of its `type`) differ. */
function eventProblems(event: { type: string }): string[] {
  const members = ($defs.AfflioWebhookEvent!.anyOf as JsonSchema[]).map((m) => (typeof m.$ref === 'string' ? $defs[m.$ref.split('/').pop()!]! : m))
  const member = members.find((m) => (m.properties as Record<string, JsonSchema>).type!.const === event.type)
  return member ? walk(event, member, event.type) : [`${event.type}: no member of AfflioWebhookEvent`]
}

function walk(value: unknown, schema: JsonSchema, path: string): string[] {
  if (typeof schema.$ref === 'string') return walk(value, $defs[schema.$ref.split('/').pop()!]!, path)
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (union) {
    // The alternative it fits; else the problems of the one it fits best
    const tried = union.map((branch) => walk(value, branch, path)).sort((a, b) => a.length - b.length)
    return tried[0] ?? []
  }
  if (value === null) return schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null')) || !schema.type ? [] : [`${path}: null, not in the type`]
  if (Array.isArray(value)) return schema.items ? value.flatMap((item, i) => walk(item, schema.items as JsonSchema, `${path}.${i}`)) : []
  if (typeof value !== 'object' || !schema.properties) return []
  const properties = schema.properties as Record<string, JsonSchema>
  const required = (schema.required ?? []) as string[]
  return [
    ...Object.keys(value).filter((k) => !(k in properties)).map((k) => `${path}.${k}: answered, not in the SDK type`),
    ...required.filter((k) => !(k in value)).map((k) => `${path}.${k}: required by the SDK type, not answered`),
    ...Object.entries(value).flatMap(([k, v]) => (properties[k] ? walk(v, properties[k], `${path}.${k}`) : [])),
  ]
}

describe('conversion answers and the SDK types', () => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  let afflio: Afflio
  beforeAll(async () => {
    ctx = await createTestContext({ rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    await afflio.partners.create({ email: 'ann@a.test', linkCode: 'ANN' })
  })
  afterAll(() => ctx.close())

  it('tells a missing or an extra field', () => {
    expect(fieldProblems({ sale: { id: 'sal_1' }, commissions: [], appliedMinor: 0, duplicate: false, extra: 1 }, 'TrackRefundResult')).toEqual(
      expect.arrayContaining(['TrackRefundResult.extra: answered, not in the SDK type', 'TrackRefundResult.sale.occurredAt: required by the SDK type, not answered']),
    )
  })

  it('a click, a lead, a sale, its refund and its list answer exactly their types', async () => {
    const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': '10.6.0.1' }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN' }) })
    const click = (await res.json()) as { clickId: string }
    expect(fieldProblems(click, 'TrackClickResult')).toEqual([])
    const browserLead = await ctx.app.request('/v1/track/lead', { method: 'POST', headers: { 'x-forwarded-for': '10.6.0.1' }, body: JSON.stringify({ key: keys.publishableKey, customerExternalId: 'u0', clickId: click.clickId }) })
    expect(fieldProblems(await browserLead.json(), 'TrackLeadReceived')).toEqual([])
    expect(fieldProblems(await afflio.track.lead({ customerExternalId: 'u1', clickId: click.clickId, email: 'u1@c.test' }), 'Customer')).toEqual([])
    const sold = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 5000, currency: 'USD', customerExternalId: 'u1', occurredAt: '2026-11-01T12:03:00Z' })
    expect(sold.commission).not.toBeNull()
    expect(fieldProblems(sold, 'TrackSaleResult')).toEqual([])
    expect(fieldProblems(await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 5000, currency: 'USD' }), 'TrackSaleResult')).toEqual([]) // a duplicate
    expect(fieldProblems(await afflio.track.refund({ invoiceId: 'in_1', amountMinor: 1000, refundId: 're_1' }), 'TrackRefundResult')).toEqual([])
    expect(fieldProblems(await afflio.track.refund({ invoiceId: 'in_1', amountMinor: 1000, refundId: 're_1' }), 'TrackRefundResult')).toEqual([])
    const listed = await afflio.sales.list()
    expect(listed.data).toHaveLength(1)
    for (const sale of listed.data) expect(fieldProblems(sale, 'Sale')).toEqual([])
  })
})

// A webhook receiver types what it is sent from the SDK too: budget.reached had no type there.
describe('webhook events and the SDK types', () => {
  it('a budget.reached event, held or stepped down, is a BudgetReachedEvent', async () => {
    const ctx = await createTestContext()
    try {
      const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
      const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
      await afflio.webhooks.endpoints.create({ url: 'https://example.com/afflio', events: ['budget.reached'] })
      const ann = await afflio.partners.create({ email: 'ann@a.test' })
      const bob = await afflio.partners.create({ email: 'bob@a.test' })
      const affiliates = await afflio.groups.create({ name: 'Affiliates' })
      const resellers = await afflio.groups.create({ name: 'Resellers' })
      await afflio.partners.update(ann.id, { groupId: affiliates.id })
      await afflio.partners.update(bob.id, { groupId: resellers.id })
      await afflio.budgets.create({ name: 'Launch', scope: 'group', scopeId: affiliates.id, period: 'total', amountMinor: 1_500, currency: 'USD' })
      await afflio.budgets.create({ name: 'Resellers', scope: 'group', scopeId: resellers.id, period: 'total', amountMinor: 100, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
      // Ann's $20 commission is over her group's $15 budget (held); Bob's over his group's $1 (stepped down).
      for (const [i, p] of [ann, bob].entries()) {
        const link = (await afflio.links.list({ partnerId: p.id })).data[0]!
        const click = (await (await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': `10.7.0.${i}` }, body: JSON.stringify({ key: keys.publishableKey, code: link.code }) })).json()) as { clickId: string }
        await afflio.track.sale({ invoiceId: `in_${p.id}`, amountMinor: 10_000, currency: 'USD', clickId: click.clickId })
      }
      const rows = await ctx.db.selectFrom('webhook_deliveries').select('payload').where('event_type', '=', 'budget.reached').execute()
      const events = rows.map((r) => JSON.parse(r.payload) as { data: { kind: string } })
      expect(events.map((e) => e.data.kind).sort()).toEqual(['hold', 'step_down'])
      for (const event of events) expect(fieldProblems(event, 'BudgetReachedEvent')).toEqual([])
    } finally {
      await ctx.close()
    }
  })
})

// Every event type the server emits, as it really sends it, against the SDK's AfflioWebhookEvent: the compiler
// checks each emission's data (emitEvent takes WebhookEventData[type]); this checks what reaches the wire.
describe.each(dialects)('every webhook event and AfflioWebhookEvent on %s', (dialect) => {
  it('each type the server emits matches its member of the union', async () => {
    const ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    try {
      ctx.clock.set('2026-11-02T12:00:00.000Z')
      const p = await payoutProgram(ctx)
      const { afflio } = p
      const portalOf = async (partnerId: string) =>
        new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
      await afflio.webhooks.endpoints.create({ url: 'https://example.com/afflio', events: ['*'] })
      const reward = { amountMinor: 1000, currency: 'USD' }
      const met = await afflio.challenges.create({ name: 'First sale', metric: 'sales', target: 1, startsAt: '2026-11-01', endsAt: '2026-12-01', reward })

      // Partners, commissions and their moves, a refund, approval, a payout paid and one failed
      const ann = await p.partner('Ann', { method: 'paypal', email: 'ann@paypal.test' })
      const bo = await p.partner('Bo', { method: 'paypal', email: 'bo@paypal.test' })
      const [sold, toFraud, toRefund] = await p.earn(ann, [[2500], [1500], [1000]])
      const [held, fraud, refunded] = [sold!.commission, toFraud!.commission, toRefund!.invoiceId]
      await afflio.commissions.hold(held.id, 'Checking the order')
      await afflio.commissions.release(held.id, 'The order is fine')
      await afflio.commissions.markFraud(fraud.id, 'A stolen card')
      await afflio.track.refund({ invoiceId: refunded, amountMinor: 1000, refundId: 're_1' })
      await p.earn(bo, [[3000]])
      await p.settle()
      const run = await afflio.payouts.runs.create()
      const boPayout = run.payouts.find((x) => x.partnerId === bo.id)!
      await afflio.payouts.fail(boPayout.id, { reason: 'The PayPal account is closed' })
      await afflio.payouts.runs.markPaid(run.id)
      await afflio.partners.update(bo.id, { status: 'suspended' })

      // Applications, a newsletter, deals, a bounty's submissions and claims
      const applied = await afflio.applications.create({ email: 'cy@apply.test' })
      await afflio.applications.approve(applied.id)
      await afflio.applications.reject((await afflio.applications.create({ email: 'di@apply.test' })).id, 'Not a fit')
      const newsletter = await afflio.newsletters.create({ subject: 'News', body: 'Hello', audience: { all: true } })
      await afflio.newsletters.send(newsletter.id)
      const annPortal = await portalOf(ann.id)
      const globex = await annPortal.deals.register({ company: 'Globex', contactName: 'Hank', contactEmail: 'hank@globex.test' })
      await afflio.deals.approve(globex.id)
      await afflio.deals.markWon(globex.id, { invoiceId: 'in_globex', amountMinor: 5000, currency: 'USD' })
      const initech = await annPortal.deals.register({ company: 'Initech', contactName: 'Bill', contactEmail: 'bill@initech.test' })
      await afflio.deals.approve(initech.id)
      await afflio.deals.markLost(initech.id)
      await afflio.deals.reject((await annPortal.deals.register({ company: 'Hooli', contactName: 'Gav', contactEmail: 'gav@hooli.test' })).id, { reason: 'Ours already' })
      const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Review us', reward, maxPerPartner: 2 })
      await afflio.challenges.approveSubmission((await annPortal.challenges.submit(bounty.id, { url: 'https://reviews.test/1' })).id)
      await afflio.challenges.rejectSubmission((await annPortal.challenges.submit(bounty.id, { url: 'https://reviews.test/2' })).id, { reason: 'Not public' })
      await afflio.track.sale({ invoiceId: 'in_unclaimed', amountMinor: 4900, currency: 'USD' })
      await afflio.claims.approve((await annPortal.claims.file({ invoiceId: 'in_unclaimed', occurredAt: '2026-12-01' })).id)
      await afflio.claims.reject((await annPortal.claims.file({ invoiceId: 'in_other', occurredAt: '2026-12-01' })).id, { reason: 'No such sale' })
      // A budget already spent: the next commission is held
      await afflio.budgets.create({ name: 'Cap', scope: 'program', period: 'total', amountMinor: 100, currency: 'USD' })
      await p.sell(ann, 2000)
      await ctx.drain()

      const rows = await ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'payload']).execute()
      const events = rows.map((r) => JSON.parse(r.payload) as { type: string })
      expect(events.every((e, i) => e.type === rows[i]!.event_type)).toBe(true)
      expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort())
      expect(events.flatMap(eventProblems)).toEqual([])
      // The check tells a member from another: a commission sent as a payout's data is not a payout.paid
      const created = events.find((e) => e.type === 'commission.created')!
      expect(eventProblems({ ...created, type: 'payout.paid' })).toContain('payout.paid.data.runId: required by the SDK type, not answered')
      expect(events.find((e): e is { type: string; data: { challengeId: string } } => e.type === 'challenge.met')!.data.challengeId).toBe(met.id)
    } finally {
      await ctx.close()
    }
  }, 60_000)
})
