// Every list the document gives a cursor, asked of the running app: a cursor the list did not make
// (garbage, empty, another list's id) is a 400 on `cursor`, never read as a place; and each cursor a list
// makes, it takes back and moves on with. A list route added without data below fails the second test.
import { AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, LOOPBACK, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'
import { buildDocument, CONSOLE_TAG, loadSdkSchema } from './document.ts'
import type { JsonSchema } from './json-schema.ts'

const doc = buildDocument(loadSdkSchema())
/** The list routes (GET, a `cursor` in the query) and the cursors each takes */
const lists = Object.entries(doc.paths).flatMap(([path, item]) => {
  const op = item.get
  if (!op || (op.tags as string[]).includes(CONSOLE_TAG)) return []
  const cursors = ((op.parameters ?? []) as JsonSchema[]).filter((p) => p.in === 'query' && /^(cursor|\w+Cursor)$/.test(p.name as string)).map((p) => p.name as string)
  return cursors.length ? [{ path, cursors, auth: Object.keys((op.security as Array<Record<string, unknown>>)[0] ?? {})[0] }] : []
})

describe.each(dialects)('list cursors on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  let embedToken: string
  /** A documented path with the fixture's ids in its parameters */
  const params: Record<string, string> = {}
  const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => params[`${path}:${name}`] ?? params[name]!)
  const get = (path: string, query: Record<string, string>, auth = 'secretKey') => {
    const token = auth === 'secretKey' ? p.keys.secretKey : auth === 'embedToken' ? embedToken : undefined
    return ctx.app.request(`${concrete(path)}?${new URLSearchParams(query)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, webhookNetworks: LOOPBACK, rateLimit: { burst: 10_000, perSecond: 10_000 } })
    ctx.clock.set('2026-06-01T12:00:00.000Z')
    p = await payoutProgram(ctx)
    const { afflio } = p
    // Two of everything each list shows, made the way the API makes them.
    for (const n of [1, 2]) await afflio.webhooks.endpoints.create({ url: `http://127.0.0.1:9/hook${n}`, events: ['*'] })
    const ann = await p.partner('Ann', { method: 'paypal', email: 'ann@paypal.test' })
    const bo = await p.partner('Bo', { method: 'paypal', email: 'bo@paypal.test' })
    params.id = ann.id
    params.partnerId = ann.id
    const fetchApp = async (input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)
    // A portal session now (embed tokens expire, and the clock moves below)
    const portalOf = async (partnerId: string) =>
      new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const portal = await portalOf(ann.id)

    await afflio.keys.create()
    await portal.links.create({ code: 'ANN-TWO' })
    const segment = await afflio.segments.create({ name: 'Everyone', definition: { conditions: [] } })
    await afflio.segments.create({ name: 'Everyone again', definition: { conditions: [] } })
    params['/v1/segments/{id}/partners:id'] = segment.id
    const bounty = await afflio.challenges.create({ metric: 'bounty', name: 'Review us', reward: { amountMinor: 1000, currency: 'USD' }, maxPerPartner: 2 })
    params['/v1/portal/challenges/{id}/submissions:id'] = bounty.id
    await afflio.challenges.create({ metric: 'bounty', name: 'Post about us', reward: { amountMinor: 1000, currency: 'USD' } })
    await portal.challenges.submit(bounty.id, { url: 'https://ann.test/review' })
    await portal.challenges.submit(bounty.id, { url: 'https://ann.test/review-again' })
    await (await portalOf(bo.id)).challenges.submit(bounty.id, { url: 'https://bo.test/review' })
    for (const n of [1, 2]) {
      await afflio.partners.addNote(ann.id, { body: `Note ${n}` })
      await afflio.invitations.resend(n === 1 ? ann.id : bo.id, { acceptUrl: 'https://acme.test/join' })
      await afflio.resources.create({ kind: 'copy', title: `Copy ${n}`, content: 'Try Acme' })
      await afflio.applications.create({ email: `applicant${n}@a.test` })
      await afflio.couponCodes.create({ partnerId: ann.id, code: `ANN${n}0` })
      await portal.deals.register({ company: `Globex ${n}`, contactName: 'Hank', contactEmail: `hank@globex${n}.test` })
      await portal.claims.file({ invoiceId: `in_claim_${n}`, occurredAt: '2026-05-30' })
      await afflio.threads.send(n === 1 ? bo.id : ann.id, { body: `Hello ${n}` })
      await afflio.threads.send(ann.id, { body: `And again ${n}` })
      const newsletter = await afflio.newsletters.create({ subject: `News ${n}`, body: 'Hello', audience: { all: true } })
      await afflio.newsletters.send(newsletter.id)
      params['/v1/newsletters/{id}/recipients:id'] = newsletter.id
    }
    for (const n of [1, 2]) {
      // A visitor of Ann's link signs up, then buys; the holding period passes and a run pays her.
      const click = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.100.${n}` },
        body: JSON.stringify({ key: p.keys.publishableKey, code: ann.code }),
      })
      const { clickId } = (await click.json()) as { clickId: string }
      await afflio.track.lead({ clickId, customerExternalId: `user_${n}` })
      await afflio.track.sale({ invoiceId: `in_${n}`, amountMinor: 10_000, currency: 'USD', customerExternalId: `user_${n}` })
      await p.settle()
      await afflio.payouts.runs.create()
    }
    embedToken = (await afflio.embedTokens.create({ partnerId: ann.id })).token
    const other = await ctx.createProgram({ name: 'Globex' })
    for (const [key, slug] of [
      [p.keys.secretKey, 'acme'],
      [other.secretKey, 'globex'],
    ] as const) {
      const res = await ctx.app.request('/v1/marketplace-listing', {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ listed: true, slug, description: 'Tools', category: 'saas' }),
      })
      expect(res.status).toBe(200)
    }
    await ctx.drain()
  }, 120_000)
  afterAll(() => ctx?.close())

  it('finds the lists in the document', () => {
    expect(lists.length).toBeGreaterThan(30)
    expect(lists.map((l) => l.path)).toEqual(expect.arrayContaining(['/v1/commissions', '/v1/sales', '/v1/partners', '/v1/portal/messages', '/marketplace']))
  })

  it('answers a cursor the list did not make with 400 invalid_request on the field', async () => {
    const someId = (prefix: string) => `${prefix}_${'0'.repeat(24)}`
    for (const { path, cursors, auth } of lists) {
      for (const name of cursors) {
        for (const cursor of ['garbage', 'zzzz', '', '0', someId('xyz'), someId('prt').toUpperCase(), `${someId('com')}x`, 'a'.repeat(65)]) {
          if (cursor === '' && path === '/marketplace') continue // its search form sends empty fields, which mean none
          const res = await get(path, { [name]: cursor }, auth)
          expect(res.status, `${path}?${name}=${cursor}`).toBe(400)
          if (path.startsWith('/marketplace')) continue // an HTML page
          expect(((await res.json()) as { error: unknown }).error, `${path}?${name}=${cursor}`).toEqual({ code: 'invalid_request', message: expect.stringMatching(new RegExp(`^${name}: not a cursor of this list`)), field: name })
        }
      }
    }
  })

  it('takes back every cursor it makes, and moves on', async () => {
    for (const { path, cursors, auth } of lists) {
      for (const name of cursors) {
        // The portal's inbox holds two pages: its messages (`cursor`) and its newsletters (`newslettersCursor`).
        const pageOf = (body: Record<string, unknown>) =>
          (path === '/v1/portal/messages' ? body[name === 'cursor' ? 'messages' : 'newsletters'] : body) as { data: Array<{ id?: string; seq?: number }>; nextCursor: string | null }
        const read = async (query: Record<string, string>) => {
          const res = await get(path, { limit: '1', ...query }, auth)
          const text = await res.text()
          expect(res.status, `${path} ${JSON.stringify(query)}: ${text.slice(0, 300)}`).toBe(200)
          if (path === '/marketplace') {
            const next = /[?&;]cursor=([^"&]+)/.exec(text)?.[1]
            return { next: next && decodeURIComponent(next), first: /<h2><a href="marketplace\/([^"]+)"/.exec(text)?.[1] }
          }
          const page = pageOf(JSON.parse(text) as Record<string, unknown>)
          return { next: page.nextCursor, first: JSON.stringify(page.data[0]) }
        }
        const one = await read({})
        expect(one.next, `${path}: no second page to walk to (give the list two rows above)`).toBeTruthy()
        const two = await read({ [name]: one.next! })
        expect(two.first, path).toBeDefined()
        expect(two.first, path).not.toEqual(one.first)
      }
    }
  })
})
