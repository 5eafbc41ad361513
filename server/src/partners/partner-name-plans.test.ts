// The partner list in the name order (and the creation order) reads its page through an index on both
// databases, from the cursor on, and computes the figures of that page's partners only: no statement sorts
// the program's partners or walks them all. Without migration 0062's index each page sorted every partner
// of the program after a figure subquery per partner had been planned (50,000 partners: ~40 ms a page on
// SQLite, ~100 ms on Postgres, 400 ms with a search; bench/partner-list.ts).
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../kernel/ids.ts'
import { nameKeys } from '../kernel/text-keys.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { type Ran, recordReads } from '../testing-reads.ts'


type PgNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Plans?: PgNode[] }

/** How a statement's plan reads partners: each read as `how partners [by index]`, and any sort. */
async function reads(ctx: TestContext, { sql: text, parameters }: Ran): Promise<string[]> {
  const run = (prefix: string) => ctx.db.executeQuery<Record<string, unknown>>({ sql: `${prefix} ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })
  const found: string[] = []
  if (ctx.dialect === 'sqlite') {
    for (const { detail } of (await run('explain query plan')).rows as Array<{ detail: string }>) {
      if (detail.startsWith('USE TEMP B-TREE')) found.push('sort')
      const m = /^(SCAN|SEARCH) partners(?: USING (?:COVERING )?INDEX (\w+))?( \(.*\))?/.exec(detail)
      if (m) found.push(`${m[1] === 'SEARCH' ? 'seek' : 'walk'} partners${m[2] ? ` by ${m[2]}` : ''}${m[3] ?? ''}`)
    }
  } else {
    const [{ Plan }] = (await run('explain (format json)')).rows[0]!['QUERY PLAN'] as [{ Plan: PgNode }]
    const visit = (node: PgNode) => {
      if (/Sort/.test(node['Node Type'])) found.push('sort')
      if (node['Relation Name'] === 'partners') found.push(`${/Index/.test(node['Node Type']) && node['Index Cond'] ? 'seek' : 'walk'} partners${node['Index Name'] ? ` by ${node['Index Name']}` : ''} (${node['Index Cond'] ?? ''})`)
      for (const child of node.Plans ?? []) visit(child)
    }
    visit(Plan)
  }
  return found
}

describe.each(dialects)('on %s', (dialect) => {
  let ctx: TestContext
  let recorder: ReturnType<typeof recordReads>
  beforeAll(async () => {
    recorder = recordReads(dialect, 'partners')
    ctx = await createTestContext({ dialect })
  })
  afterAll(async () => {
    recorder.restore()
    await ctx.close()
  })

  it('pages by name, both ways, searched or not, and newest first through an index, figures for the page only', async () => {
    const { program, secretKey } = await ctx.createProgram({ name: 'Plans' })
    const rows = []
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    for (let i = 0; i < 3000; i++) {
      const name = i % 10 === 3 ? null : `${['Émile', 'Zoë', 'ada', 'Bo'][i % 4]} ${i % 700}`
      rows.push({ id: newId('prt', t0 + i * 60_000), program_id: program.id, email: `p${i}@plans.test`, name, ...nameKeys(name), status: 'active' as const, created_at: new Date(t0 + i * 60_000).toISOString() })
    }
    for (let i = 0; i < rows.length; i += 500) await ctx.db.insertInto('partners').values(rows.slice(i, i + 500)).execute()
    if (dialect === 'postgres') await sql`analyze partners`.execute(ctx.db)

    const get = async (query: string) => {
      const res = await ctx.app.request(`/v1/partners?limit=3&${query}`, { headers: { authorization: `Bearer ${secretKey}` } })
      expect(res.status, query).toBe(200)
      return (await res.json()) as { data: Array<{ id: string; name: string | null }>; nextCursor: string | null }
    }
    const plans: Record<string, string[]> = {}
    for (const query of ['sort=name&order=asc', 'sort=name&order=desc', 'sort=name&order=asc&q=zo', 'order=desc', 'sort=createdAt&order=asc']) {
      const first = await get(query)
      recorder.recording = true
      const second = await get(`${query}&cursor=${first.nextCursor}`)
      recorder.recording = false
      expect(second.data).toHaveLength(3)
      const found: string[] = []
      for (const ran of recorder.ran.splice(0)) found.push(...(await reads(ctx, ran)))
      plans[query] = found
    }
    // Two statements a page: the page's ids by a seek to the cursor in the order's index (the name key's
    // bound shows as `<expr>` on SQLite), then the figures of those partners by their ids. No sort, no walk.
    const byName = expect.stringMatching(/^seek partners by partners_program_name_order .*(<expr>[<>]\?|COALESCE\(name_sort_key, email\) [<>]=)/)
    const byId = (cmp: '<' | '>') => expect.stringMatching(new RegExp(`^seek partners by (partners_program_id|partners_pkey) .*id ?${cmp}`))
    const figures = expect.stringMatching(/^seek partners by (partners_program_id|partners_pkey) .*id( = ANY|=\?)/)
    expect(plans).toEqual({
      'sort=name&order=asc': [byName, figures],
      'sort=name&order=desc': [byName, figures],
      'sort=name&order=asc&q=zo': [byName, figures],
      'order=desc': [byId('<'), figures],
      'sort=createdAt&order=asc': [byId('>'), figures],
    })
  })
})
