// One rule for an id that names nothing in the caller's program, on every route of the program API that takes
// the id of another object (in its body or query, or as the object of its path): the same answer for an id no
// program has and for another program's id, so a key learns nothing about other programs. Body and query:
// 400 invalid_request naming the field and the object (kernel/http/references.ts); path: 404 not_found.
// Run with REFERENCES_SURVEY=1 to print what each route answers.
import { Afflio } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from './openapi/operations.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from './testing.ts'

type Kind = 'partner' | 'group' | 'segment' | 'rule' | 'challenge' | 'resource' | 'webhook endpoint' | 'customer' | 'payout' | 'message' | 'application'

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** The route, with `{mine}` ids of the caller's own objects filled in */
  path: (mine: Mine, ref: string) => string
  /** The field the id is in (`path` when it is the path's object) */
  field: string
  kind: Kind
  body?: (ref: string, mine: Mine) => unknown
  query?: (ref: string) => Record<string, string>
  /** What the message names when not the kind ("No active rule …"), and where ("in this thread") */
  noun?: string
  where?: string
}

interface Mine {
  partner: string
  rule: string
  challenge: string
  application: string
}

const NONE: Record<Kind, string> = {
  partner: 'prt_000000000000000000000000',
  group: 'grp_000000000000000000000000',
  segment: 'seg_000000000000000000000000',
  rule: 'rul_000000000000000000000000',
  challenge: 'chl_000000000000000000000000',
  resource: 'rsc_000000000000000000000000',
  'webhook endpoint': 'we_000000000000000000000000',
  customer: 'cus_000000000000000000000000',
  payout: 'po_000000000000000000000000',
  message: 'msg_000000000000000000000000',
  application: 'app_000000000000000000000000',
}

const rule = { name: 'R', event: 'sale', type: 'percent', value: 1000 }
const groupIn = (ref: string) => ({ conditions: [{ type: 'group', in: [ref] }] })
const q = (name: string) => (ref: string) => ({ [name]: ref })
const at = (p: string) => () => p

