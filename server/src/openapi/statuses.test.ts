// The document declares every status a route answers: asked of the running app with requests every route
// can be sent (no credential, a bad one, made-up ids, an empty body, a NUL in the URL), and with the errors
// each route's description promises. A status a route answers that its entry does not list fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../kernel/ids.ts'
import { ADMIN_TOKEN, createTestContext, type TestContext } from '../testing.ts'
import { buildDocument, loadSdkSchema } from './document.ts'
import type { JsonSchema } from './json-schema.ts'

const doc = buildDocument(loadSdkSchema())
const METHODS = ['get', 'post', 'put', 'patch', 'delete']
const ops = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as JsonSchema })))
const declared = (op: JsonSchema) => Object.keys(op.responses as object).filter((s) => s !== 'default')
const schemes = (op: JsonSchema) => (op.security as Array<Record<string, unknown>>).flatMap((s) => Object.keys(s))
const route = (method: string, path: string) => `${method.toUpperCase()} ${path}`

let ctx: TestContext
const credential: Record<string, string> = {}
beforeAll(async () => {
  ctx = await createTestContext({ rateLimit: { burst: 10_000, perSecond: 10_000 }, authThrottle: { burst: 10_000, perMinute: 10_000 } })
  const keys = await ctx.createProgram()
  credential.secretKey = keys.secretKey
  credential.publishableKey = keys.publishableKey
  credential.adminToken = ADMIN_TOKEN
  const auth = { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }
  const partner = (await (await ctx.app.request('/v1/partners', { method: 'POST', headers: auth, body: JSON.stringify({ email: 'ada@partners.test' }) })).json()) as { id: string }
  credential.embedToken = ((await (await ctx.app.request('/v1/embed-tokens', { method: 'POST', headers: auth, body: JSON.stringify({ partnerId: partner.id }) })).json()) as { token: string }).token
  credential.consoleToken = ((await (await ctx.app.request('/v1/console-tokens', { method: 'POST', headers: auth, body: JSON.stringify({ manager: 'dana@acme.test' }) })).json()) as { token: string }).token
})
afterAll(() => ctx.close())

/** A documented path with made-up ids (and `suffix` after each) in its parameters */
const concrete = (path: string, value = 'x_00000000000000000000000000') => path.replace(/\{(\w+)\}/g, value)
const send = (method: string, url: string, token: string | undefined) =>
  ctx.app.request(url, {
    method: method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(method === 'get' ? {} : { body: '{}' }),
  })

describe('the statuses each route declares', () => {
  it('include whatever a route answers with no credential, a bad one, its own with made-up ids, or a NUL in the URL', async () => {
    const undeclared: string[] = []
    for (const { method, path, op } of ops) {
      const own = schemes(op)[0]
      const tokens = [undefined, 'garbage', own && credential[own]]
      const urls = [concrete(path), `${concrete(path)}?probe=%00`, ...(path.includes('{') ? [concrete(path, '%00')] : [])]
      for (const token of tokens) {
        for (const url of urls) {
          const res = await send(method, url, token)
          const what = `${route(method, path)}: ${res.status}`
          if (res.status >= 400 && !declared(op).includes(String(res.status)) && !undeclared.some((u) => u.startsWith(`${what} `))) {
            undeclared.push(`${what} for ${url} with ${token ? (token === 'garbage' ? 'a bad token' : 'its credential') : 'no credential'}`)
          }
        }
      }
    }
    expect(undeclared).toEqual([])
  })

  it('include the errors the routes promise in their descriptions', async () => {
    const json = async (method: string, url: string, token: string, body: unknown): Promise<Response> =>
      ctx.app.request(url, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
    const secret = (method: string, url: string, body: unknown) => json(method, url, credential.secretKey!, body)
    const noClick = newId('clk', ctx.clock.now().getTime()) // made now: no retention may have deleted it
    const suspended = (await (await secret('POST', '/v1/partners', { email: 'sus@partners.test', linkCode: 'SUSPENDED' })).json()) as { id: string }
    expect((await secret('PATCH', `/v1/partners/${suspended.id}`, { status: 'suspended' })).status).toBe(200)
    const segment = (await (await secret('POST', '/v1/segments', { name: 'Mine', definition: { conditions: [] } })).json()) as { id: string }
    await secret('POST', '/v1/segments', { name: 'Taken', definition: { conditions: [] } })
    const checklist = (await (await secret('PUT', '/v1/onboarding/checklist', { steps: [{ kind: 'first_sale', title: 'Make a sale' }] })).json()) as { steps: Array<{ id: string }> }
    const cases: Array<[method: string, path: string, status: number, answer: () => Promise<Response>]> = [
      ['post', '/v1/track/click', 404, () => json('POST', '/v1/track/click', credential.publishableKey!, { code: 'NOBODY' })],
      ['post', '/v1/track/click', 404, () => json('POST', '/v1/track/click', credential.publishableKey!, { code: 'suspended' })],
      ['post', '/v1/track/lead', 404, () => json('POST', '/v1/track/lead', credential.publishableKey!, { customerExternalId: 'u1', clickId: noClick })],
      ['post', '/v1/track/lead', 404, () => secret('POST', '/v1/track/lead', { customerExternalId: 'u1', clickId: noClick })],
      ['post', '/v1/track/sale', 404, () => secret('POST', '/v1/track/sale', { invoiceId: 'in_1', amountMinor: 100, currency: 'USD', clickId: noClick })],
      ['post', '/v1/track/refund', 404, () => secret('POST', '/v1/track/refund', { invoiceId: 'in_none' })],
      ['patch', '/v1/segments/{id}', 409, () => secret('PATCH', `/v1/segments/${segment.id}`, { name: 'Taken' })],
      ['post', '/v1/portal/onboarding/steps/{stepId}/complete', 400, () => json('POST', `/v1/portal/onboarding/steps/${checklist.steps[0]!.id}/complete`, credential.embedToken!, {})],
    ]
    for (const [method, path, status, answer] of cases) {
      const res = await answer()
      expect(res.status, `${route(method, path)}: ${await res.text()}`).toBe(status)
      expect(declared(doc.paths[path]![method]!), route(method, path)).toContain(String(status))
    }
  })
})
