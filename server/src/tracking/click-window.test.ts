// The 30-minute window in which the same visitor on the same link is the same click. On SQLite the window's
// visits are kept in memory (recent-visits.ts) and each candidate is confirmed against its row, so these
// check what memory alone could get wrong: a restart, a row gone from under an entry, the window's edge.
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { newId } from '../kernel/ids.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('the reload window (%s)', (dialect) => {
  let ctx: TestContext
  afterEach(() => ctx?.close())

  async function setUp() {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const keys = await ctx.createProgram({ name: 'Window', currency: 'USD' })
    const res = await ctx.app.request('/v1/partners', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ann@window.test', linkCode: 'ANN' }),
    })
    expect(res.status).toBe(201)
    const click = async (app: { request: TestContext['app']['request'] }, ip: string, code = 'ANN') => {
      const r = await app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
        body: JSON.stringify({ key: keys.publishableKey, code }),
      })
      return { status: r.status, ...((await r.json()) as { clickId: string; duplicate: boolean }) }
    }
    const later = (minutes: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + minutes * 60_000).toISOString())
    return { click, later }
  }

  it('a reload after a restart repeats the click made before it', async () => {
    const { click, later } = await setUp()
    const first = await click(ctx.app, '198.51.100.7')
    expect(first).toMatchObject({ status: 201, duplicate: false })
    const restarted = createApp({ db: ctx.connectAgain(), now: ctx.clock.now, rateLimit: { trustProxy: true } })
    later(29)
    expect(await click(restarted, '198.51.100.7')).toMatchObject({ status: 200, clickId: first.clickId, duplicate: true })
    expect(await click(restarted, '198.51.100.8')).toMatchObject({ status: 201, duplicate: false })
  })

  it('a visit past the window is a new click, and a reload of it repeats the new one', async () => {
    const { click, later } = await setUp()
    const first = await click(ctx.app, '198.51.100.7')
    later(31)
    const second = await click(ctx.app, '198.51.100.7')
    expect(second).toMatchObject({ status: 201, duplicate: false })
    expect(second.clickId).not.toBe(first.clickId)
    later(29) // past two of memory's windows since the first, within one of the second
    expect(await click(ctx.app, '198.51.100.7')).toMatchObject({ status: 200, clickId: second.clickId })
  })

  it('a click whose row is gone (pruned, deleted) is not repeated: the visit counts again', async () => {
    const { click, later } = await setUp()
    const first = await click(ctx.app, '198.51.100.7')
    await ctx.db.deleteFrom('clicks').where('id', '=', first.clickId).execute()
    later(1)
    const again = await click(ctx.app, '198.51.100.7')
    expect(again).toMatchObject({ status: 201, duplicate: false })
    expect(again.clickId).not.toBe(first.clickId)
  })

  it('a restart reads back every visit of the window, however many pages it takes', async () => {
    const { click, later } = await setUp()
    const first = await click(ctx.app, '198.51.100.7')
    const link = await ctx.db.selectFrom('clicks').select(['program_id', 'link_id', 'partner_id']).where('id', '=', first.clickId).executeTakeFirstOrThrow()
    const at = ctx.clock.now().getTime()
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ ...link, id: newId('clk', at + i), visitor_hash: `other-${i}`, created_at: new Date(at + i).toISOString() }))
    for (let i = 0; i < rows.length; i += 500) await ctx.db.insertInto('clicks').values(rows.slice(i, i + 500)).execute()
    later(0.5) // past the 12,000 (12 s): ids sort by time, so this one is on the load's last page
    const last = await click(ctx.app, '198.51.100.8')
    later(20)
    const restarted = createApp({ db: ctx.connectAgain(), now: ctx.clock.now, rateLimit: { trustProxy: true } })
    const [a, b] = await Promise.all([click(restarted, '198.51.100.7'), click(restarted, '198.51.100.8')])
    expect(a).toMatchObject({ status: 200, clickId: first.clickId })
    expect(b).toMatchObject({ status: 200, clickId: last.clickId })
  })
})