export const CASES: Case[] = [
  { method: 'POST', path: at('/v1/embed-tokens'), field: 'partnerId', kind: 'partner', body: (r) => ({ partnerId: r }) },
  { method: 'POST', path: at('/v1/embed-tokens/revoke'), field: 'partnerId', kind: 'partner', body: (r) => ({ partnerId: r }) },
  { method: 'GET', path: at('/v1/customers'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/sales'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/sales'), field: 'customerId', kind: 'customer', query: q('customerId') },
  { method: 'GET', path: at('/v1/partners'), field: 'groupId', kind: 'group', query: q('groupId') },
  { method: 'GET', path: at('/v1/partners'), field: 'segmentId', kind: 'segment', query: q('segmentId') },
  { method: 'PATCH', path: (m) => `/v1/partners/${m.partner}`, field: 'groupId', kind: 'group', body: (r) => ({ groupId: r }) },
  { method: 'PATCH', path: (m) => `/v1/partners/${m.partner}`, field: 'referredById', kind: 'partner', body: (r) => ({ referredById: r }) },
  { method: 'POST', path: at('/v1/partners/bulk'), field: 'partnerIds', kind: 'partner', body: (r) => ({ partnerIds: [r], action: 'set_status', status: 'active' }) },
  { method: 'POST', path: at('/v1/partners/bulk'), field: 'segmentId', kind: 'segment', body: (r) => ({ segmentId: r, action: 'set_status', status: 'active' }) },
  { method: 'POST', path: at('/v1/partners/bulk'), field: 'groupId', kind: 'group', body: (r, m) => ({ partnerIds: [m.partner], action: 'move_group', groupId: r }) },
  { method: 'GET', path: at('/v1/invitations'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'POST', path: at('/v1/links'), field: 'partnerId', kind: 'partner', body: (r) => ({ partnerId: r }) },
  { method: 'GET', path: at('/v1/links'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/commissions'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/commissions'), field: 'payoutId', kind: 'payout', query: q('payoutId') },
  { method: 'POST', path: at('/v1/rules'), field: 'groupId', kind: 'group', body: (r) => ({ ...rule, groupId: r }) },
  { method: 'POST', path: at('/v1/rules'), field: 'partnerId', kind: 'partner', body: (r) => ({ ...rule, partnerId: r }) },
  { method: 'PATCH', path: (m) => `/v1/rules/${m.rule}`, field: 'groupId', kind: 'group', body: (r) => ({ groupId: r }) },
  { method: 'PATCH', path: (m) => `/v1/rules/${m.rule}`, field: 'partnerId', kind: 'partner', body: (r) => ({ partnerId: r }) },
  { method: 'POST', path: at('/v1/rules/backtest'), field: 'ruleId', kind: 'rule', noun: 'active rule', body: (r) => ({ days: 30, ruleId: r, edit: { value: 500 } }) },
  { method: 'POST', path: at('/v1/rules/backtest'), field: 'add.groupId', kind: 'group', body: (r) => ({ days: 30, add: { ...rule, groupId: r } }) },
  { method: 'POST', path: at('/v1/rules/backtest'), field: 'add.partnerId', kind: 'partner', body: (r) => ({ days: 30, add: { ...rule, partnerId: r } }) },
  { method: 'POST', path: at('/v1/rules/backtest'), field: 'edit.partnerId', kind: 'partner', body: (r, m) => ({ days: 30, ruleId: m.rule, edit: { partnerId: r } }) },
  { method: 'POST', path: at('/v1/rules/backtest'), field: 'rules.0.groupId', kind: 'group', body: (r) => ({ days: 30, rules: [{ ...rule, groupId: r }] }) },
  { method: 'POST', path: at('/v1/rewards/stripe-coupon'), field: 'groupId', kind: 'group', body: (r) => ({ groupId: r }) },
  { method: 'POST', path: at('/v1/budgets'), field: 'scopeId', kind: 'group', body: (r) => ({ name: 'B', scope: 'group', scopeId: r, period: 'month', amountMinor: 100, currency: 'USD' }) },
  { method: 'POST', path: at('/v1/budgets'), field: 'scopeId', kind: 'challenge', body: (r) => ({ name: 'B', scope: 'challenge', scopeId: r, period: 'month', amountMinor: 100, currency: 'USD' }) },
  { method: 'GET', path: at('/v1/balances'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/webhook-deliveries'), field: 'endpointId', kind: 'webhook endpoint', query: q('endpointId') },
  { method: 'POST', path: at('/v1/resources'), field: 'groupId', kind: 'group', body: (r) => ({ kind: 'copy', title: 'T', content: 'c', groupId: r }) },
  { method: 'GET', path: at('/v1/resources'), field: 'groupId', kind: 'group', query: q('groupId') },
  { method: 'GET', path: at('/v1/onboarding/checklist'), field: 'groupId', kind: 'group', query: q('groupId') },
  { method: 'PUT', path: at('/v1/onboarding/checklist'), field: 'groupId', kind: 'group', query: q('groupId'), body: () => ({ steps: [] }) },
  { method: 'DELETE', path: at('/v1/onboarding/checklist'), field: 'groupId', kind: 'group', query: q('groupId') },
  { method: 'PUT', path: at('/v1/onboarding/checklist'), field: 'steps.0.resourceId', kind: 'resource', body: (r) => ({ steps: [{ kind: 'read_resource', title: 'Read', resourceId: r }] }) },
  { method: 'POST', path: (m) => `/v1/applications/${m.application}/approve`, field: 'groupId', kind: 'group', body: (r) => ({ groupId: r }) },
  { method: 'POST', path: at('/v1/segments'), field: 'definition.conditions.0.in', kind: 'group', body: (r) => ({ name: 'S', definition: groupIn(r) }) },
  { method: 'POST', path: at('/v1/segments/preview'), field: 'definition.conditions.0.in', kind: 'group', body: (r) => ({ definition: groupIn(r) }) },
  { method: 'POST', path: at('/v1/coupon-codes'), field: 'partnerId', kind: 'partner', body: (r) => ({ partnerId: r, code: 'SAVE10' }) },
  { method: 'GET', path: at('/v1/coupon-codes'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/deals'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'GET', path: at('/v1/claims'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'POST', path: at('/v1/challenges'), field: 'segmentId', kind: 'segment', body: (r) => ({ metric: 'bounty', name: 'C', reward: { amountMinor: 100, currency: 'USD' }, segmentId: r }) },
  { method: 'PATCH', path: (m) => `/v1/challenges/${m.challenge}`, field: 'segmentId', kind: 'segment', body: (r) => ({ segmentId: r }) },
  { method: 'GET', path: at('/v1/bounty-submissions'), field: 'challengeId', kind: 'challenge', query: q('challengeId') },
  { method: 'GET', path: at('/v1/bounty-submissions'), field: 'partnerId', kind: 'partner', query: q('partnerId') },
  { method: 'POST', path: at('/v1/newsletters'), field: 'audience.segmentId', kind: 'segment', body: (r) => ({ subject: 'S', body: 'B', audience: { segmentId: r } }) },
  { method: 'POST', path: at('/v1/newsletters'), field: 'audience.partnerIds', kind: 'partner', body: (r) => ({ subject: 'S', body: 'B', audience: { partnerIds: [r] } }) },
  { method: 'POST', path: (m) => `/v1/threads/${m.partner}/read`, field: 'upTo', kind: 'message', where: 'in this thread', body: (r) => ({ upTo: r }) },
  // The id is the path's object: 404.
  { method: 'GET', path: (_m, r) => `/v1/threads/${r}/messages`, field: 'path', kind: 'partner' },
  { method: 'POST', path: (_m, r) => `/v1/threads/${r}/messages`, field: 'path', kind: 'partner', body: () => ({ body: 'Hi' }) },
  { method: 'POST', path: (_m, r) => `/v1/threads/${r}/read`, field: 'path', kind: 'partner', body: () => ({}) },
  { method: 'GET', path: (_m, r) => `/v1/partners/${r}`, field: 'path', kind: 'partner' },
  { method: 'GET', path: (_m, r) => `/v1/applications/${r}`, field: 'path', kind: 'application' },
]

describe('the OpenAPI document', () => {
  it('lists each id field of the table in its route\'s references (a 404 declared, the rule in its description)', () => {
    const template = (c: Case) => c.path({ partner: '{id}', rule: '{id}', challenge: '{id}', application: '{id}' }, '{id}').replace('/threads/{id}', '/threads/{partnerId}')
    const missing = CASES.filter((c) => c.field !== 'path')
      .filter((c) => !operations.find((o) => o.method === c.method.toLowerCase() && o.path === template(c))?.references?.includes(c.field.replace(/\.\d+\./g, '.N.')))
      .map((c) => `${c.method} ${template(c)} ${c.field}`)
    expect(missing).toEqual([])
  })
})

interface Answer {
  status: number
  code: string | null
  message: string | null
  field: string | null
  details?: Array<{ field: string; message: string | null }>
}

describe.each(dialects)('an id that names nothing in the program, on %s', (dialect) => {
  let ctx: TestContext
  let mine: Mine
  let key: string
  let consoleToken: string
  const theirs = {} as Record<Kind, string>

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true, burst: 10_000, perSecond: 10_000 } })
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
    const client = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })

    const a = await ctx.createProgram({ name: 'Mine', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const my = client(a.secretKey)
    key = a.secretKey
    consoleToken = (await my.consoleTokens.create({ manager: 'dana@mine.test' })).token
    const partner = await my.partners.create({ email: 'ada@mine.test', linkCode: 'ADA' })
    mine = {
      partner: partner.id,
      rule: (await my.rules.create({ name: 'Mine', event: 'sale', type: 'percent', value: 1000 })).id,
      challenge: (await my.challenges.create({ metric: 'bounty', name: 'Mine', reward: { amountMinor: 100, currency: 'USD' } })).id,
      application: (await my.applications.create({ email: 'kim@mine.test' })).id,
    }

    // Another program holding one object of every kind.
    const b = await ctx.createProgram({ name: 'Theirs', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const other = client(b.secretKey)
    const eve = await other.partners.create({ email: 'eve@theirs.test', linkCode: 'EVE' })
    theirs.partner = eve.id
    theirs.group = (await other.groups.create({ name: 'Theirs' })).id
    theirs.segment = (await other.segments.create({ name: 'Theirs', definition: { conditions: [{ type: 'status', in: ['active'] }] } })).id
    theirs.rule = (await other.rules.create({ name: 'Theirs', event: 'sale', type: 'percent', value: 1000 })).id
    theirs.challenge = (await other.challenges.create({ metric: 'bounty', name: 'Theirs', reward: { amountMinor: 100, currency: 'USD' } })).id
    theirs.resource = (await other.resources.create({ kind: 'copy', title: 'Theirs', content: 'x' })).id
    theirs['webhook endpoint'] = (await other.webhooks.endpoints.create({ url: 'http://127.0.0.1:9/hook', events: ['*'] })).id
    theirs.application = (await other.applications.create({ email: 'kim@theirs.test' })).id
    const click = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': '10.9.0.1', 'user-agent': BROWSER_UA },
      body: JSON.stringify({ key: b.publishableKey, code: 'EVE' }),
    })
    const { clickId } = (await click.json()) as { clickId: string }
    await other.track.sale({ invoiceId: 'in_theirs', amountMinor: 1000, currency: 'USD', clickId, customerExternalId: 'cust_theirs' })
    theirs.customer = (await ctx.db.selectFrom('customers').select('id').where('program_id', '=', b.program.id).executeTakeFirstOrThrow()).id
    theirs.message = (await other.threads.send(eve.id, { body: 'Hello' })).id
    theirs.payout = 'po_0000000000000000000000zz'
    await ctx.db.insertInto('payout_runs').values({ id: 'prun_0000000000000000000000zz', program_id: b.program.id, status: 'created', created_at: '2026-11-01T00:00:00.000Z', paid_at: null }).execute()
    await ctx.db
      .insertInto('payouts')
      .values({
        id: theirs.payout, program_id: b.program.id, run_id: 'prun_0000000000000000000000zz', partner_id: eve.id, amount_minor: 0, currency: 'USD', status: 'pending',
        method: null, destination: null, provider: 'manual', provider_ref: null, failure_reason: null, seq_from: 0, seq_to: 0, created_at: '2026-11-01T00:00:00.000Z', paid_at: null,
      })
      .execute()
  })
  afterAll(() => ctx?.close())

  async function send(c: Case, ref: string, prefix: '' | '/console'): Promise<Answer> {
    const query = c.query ? `?${new URLSearchParams(c.query(ref))}` : ''
    const body = c.body?.(ref, mine)
    const res = await ctx.app.request(`${prefix}${c.path(mine, ref)}${query}`, {
      method: c.method,
      headers: { authorization: `Bearer ${prefix ? consoleToken : key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { error?: { code: string; message: string; field?: string; details?: Array<{ field: string; message: string }> } }) : {}
    // The id itself may be quoted: the rest of the answer must not differ.
    const hide = (text: string | undefined) => text?.replaceAll(ref, '<id>') ?? null
    const details = json.error?.details?.map((d) => ({ field: d.field, message: hide(d.message) }))
    return { status: res.status, code: json.error?.code ?? null, message: hide(json.error?.message), field: json.error?.field ?? null, ...(details && { details }) }
  }

  const label = (c: Case) => `${c.method} ${c.path({ partner: '{id}', rule: '{id}', challenge: '{id}', application: '{id}' }, '{id}')} ${c.field} (${c.kind})`

  it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_label, c) => {
    for (const prefix of ['', '/console'] as const) {
      const none = await send(c, NONE[c.kind], prefix)
      const another = await send(c, theirs[c.kind], prefix)
      if (process.env.REFERENCES_SURVEY) console.log(`SURVEY|${prefix}${label(c)}|${none.status} ${none.code} ${none.message}|${another.status} ${another.code} ${another.message}`)
      expect(another, `${prefix} another program's id answers as an id no program has`).toEqual(none)
      if (c.field === 'path') {
        expect(none.status).toBe(404)
        expect(none.code).toBe('not_found')
      } else {
        const message = `No ${c.noun ?? c.kind} <id> ${c.where ?? 'in this program'}`
        expect(none).toEqual({ status: 404, code: 'not_found', message, field: c.field, details: [{ field: c.field, message }] })
      }
    }
  })
})
