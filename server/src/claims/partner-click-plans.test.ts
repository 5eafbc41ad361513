// A partner's first and last click, "clicked since" and a claim's click evidence (here, beside the claims)
// find their clicks through one seek of (partner_id, created_at) on both databases, whatever the partner's
// number of clicks. With the day's expression between the two columns (migration 0055 says why it went), each of them walked every
// click of the partner: 23 ms a last click at 100,000 clicks, 380 ms a claim's evidence.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clickedSince, partnerFirstClickAt, partnerLastClickAt } from '../stats/index.ts'
import { newId } from '../kernel/ids.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { type Ran, recordReads } from '../testing-reads.ts'
import { partnerClicksBetween } from './queries.ts'


type PgNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Cond'?: string; Plans?: PgNode[] }

/** How the plan reads clicks other than by one seek of the partner's clicks in time (empty: only so). */
async function walks(ctx: TestContext, { sql: text, parameters }: Ran): Promise<string[]> {
  const run = (prefix: string) => ctx.db.executeQuery<Record<string, unknown>>({ sql: `${prefix} ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })
  const found: string[] = []
  if (ctx.dialect === 'sqlite') {
    for (const { detail } of (await run('explain query plan')).rows as Array<{ detail: string }>) {
      if (detail.startsWith('USE TEMP B-TREE')) found.push(detail)
      const m = /^(SCAN|SEARCH) clicks(?: USING (?:COVERING )?INDEX (\w+))?/.exec(detail)
      if (!m) continue
      // A min or max is one seek only when created_at follows partner_id in the index.
      const columns = m[2] ? (await sql<{ name: string }>`select name from pragma_index_info(${m[2]})`.execute(ctx.db)).rows.map((r) => r.name) : []
      if (m[1] === 'SCAN' || columns.slice(0, 2).join() !== 'partner_id,created_at') found.push(detail)
    }
  } else {
    const [{ Plan }] = (await run('explain (format json)')).rows[0]!['QUERY PLAN'] as [{ Plan: PgNode }]
    const visit = (node: PgNode) => {
      if (node['Node Type'] === 'Sort') found.push('Sort')
      if (node['Relation Name'] === 'clicks' && !(/^Index (Only )?Scan/.test(node['Node Type']) && /created_at/.test(node['Index Cond'] ?? ''))) found.push(`${node['Node Type']} of clicks by ${node['Index Cond'] ?? 'nothing'}`)
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
    recorder = recordReads(dialect, 'clicks')
    ctx = await createTestContext({ dialect })
  })
  afterAll(async () => {
    recorder.restore()
    await ctx.close()
  })

  it("a partner's first and last click, clicked since and a claim's evidence seek the partner's clicks in time", async () => {
    const { program, secretKey } = await ctx.createProgram({ name: 'Plans' })
    const partners: Array<{ id: string; linkId: string }> = []
    for (const email of ['ann@plans.test', 'bo@plans.test']) {
      const res = await ctx.app.request('/v1/partners', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` }, body: JSON.stringify({ email }) })
      const body = (await res.json()) as { id: string; links: Array<{ id: string }> }
      partners.push({ id: body.id, linkId: body.links[0]!.id })
    }
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    for (let from = 0; from < 40_000; from += 500) {
      const rows = []
      for (let i = from; i < from + 500; i++) {
        const p = partners[i % 2]!
        const at = new Date(t0 + i * 60_000)
        rows.push({ id: newId('clk', +at), program_id: program.id, link_id: p.linkId, partner_id: p.id, visitor_hash: `v${i}`, created_at: at.toISOString() })
      }
      await ctx.db.insertInto('clicks').values(rows).execute()
    }
    if (dialect === 'postgres') await sql`analyze clicks`.execute(ctx.db)
    const ann = partners[0]!.id
    const since = new Date(t0 + 39_000 * 60_000).toISOString()

    recorder.recording = true
    const last = await ctx.db.selectFrom('partners').select((eb) => partnerLastClickAt(eb).as('at')).where('partners.id', '=', ann).executeTakeFirstOrThrow()
    const recent = await ctx.db.selectFrom('partners').select('id').where((eb) => clickedSince(eb, program.id, since)).where('partners.id', '=', ann).execute()
    const first = await partnerFirstClickAt(ctx.db, program.id, ann)
    const evidence = await partnerClicksBetween(ctx.db, program.id, ann, since, new Date(t0 + 39_100 * 60_000).toISOString())
    recorder.recording = false
    const reads = recorder.ran
    // What they answer: Ann clicked at the even minutes from t0 to minute 39,998.
    expect([last.at, recent.length, first, evidence.length, evidence[0]?.createdAt]).toEqual([new Date(t0 + 39_998 * 60_000).toISOString(), 1, new Date(t0).toISOString(), 50, new Date(t0 + 39_100 * 60_000).toISOString()])
    expect(reads.length).toBe(4)
    const found: string[] = []
    for (const ran of reads) for (const walk of await walks(ctx, ran)) found.push(`${walk}\n    in: ${ran.sql}`)
    expect(found).toEqual([])
  })
})
