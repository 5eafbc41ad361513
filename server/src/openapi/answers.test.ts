// The conversion endpoints answer exactly the SDK's types, at run time: no field the type lacks (a caller
// cannot rely on what the type does not say) and every field it requires (a typed caller reads it). The
// compiler checks the objects the server builds; this checks what reaches the wire.
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, type TestContext } from '../testing.ts'
import { loadSdkSchema } from './document.ts'
import type { JsonSchema } from './json-schema.ts'
import { componentName } from './sdk-schema.ts'

const { $defs } = loadSdkSchema()

/** Where `value` and the SDK type `name` differ in their fields, at every depth; primitives are not compared. */
function fieldProblems(value: unknown, name: string): string[] {
  return walk(value, { $ref: `#/$defs/${componentName(name)}` }, name)
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
