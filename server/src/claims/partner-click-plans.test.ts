// A partner's first and last click, "clicked since" and a claim's click evidence read the daily rollups'
// click times (migration 0071: the raw clicks have no index by partner, whose pages were most of a click's
// writes): a seek of the partner's days in link_days, and for the evidence, ranges of click ids on the
// partner's days with a click. None of them may walk the program's clicks or rollups, or sort.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clickedSince, countClicks, partnerFirstClickAt, partnerLastClickAt } from '../stats/index.ts'
import { newId } from '../kernel/ids.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { type Ran, recordReads } from '../testing-reads.ts'
import { partnerClicksBetween } from './queries.ts'

type PgNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Cond'?: string; Plans?: PgNode[] }

/** How the plan reads clicks or link_days other than by a seek of the partner's days or a range of click ids (empty: only so). */
async function walks(ctx: TestContext, { sql: text, parameters }: Ran): Promise<string[]> {
  const run = (prefix: string) => ctx.db.executeQuery<Record<string, unknown>>({ sql: `${prefix} ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })
  const found: string[] = []
  if (ctx.dialect === 'sqlite') {
    for (const { detail } of (await run('explain query plan')).rows as Array<{ detail: string }>) {
      if (detail.startsWith('USE TEMP B-TREE')) found.push(detail)
      const m = /^(SCAN|SEARCH) (clicks|link_days)(?: AS \w+)?(?: USING (?:COVERING )?INDEX (\w+) \((.*)\))?/.exec(detail)
      if (!m) continue
      const seek = m[2] === 'clicks' ? /^id>\? AND id<\?$/.test(m[4] ?? '') : /^partner_id=\?/.test(m[4] ?? '')
      if (m[1] === 'SCAN' || !seek) found.push(detail)
    }
  } else {
    const [{ Plan }] = (await run('explain (format json)')).rows[0]!['QUERY PLAN'] as [{ Plan: PgNode }]
    const visit = (node: PgNode) => {
      if (node['Node Type'] === 'Sort') found.push('Sort')
      const relation = node['Relation Name']
      const seek = relation === 'clicks' ? /\bid >=?/ : /partner_id =/
      if ((relation === 'clicks' || relation === 'link_days') && !(/^Index (Only )?Scan/.test(node['Node Type']) && seek.test(node['Index Cond'] ?? ''))) {
        found.push(`${node['Node Type']} of ${relation} by ${node['Index Cond'] ?? 'nothing'}`)
      }
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
    recorder = recordReads(dialect, 'clicks', 'link_days')
    ctx = await createTestContext({ dialect })
  })
  afterAll(async () => {
    recorder.restore()
    await ctx.close()
  })

  it("a partner's first and last click, clicked since and a claim's evidence seek the partner's days, then click ids", async () => {
    const { program, secretKey } = await ctx.createProgram({ name: 'Plans' })
    const partners: Array<{ id: string; linkId: string }> = []
    for (const email of ['ann@plans.test', 'bo@plans.test']) {
      const res = await ctx.app.request('/v1/partners', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` }, body: JSON.stringify({ email }) })
      const body = (await res.json()) as { id: string; links: Array<{ id: string }> }
      partners.push({ id: body.id, linkId: body.links[0]!.id })
    }
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    for (let from = 0; from < 40_000; from += 500) {
      const rows: Array<{ id: string; program_id: string; link_id: string; partner_id: string; visitor_hash: string; created_at: string }> = []
      for (let i = from; i < from + 500; i++) {
        const p = partners[i % 2]!
        const at = new Date(t0 + i * 60_000)
        rows.push({ id: newId('clk', +at), program_id: program.id, link_id: p.linkId, partner_id: p.id, visitor_hash: `v${i}`, created_at: at.toISOString() })
      }
      await ctx.db.transaction().execute(async (tx) => {
        await tx.insertInto('clicks').values(rows).execute()
        await countClicks(tx, rows.map((r) => ({ ...r, sub_id: null, referrer: null })))
      })
    }
    // Other partners' days of the year before, so that reading all of the program's rollups would show.
    for (let from = 0; from < 20_000; from += 1_000) {
      const days = Array.from({ length: 1_000 }, (_, i) => {
        const at = new Date(t0 - (1 + ((from + i) % 400)) * 86_400_000).toISOString()
        return { partner_id: `ptr_other${(from + i) % 50}`, link_id: `lnk_other${from + i}`, day: at.slice(0, 10), sub_id: '', ref_domain: '', program_id: program.id, clicks: 1, leads: 0, sales: 0, first_click_at: at, last_click_at: at }
      })
      await ctx.db.insertInto('link_days').values(days).execute()
    }
    if (dialect === 'postgres') await sql`analyze clicks; analyze link_days`.execute(ctx.db)
    const ann = partners[0]!.id
    const since = new Date(t0 + 39_000 * 60_000).toISOString()

    recorder.recording = true
    const last = await ctx.db.selectFrom('partners').select((eb) => partnerLastClickAt(eb).as('at')).where('partners.id', '=', ann).executeTakeFirstOrThrow()
    const recent = await ctx.db.selectFrom('partners').select('id').where((eb) => clickedSince(eb, program.id, since)).where('partners.id', '=', ann).execute()
    const first = await partnerFirstClickAt(ctx.db, program.id, ann)
    const minute = (m: number) => new Date(t0 + m * 60_000).toISOString()
    const evidence = await partnerClicksBetween(ctx.db, program.id, ann, since, minute(39_100))
    // Across midnight (day 26 starts at minute 37,440): 41 clicks, newest first, from two days.
    const acrossDays = await partnerClicksBetween(ctx.db, program.id, ann, minute(37_400), minute(37_480))
    recorder.recording = false
    const reads = recorder.ran
    // What they answer: Ann clicked at the even minutes from t0 to minute 39,998.
    expect([last.at, recent.length, first, evidence.length, evidence[0]?.createdAt, evidence[49]?.createdAt]).toEqual([minute(39_998), 1, minute(0), 50, minute(39_100), minute(39_002)])
    expect(acrossDays.map((c) => c.createdAt)).toEqual(Array.from({ length: 41 }, (_, i) => minute(37_480 - 2 * i)))
    // last, since, first; the evidence's days and one day's clicks; the days and each of two days' clicks
    expect(reads.length).toBe(8)
    const found: string[] = []
    for (const ran of reads) for (const walk of await walks(ctx, ran)) found.push(`${walk}\n    in: ${ran.sql}`)
    expect(found).toEqual([])
  })
})
