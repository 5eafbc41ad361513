// Clicks that arrive together share a group commit; on Postgres the batch is written in a few statements
// whatever its size (record-click.ts). Whichever way, each answer must be what the click alone would get:
// a new visitor 201 with a click of its own; a reload (the same visitor on the same link within 30
// minutes, earlier or in the same burst) 200 with the click it repeats; the day's rollup counting stored
// clicks only; an approved partner's click recorded for onboarding; and a click that cannot be stored
// failing alone.
import { Afflio } from '@afflio/sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('a burst of clicks (%s)', (dialect) => {
  let ctx: TestContext
  afterEach(() => ctx?.close())

  async function setUp() {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const keys = await ctx.createProgram({ name: 'Burst', currency: 'USD' })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
    const click = async (code: string, ip: string) => {
      const res = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
        body: JSON.stringify({ key: keys.publishableKey, code, url: `https://burst.test/?ref=${code}`, referrer: 'https://blog.test/post' }),
      })
      return { status: res.status, body: res.status < 300 ? ((await res.json()) as { clickId: string; duplicate: boolean }) : null }
    }
    const rows = async () => ctx.db.selectFrom('clicks').select(['id', 'link_id', 'visitor_hash']).execute()
    const dayClicks = async () =>
      Object.fromEntries((await ctx.db.selectFrom('link_days').select(['link_id', (eb) => eb.fn.sum<number>('clicks').as('n')]).groupBy('link_id').execute()).map((r) => [r.link_id, Number(r.n)]))
    return { keys, afflio, click, rows, dayClicks }
  }

  it('answers each click as it would alone: new visitors, reloads in the burst and of earlier clicks', async () => {
    const { afflio, click, rows, dayClicks } = await setUp()
    const ann = await afflio.partners.create({ email: 'ann@burst.test', linkCode: 'ANN' })
    const bob = await afflio.partners.create({ email: 'bob@burst.test', linkCode: 'BOB' })
    const earlier = await click('ANN', '198.51.100.1')
    expect(earlier.status).toBe(201)
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 10 * 60_000).toISOString()) // 10 minutes on: still a reload

    // 8 new visitors on each link; the first three of Ann's twice in the burst; the earlier visitor again, twice.
    const burst = [
      ...Array.from({ length: 8 }, (_, i) => ['ANN', `203.0.113.${i}`]),
      ...Array.from({ length: 8 }, (_, i) => ['BOB', `203.0.113.${i}`]), // the same addresses on another link: new clicks
      ...Array.from({ length: 3 }, (_, i) => ['ANN', `203.0.113.${i}`]),
      ['ANN', '198.51.100.1'],
      ['ANN', '198.51.100.1'],
    ] as const
    const answers = await Promise.all(burst.map(([code, ip]) => click(code, ip)))

    expect(answers.map((a) => a.status)).toEqual([...Array(16).fill(201), ...Array(5).fill(200)])
    const firsts = answers.slice(0, 16).map((a) => a.body!.clickId)
    expect(new Set(firsts).size).toBe(16)
    expect(answers.slice(16, 19).map((a) => a.body)).toEqual(firsts.slice(0, 3).map((clickId) => expect.objectContaining({ clickId, duplicate: true })))
    expect(answers.slice(19).map((a) => a.body!.clickId)).toEqual([earlier.body!.clickId, earlier.body!.clickId])

    const stored = await rows()
    expect(stored.map((r) => r.id).sort()).toEqual([earlier.body!.clickId, ...firsts].sort())
    expect(new Set(stored.map((r) => `${r.link_id}|${r.visitor_hash}`)).size).toBe(17)
    expect(await dayClicks()).toEqual({ [ann.links[0]!.id]: 9, [bob.links[0]!.id]: 8 })
  })

  it("records an approved partner's clicks for onboarding, which makes the partner active", async () => {
    const { afflio, click } = await setUp()
    const pat = await afflio.partners.create({ email: 'pat@burst.test', linkCode: 'PAT' })
    await afflio.partners.update(pat.id, { status: 'approved' })
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => click('PAT', `192.0.2.${i % 4}`))) // two reloads
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201, 201, 201, 201])
    const recorded = await ctx.db.selectFrom('internal_events').select('payload').where('type', '=', 'click.recorded').execute()
    expect(recorded.map((e) => (JSON.parse(e.payload) as { clickId: string }).clickId).sort()).toEqual(answers.map((a) => a.body!.clickId).sort())
    await ctx.drain()
    expect((await afflio.partners.get(pat.id)).status).toBe('active')
  })

  it('fails a click that cannot be stored alone; the others in its burst are stored', async () => {
    const { keys, afflio, click, rows } = await setUp()
    await afflio.partners.create({ email: 'kim@burst.test', linkCode: 'KIM' })
    const gone = await afflio.partners.create({ email: 'gone@burst.test', linkCode: 'GONE' })
    // The link is found (and kept for a few seconds) by a click the fraud rules do not count, then deleted
    // under the cache: its next click breaks the foreign key.
    const bot = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': 'curl/8.0' }, body: JSON.stringify({ key: keys.publishableKey, code: 'GONE' }) })
    expect(bot.status).toBe(204)
    await ctx.db.deleteFrom('links').where('id', '=', gone.links[0]!.id).execute()

    const answers = await Promise.all([...Array.from({ length: 5 }, (_, i) => click('KIM', `203.0.113.${i}`)), click('GONE', '203.0.113.9')])
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([201, 201, 201, 201, 201])
    expect(answers[5]!.status).toBeGreaterThanOrEqual(400)
    expect((await rows()).map((r) => r.id).sort()).toEqual(answers.slice(0, 5).map((a) => a.body!.clickId).sort())
  })
})
