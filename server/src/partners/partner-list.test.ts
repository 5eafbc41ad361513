// The partner list's performance columns through the API: every sort in both directions paged with a
// small limit, search, filters combined with a sort, bad cursors, and another program's data never counted.
import type { Afflio } from '@afflio/sdk'
import type { PartnerListItem, PartnerSort } from '@afflio/sdk/types'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sortKey } from '../kernel/text-keys.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('partner list on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  let minute = 0
  const tick = () => ctx.clock.set(new Date(Date.parse('2026-06-01T12:00:00.000Z') + ++minute * 60_000).toISOString())

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    minute = 0
    ctx.clock.set('2026-06-01T12:00:00.000Z')
    p = await payoutProgram(ctx)
  })
  afterEach(() => ctx.close())

  let ip = 0
  const click = async (code: string, key = p.keys.publishableKey) => {
    tick()
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      // a browser of its own: the same visitor's repeat click would not count
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA.replace('131.0.0.0', `131.0.${++ip}.0`) },
      body: JSON.stringify({ key, code }),
    })
    expect(res.status).toBe(201)
  }

  /** Every page of one order, `limit` at a time, checking that cursors move forward. */
  const all = async (afflio: Afflio, query: Parameters<Afflio['partners']['list']>[0], limit = 2) => {
    const out: PartnerListItem[] = []
    let cursor: string | undefined
    for (let i = 0; i < 20; i++) {
      const page = await afflio.partners.list({ ...query, limit, cursor })
      out.push(...page.data)
      if (!page.nextCursor) return out
      cursor = page.nextCursor
    }
    throw new Error('no end')
  }

  /** Five partners with distinct and tied figures. */
  const seed = async () => {
    tick()
    const ada = await p.partner('Ada') // 2 clicks (her second sale's is the same visitor's repeat), 2 sales (one refunded later): revenue 5000, earned 5000
    tick()
    const bo = await p.partner('Bo') // 1 click, a sale of 9000 and one in KWD
    tick()
    const cy = await p.partner('Cy') // 3 clicks, nothing sold
    tick()
    const di = await p.partner('Di') // nothing at all
    tick()
    const ed = await p.partner('Ed') // 1 click, a sale of 5000 (ties Ada on revenue and earnings)
    tick()
    await p.sell(ada, 5_000)
    tick()
    await p.sell(ada, 2_000)
    await click(ada.code)
    tick()
    await p.sell(bo, 9_000)
    tick()
    await p.sell(bo, 1_500, 'KWD')
    await click(cy.code)
    await click(cy.code)
    await click(cy.code)
    tick()
    await p.sell(ed, 5_000)
    tick()
    const refund = (await p.afflio.sales.list({ partnerId: ada.id })).data.find((s) => s.amountMinor === 2_000)!
    await p.afflio.track.refund({ invoiceId: refund.invoiceId })
    return { ada, bo, cy, di, ed }
  }

  it('shows each partner its clicks, sales, revenue, earnings and last activity', async () => {
    const { ada, bo, cy, di, ed } = await seed()
    const list = await all(p.afflio, {}, 100)
    const by = new Map(list.map((x) => [x.id, x.performance]))
    expect(by.get(ada.id)).toEqual({ clicks: 2, sales: 1, revenue: { amountMinor: 5_000, currency: 'USD' }, earnings: { amountMinor: 5_000, currency: 'USD' }, lastActivityAt: expect.any(String) })
    expect(by.get(bo.id)).toMatchObject({ clicks: 1, sales: 2, revenue: { amountMinor: 9_000 }, earnings: { amountMinor: 9_000 } })
    expect(by.get(cy.id)).toMatchObject({ clicks: 3, sales: 0, revenue: { amountMinor: 0 }, earnings: { amountMinor: 0 } })
    expect(by.get(di.id)).toEqual({ clicks: 0, sales: 0, revenue: { amountMinor: 0, currency: 'USD' }, earnings: { amountMinor: 0, currency: 'USD' }, lastActivityAt: null })
    expect(by.get(ed.id)).toMatchObject({ clicks: 1, sales: 1, revenue: { amountMinor: 5_000 } })
    // Cy's last click came after Bo's sales; Ada's last activity is her click, after her sales.
    expect(by.get(cy.id)!.lastActivityAt! > by.get(bo.id)!.lastActivityAt!).toBe(true)
    // Another currency: Bo's KWD sale alone.
    const kwd = await all(p.afflio, { currency: 'KWD', sort: 'revenue' }, 100)
    expect(kwd[0]).toMatchObject({ id: bo.id, performance: { revenue: { amountMinor: 1_500, currency: 'KWD' }, earnings: { amountMinor: 1_500, currency: 'KWD' } } })
    expect(kwd.slice(1).every((x) => x.performance.revenue.amountMinor === 0)).toBe(true)
  })

  it('sorts by every column both ways, ties broken by id, paging without repeats or gaps', async () => {
    await seed()
    const full = await all(p.afflio, {}, 100)
    const value: Record<PartnerSort, (x: PartnerListItem) => number | string> = {
      createdAt: (x) => x.id,
      name: (x) => (x.name === null ? x.email : sortKey(x.name)),
      clicks: (x) => x.performance.clicks,
      sales: (x) => x.performance.sales,
      revenue: (x) => x.performance.revenue.amountMinor,
      earnings: (x) => x.performance.earnings.amountMinor,
      lastActivity: (x) => x.performance.lastActivityAt ?? '',
    }
    for (const sort of Object.keys(value) as PartnerSort[]) {
      for (const order of ['asc', 'desc'] as const) {
        const sign = order === 'asc' ? 1 : -1
        const v = value[sort]
        const expected = [...full].sort((a, b) => sign * (v(a) < v(b) ? -1 : v(a) > v(b) ? 1 : a.id < b.id ? -1 : 1)).map((x) => x.id)
        const paged = (await all(p.afflio, { sort, order }, 2)).map((x) => x.id)
        expect(paged, `${sort} ${order}`).toEqual(expected)
      }
    }
    // The default is newest first, and its cursor is an id as before.
    const first = await p.afflio.partners.list({ limit: 2 })
    expect(first.nextCursor).toBe(first.data[1]!.id)
  })

  it('searches name, email and link codes, any case, with LIKE wildcards taken literally', async () => {
    const { ada, bo } = await seed()
    const ids = async (q: string, extra = {}) => (await all(p.afflio, { q, ...extra }, 100)).map((x) => x.id)
    expect(await ids('ADA')).toEqual([ada.id])
    expect(await ids('bo2@partners')).toEqual([bo.id])
    expect(await ids(ada.code.toLowerCase())).toEqual([ada.id])
    await p.afflio.links.create({ partnerId: bo.id, code: 'spring_sale' })
    expect(await ids('spring_')).toEqual([bo.id])
    expect(await ids('%')).toEqual([])
    expect(await ids('_')).toEqual([bo.id])
    // Search, a filter and a figure's order together.
    await p.afflio.partners.update(bo.id, { status: 'suspended' })
    expect(await ids('partners.test', { status: 'active', sort: 'revenue' })).toHaveLength(4)
    expect(await ids('partners.test', { status: 'suspended', sort: 'revenue' })).toEqual([bo.id])
  })

  it('searches and orders names in any letters alike on both databases', async () => {
    const make = async (name: string, email: string) => (await p.afflio.partners.create({ email, name })).id
    const emile = await make('Émile', 'em@partners.test')
    const emile2 = await make('émile2', 'e2@partners.test')
    const ez = await make('Éz', 'ez@partners.test')
    const ea = await make('éa', 'ea@partners.test')
    const zoe = await make('Zoe', 'zoe@partners.test')
    const adam = await make('ADAM', 'adam@partners.test')
    const sofia = await make('ΣΟΦΙΑΣ', 'sofia@partners.test')
    const ids = async (q: string) => (await all(p.afflio, { q }, 100)).map((x) => x.id).sort()
    for (const q of ['Émile', 'émile', 'ÉMILE', 'mile']) expect(await ids(q), q).toEqual([emile, emile2].sort())
    expect(await ids('ÉMILE2')).toEqual([emile2])
    expect(await ids('σοφιας')).toEqual([sofia]) // a final sigma is any sigma
    // A name changed is searched by its new name.
    await p.afflio.partners.update(zoe, { name: 'Øyvind' })
    expect(await ids('øYVIND')).toEqual([zoe])
    expect(await ids('zoe@')).toEqual([zoe])
    // By name: case and Latin accents aside, in code-point order; ties by id.
    const named = (await all(p.afflio, { sort: 'name', order: 'asc' }, 2)).map((x) => x.id)
    expect(named).toEqual([adam, ea, emile, emile2, ez, zoe, sofia])
    expect((await all(p.afflio, { sort: 'name', order: 'desc' }, 3)).map((x) => x.id)).toEqual([...named].reverse())
  })

  const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url')

  it('answers a bad query, a cursor of another order or a tampered cursor with 400', async () => {
    await seed()
    const page = await p.afflio.partners.list({ sort: 'clicks', limit: 2 })
    const get = (qs: string) => ctx.app.request(`/v1/partners?${qs}`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    const tail = page.data[0]!.id.slice(4)
    const b64 = (text: string) => Buffer.from(text).toString('base64url')
    for (const qs of [
      `sort=revenue&cursor=${page.nextCursor}`,
      `sort=clicks&cursor=${page.data[0]!.id}`,
      `cursor=${page.nextCursor}`,
      'sort=clicks&cursor=bm90LWpzb24',
      'sort=bogus',
      'order=up',
      'currency=XXX1',
      `q=${'x'.repeat(201)}`,
      // Well formed, but tampered with: a value no database can store (Postgres refuses NUL in text), text
      // that is not UTF-8, base64 or numbers not as the list writes them, a value where none goes.
      ...(['name', 'lastActivity'] as const).map((sort) => `sort=${sort}&order=asc&cursor=${sort[0]}a.${b64('a\u0000b')}.${tail}`),
      `sort=name&order=desc&cursor=nd.${Buffer.from([0xed, 0xa0, 0x80]).toString('base64url')}.${tail}`,
      `sort=name&order=desc&cursor=nd.YR.${tail}`,
      `sort=name&order=desc&cursor=nd.${b64('x'.repeat(25))}.${tail}`,
      ...['1e3', '01', '+1', '1.5', '', '9007199254740993'].map((n) => `sort=clicks&cursor=cd.${n}.${tail}`),
      `sort=createdAt&order=asc&cursor=ta.${b64('x')}.${tail}`,
      `sort=clicks&cursor=cd.1.${tail}x`,
      `sort=clicks&cursor=cd.1.1.${tail}`,
      `sort=clicks&cursor=${'9'.repeat(61)}`,
      // the form before cursors were bounded
      `sort=name&order=desc&cursor=${forged(['name', 'desc', 'ada', page.data[0]!.id])}`,
    ]) {
      const res = await get(qs)
      expect(res.status, qs).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
    expect((await get(`sort=clicks&cursor=${page.nextCursor}`)).status).toBe(200)
    // Each well-formed value is taken: a number, text, and the empty text of no activity.
    for (const qs of [`sort=clicks&cursor=cd.-5.${tail}`, `sort=name&order=desc&cursor=nd.${b64('ada')}.${tail}`, `sort=lastActivity&cursor=ad..${tail}`]) {
      expect((await get(qs)).status, qs).toBe(200)
    }
  })

  it('pages by name whatever the names: every cursor short and taken back, ties, inserts and renames between pages', async () => {
    const long = 'a'.repeat(200)
    const email = `${'m'.repeat(61)}.${'n'.repeat(61)}@partners.test` // 137 characters, no name: sorted by its email
    const japanese = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや' // 36 characters, 108 bytes
    const created: string[] = []
    for (const input of [{ name: long }, {}, { name: japanese }, { name: 'Bea' }, { name: 'bea' }, { name: `${long.slice(0, 199)}b` }]) {
      tick()
      created.push((await p.afflio.partners.create({ email: created.length === 1 ? email : `p${created.length}@partners.test`, ...input })).id)
    }
    const get = (qs: string) => ctx.app.request(`/v1/partners?${qs}`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    for (const order of ['asc', 'desc'] as const) {
      // The database's own order in one page; one partner a page must give the same.
      const whole = (await p.afflio.partners.list({ sort: 'name', order, limit: 100 })).data.map((x) => x.id)
      const paged: string[] = []
      let cursor: string | undefined
      do {
        const res = await get(`sort=name&order=${order}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        expect(res.status, cursor).toBe(200)
        const page = (await res.json()) as { data: PartnerListItem[]; nextCursor: string | null }
        paged.push(...page.data.map((x) => x.id))
        if (page.nextCursor) expect(page.nextCursor.length, page.nextCursor).toBeLessThanOrEqual(64)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(paged, order).toEqual(whole)
      expect(paged.sort()).toEqual([...created].sort())
    }
    // Between pages: a partner that sorts after the place is listed, one before it is not, and renaming the
    // last partner of a page does not move the place when its name was carried (short) ...
    const first = await p.afflio.partners.list({ sort: 'name', order: 'asc', limit: 4 }) // the a's, then Bea and bea: a tie, by id
    expect(first.data.map((x) => x.name)).toEqual([long, `${long.slice(0, 199)}b`, 'Bea', 'bea'])
    tick()
    const before = await p.afflio.partners.create({ email: 'aa@partners.test', name: 'Aaron' })
    tick()
    const after = await p.afflio.partners.create({ email: 'zz@partners.test', name: 'Zed' })
    await p.afflio.partners.update(first.data[3]!.id, { name: 'Zz top' })
    const rest = (await p.afflio.partners.list({ sort: 'name', order: 'asc', cursor: first.nextCursor!, limit: 100 })).data.map((x) => x.id)
    expect(rest).not.toContain(before.id)
    // still after "bea": the email, Zed, the renamed partner (now after the place too) and the Japanese name
    expect(rest.sort()).toEqual([created[1], created[2], after.id, first.data[3]!.id].sort())
    // ... and a long name, left out of its cursor, is read again from the partner: the list goes on after it,
    // even when the partner has left the filter since.
    const longFirst = await p.afflio.partners.list({ sort: 'name', order: 'desc', status: 'active', limit: 1, q: 'a'.repeat(100) })
    expect(longFirst.data[0]!.id).toBe(created[5])
    await p.afflio.partners.update(created[5]!, { status: 'suspended' })
    const longRest = await p.afflio.partners.list({ sort: 'name', order: 'desc', status: 'active', q: 'a'.repeat(100), cursor: longFirst.nextCursor! })
    expect(longRest.data.map((x) => x.id)).toEqual([created[0]])
    expect(longRest.nextCursor).toBeNull()
  })

  it("refuses a cursor naming another program's partner", async () => {
    const mine = await p.partner('Ann')
    await p.afflio.partners.create({ email: `${'l'.repeat(40)}@partners.test`, name: 'l'.repeat(40) })
    const page = await p.afflio.partners.list({ sort: 'name', order: 'desc', limit: 1 })
    expect(page.nextCursor).toMatch(/^nd\.[0-9a-z]{24}$/) // the name left out: too long to carry
    const other = await payoutProgram(ctx)
    const res = await ctx.app.request(`/v1/partners?sort=name&order=desc&cursor=${page.nextCursor}`, { headers: { authorization: `Bearer ${other.keys.secretKey}` } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('cursor')
    expect((await p.afflio.partners.list({ sort: 'name', order: 'desc', cursor: page.nextCursor! })).data.map((x) => x.id)).toEqual([mine.id])
  })

  it("never lists or counts another program's partners, clicks or sales", async () => {
    const { ada } = await seed()
    const other = await payoutProgram(ctx)
    const eve = await other.partner('Ada') // same name, another program
    await other.sell(eve, 70_000)
    for (const sort of ['clicks', 'revenue', 'earnings', 'name'] as const) {
      const mine = await all(p.afflio, { sort }, 100)
      expect(mine.map((x) => x.id)).not.toContain(eve.id)
      expect(mine).toHaveLength(5)
    }
    expect((await all(other.afflio, { q: 'ada' }, 100)).map((x) => x.id)).toEqual([eve.id])
    expect((await all(p.afflio, { q: 'ada' }, 100)).map((x) => x.id)).toEqual([ada.id])
    expect((await all(other.afflio, {}, 100))[0]!.performance).toMatchObject({ clicks: 1, sales: 1, revenue: { amountMinor: 70_000 } })
  })
})
