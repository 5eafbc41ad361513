// The body's `key` is the tracking script's (`data-key`): a secret key there was pasted into a web page, so it
// is public. The tracking routes refuse it, and say to use the publishable key and to roll the secret one;
// the secret key as a bearer token (the server's calls, the SDK's track.lead) keeps working, unthrottled.
import { Afflio } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('a secret key on the tracking routes on %s', (dialect) => {
  let ctx: TestContext
  let keys: { publishableKey: string; secretKey: string }
  let afflio: Afflio
  let ip = 0

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { burst: 3, perSecond: 0.001, trustProxy: true } })
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD' })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    await afflio.partners.create({ email: 'alice@partners.test', linkCode: 'ALICE' })
  })
  afterEach(() => ctx.close())

  const post = (path: string, body: object, headers: Record<string, string> = {}, from = `203.0.113.${++ip}`) =>
    ctx.app.request(path, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': from, ...headers }, body: JSON.stringify(body) })
  const rows = async () => {
    const n = async (t: 'clicks' | 'customers') => Number((await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return { clicks: await n('clicks'), customers: await n('customers') }
  }

  it('refuses a secret key in the body of a click and of a lead, says why and what to do, and writes nothing', async () => {
    const clickId = ((await (await post('/v1/track/click', { key: keys.publishableKey, code: 'ALICE' })).json()) as { clickId: string }).clickId
    const before = await rows()
    for (const [path, body] of [
      ['/v1/track/click', { key: keys.secretKey, code: 'ALICE' }],
      ['/v1/track/lead', { key: keys.secretKey, clickId, customerExternalId: 'user_1' }],
    ] as const) {
      const res = await post(path, body, { origin: 'https://shop.test' })
      expect(res.status, path).toBe(403)
      expect(res.headers.get('access-control-allow-origin'), 'the page can read why').toBe('*')
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('forbidden')
      expect(error.message).toContain('publishable key (pk_…)')
      expect(error.message).toContain('POST /v1/keys')
      expect(error.message).toContain('DELETE /v1/keys/:id')
      expect(error.message).toContain('Authorization: Bearer')
    }
    // Beside a bearer key too: the body's key is the page's, whatever the header says.
    expect((await post('/v1/track/click', { key: keys.secretKey, code: 'ALICE' }, { authorization: `Bearer ${keys.secretKey}` })).status).toBe(403)
    // Not a key we issued: refused all the same, before any lookup.
    expect((await post('/v1/track/click', { key: 'sk_live_made_up', code: 'ALICE' })).status).toBe(403)
    expect(await rows()).toEqual(before)
  })

  it('takes the secret key as a bearer token: a click, a lead through the SDK, never throttled', async () => {
    const clicks = []
    for (let i = 0; i < 5; i++) clicks.push(await post('/v1/track/click', { code: 'ALICE' }, { authorization: `Bearer ${keys.secretKey}` }, '198.51.100.1'))
    expect(clicks.map((r) => r.status)).toEqual([201, 200, 200, 200, 200]) // the same visitor: its click once, past the burst of 3
    const { clickId } = (await clicks[0]!.json()) as { clickId: string }
    const customer = await afflio.track.lead({ customerExternalId: 'user_2', clickId, email: 'bo@buyer.test' })
    expect(customer).toMatchObject({ externalId: 'user_2', email: 'bo@buyer.test' })
  })

  it('throttles a secret key in the body like any page: the bearer key alone is exempt', async () => {
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await post('/v1/track/click', { key: keys.secretKey, code: 'ALICE' }, {}, '198.51.100.2')).status)
    expect(statuses).toEqual([403, 403, 403, 429])
  })

  it('still takes the publishable key in the body, as the script sends it', async () => {
    const click = await post('/v1/track/click', { key: keys.publishableKey, code: 'ALICE' }, { origin: 'https://shop.test' })
    expect(click.status).toBe(201)
    const { clickId } = (await click.json()) as { clickId: string }
    const lead = await post('/v1/track/lead', { key: keys.publishableKey, clickId, customerExternalId: 'user_3' }, { origin: 'https://shop.test' })
    expect(await lead.json()).toEqual({ received: true, customerExternalId: 'user_3', clickId })
  })
})
