// The name order as the list pages it through its index (migration 0062) is the order it had when it sorted
// every partner: the name's sort key in code-point order (the email for a partner without a name), ties by
// id, the same direction both ways, on both databases; and a search in that order pages alike. Checked here
// against that order computed in JavaScript, over names that test it: accents, cases, equal names, empty
// names, names past the cursor's carried bytes (re-read by id), letters outside the BMP.
import type { PartnerListItem } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../kernel/ids.ts'
import { nameKeys, searchKey, sortKey } from '../kernel/text-keys.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { MAX_CURSOR } from './partner-order.ts'

const NAMES = ['Émile', 'emile', 'Emile', 'Zoë', 'zoe', 'Ada', 'ada', '', '', 'Åsa', 'Ψάρης', 'Юлия', '𝒜lpha', 'Ａda', 'ß', 'Ōta', 'Noé', 'Noe', 'a'.repeat(30), 'a'.repeat(30), `${'é'.repeat(20)}x`, 'Mia Ölund', 'mia', 'zz']

describe.each(dialects)('on %s', (dialect) => {
  let ctx: TestContext
  let secretKey: string
  const expected: Array<{ id: string; key: string; name: string | null; email: string }> = []
  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    const made = await ctx.createProgram({ name: 'Names' })
    secretKey = made.secretKey
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    const rows = []
    for (let i = 0; i < 120; i++) {
      // Every name three times or more; one partner in six without a name, sorted by an email among the names.
      const name = i % 6 === 5 ? null : NAMES[i % NAMES.length]!
      const email = `${['ada', 'mia', 'zed', 'b'][i % 4]}${i}@names.test`
      // Ids not in creation order alone: ties must break by id, whatever the time.
      const id = newId('prt', t0 + ((i * 37) % 120) * 60_000)
      rows.push({ id, program_id: made.program.id, email, name, ...nameKeys(name), status: 'active' as const, created_at: new Date(t0 + i * 60_000).toISOString() })
      expected.push({ id, key: name === null ? email : sortKey(name), name, email })
    }
    await ctx.db.insertInto('partners').values(rows).execute()
    // Code-point order: UTF-8 bytes compare as code points do (JavaScript's < compares UTF-16 units).
    expected.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  })
  afterAll(() => ctx.close())

  const pages = async (query: string, limit: number) => {
    const out: PartnerListItem[] = []
    let cursor: string | null = null
    for (let i = 0; i < 200; i++) {
      const res = await ctx.app.request(`/v1/partners?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${secretKey}` } })
      expect(res.status).toBe(200)
      const page = (await res.json()) as { data: PartnerListItem[]; nextCursor: string | null }
      out.push(...page.data)
      if (!page.nextCursor) return out
      expect(page.nextCursor.length).toBeLessThanOrEqual(MAX_CURSOR)
      cursor = page.nextCursor
    }
    throw new Error('no end')
  }

  it('pages by name in the order of the sort keys, ties by id, both ways, any page size', async () => {
    const ids = expected.map((e) => e.id)
    for (const limit of [1, 7, 50]) {
      expect((await pages('sort=name&order=asc', limit)).map((p) => p.id)).toEqual(ids)
      expect((await pages('sort=name&order=desc', limit)).map((p) => p.id)).toEqual([...ids].reverse())
    }
    // The empty names first, a partner without a name among the names by its email.
    const asc = await pages('sort=name&order=asc', 25)
    expect(asc.slice(0, 3).map((p) => p.name)).toEqual(['', '', ''])
    expect(asc.some((p) => p.name === null)).toBe(true)
  })

  it('pages a search in the name order, both ways', async () => {
    for (const term of ['mi', 'É', 'a', 'names.test']) {
      const t = searchKey(term)
      const hits = expected.filter((e) => (e.name !== null && searchKey(e.name).includes(t)) || e.email.includes(t)).map((e) => e.id)
      expect(hits.length, term).toBeGreaterThan(3)
      expect((await pages(`sort=name&order=asc&q=${encodeURIComponent(term)}`, 4)).map((p) => p.id), term).toEqual(hits)
      expect((await pages(`sort=name&order=desc&q=${encodeURIComponent(term)}`, 4)).map((p) => p.id), term).toEqual([...hits].reverse())
    }
  })
})
