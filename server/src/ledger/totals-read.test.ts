// The ledger's totals (ledgerTotals, partnerBalances) sum stored statuses and move each payout's covered
// commissions to in_payout or paid, rather than joining a payout to every commission. Checked here against
// the commissions as shownCommissions shows them, summed by status: random ledgers (statuses, currencies,
// creation times, approval numbers, payouts paid, processing and failed, another partner's payout over the
// same numbers), each scope (program, partner, partner per period, program per partner). And a partner's
// totals read one index, never a commission row: the portal's year overview was mostly that read.
import type { LedgerTotals } from '@afflio/sdk/types'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '../kernel/days.ts'
import { newId } from '../kernel/ids.ts'
import { recordReads } from '../testing-reads.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { ledgerTotals, partnerBalances, shownCommissions, type TotalsScope } from './queries.ts'
import { foldTotals } from './totals.ts'

const STATUSES = ['pending', 'approved', 'on_hold', 'reversed', 'fraud'] as const
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']

const commission = fc.record({
  partner: fc.integer({ min: 0, max: 2 }),
  currency: fc.constantFrom('USD', 'EUR'),
  status: fc.constantFrom(...STATUSES),
  seq: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  amount: fc.integer({ min: -5_000, max: 90_000 }),
})
// Each partner's payouts in a currency are consecutive ranges of approval numbers, as a payout run makes them
const payouts = fc.array(fc.record({ partner: fc.integer({ min: 0, max: 2 }), currency: fc.constantFrom('USD', 'EUR'), cuts: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 5 }), statuses: fc.array(fc.constantFrom('pending', 'processing', 'paid', 'failed'), { minLength: 4, maxLength: 4 }) }), { maxLength: 4 })

describe.each(dialects)('ledger totals on %s', (dialect) => {
  let ctx: TestContext
  let recorder: ReturnType<typeof recordReads>
  let programId: string
  let otherProgramId: string
  let otherPartner: string
  const partners: string[] = []
  beforeAll(async () => {
    recorder = recordReads(dialect, 'commissions')
    ctx = await createTestContext({ dialect })
    const { program, secretKey } = await ctx.createProgram()
    programId = program.id
    const other = await ctx.createProgram()
    otherProgramId = other.program.id
    const res = await ctx.app.request('/v1/partners', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${other.secretKey}` }, body: JSON.stringify({ email: 'other@totals.test' }) })
    otherPartner = ((await res.json()) as { id: string }).id
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.request('/v1/partners', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` }, body: JSON.stringify({ email: `p${i}@totals.test` }) })
      partners.push(((await res.json()) as { id: string }).id)
    }
  })
  afterAll(async () => {
    recorder.restore()
    await ctx.close()
  })

  /** The reference: shownCommissions' rows in the scope, folded by status. */
  async function shownTotals(scope: TotalsScope, perPartner: boolean) {
    const rows = await ctx.db.selectFrom(shownCommissions(ctx.db).as('commissions')).select(['partner_id', 'currency', 'status', 'amount_minor', 'created_at']).where('program_id', '=', scope.programId).execute()
    const inScope = rows.filter(
      (r) =>
        (scope.partnerId === undefined || r.partner_id === scope.partnerId) &&
        (!scope.days || (r.created_at >= scope.days.from && r.created_at < addDays(scope.days.to, 1))) &&
        (!scope.createdFrom || r.created_at >= scope.createdFrom),
    )
    return foldTotals(inScope.map((r) => ({ key: perPartner ? r.partner_id : '', currency: r.currency, status: r.status, amountMinor: Number(r.amount_minor) })))
  }

  it('equal the shown commissions summed by status, in every scope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commission, { maxLength: 30 }), payouts, fc.integer({ min: 0, max: DAYS.length - 1 }), async (rows, covers, firstDay) => {
        await ctx.db.deleteFrom('payouts').execute()
        await ctx.db.deleteFrom('payout_runs').execute()
        await ctx.db.deleteFrom('commissions').execute()
        const seen = new Set<string>()
        for (const p of covers) {
          const key = `${p.partner}:${p.currency}`
          if (seen.has(key)) continue
          seen.add(key)
          const cuts = [...p.cuts].sort((a, b) => a - b)
          for (let i = 1; i < cuts.length; i++) {
            await ctx.db
              .insertInto('payouts')
              .values({ id: newId('po', Date.now()), program_id: programId, run_id: await run(), partner_id: partners[p.partner]!, amount_minor: 1, currency: p.currency, status: p.statuses[i - 1]!, provider: 'manual', seq_from: cuts[i - 1]!, seq_to: cuts[i]!, created_at: '2026-03-05T00:00:00.000Z', paid_at: null })
              .execute()
          }
        }
        for (const r of rows) {
          const at = `${DAYS[r.day]}T${String(r.seq).padStart(2, '0')}:00:00.000Z`
          await ctx.db
            .insertInto('commissions')
            .values({ id: newId('com', Date.parse(at)), program_id: programId, partner_id: partners[r.partner]!, sale_id: null, reverses_id: null, amount_minor: r.amount, currency: r.currency, status: r.status, reason: 'test', kind: 'sale', approval_seq: r.status === 'approved' || r.seq % 3 === 0 ? r.seq : null, created_at: at, updated_at: at } as never)
            .execute()
        }
        const days = { from: DAYS[firstDay]!, to: DAYS[Math.min(firstDay + 1, DAYS.length - 1)]! }
        const scopes: TotalsScope[] = [
          { programId },
          { programId, days },
          { programId, createdFrom: `${DAYS[firstDay]}T06:00:00.000Z` },
          ...partners.flatMap((partnerId) => [{ programId, partnerId }, { programId, partnerId, days }]),
        ]
        for (const scope of scopes) expect(await ledgerTotals(ctx.db, scope), JSON.stringify(scope)).toEqual((await shownTotals(scope, false)).get('') ?? [])
        const byPartner = await shownTotals({ programId, days }, true)
        expect(await partnerBalances(ctx.db, { programId, days })).toEqual([...byPartner.keys()].sort().flatMap((partnerId) => byPartner.get(partnerId)!.map((t: LedgerTotals) => ({ partnerId, ...t }))))
      }),
      { numRuns: dialect === 'sqlite' ? 60 : 25 },
    )
  })

  it("reads nothing of another program's partner", async () => {
    const at = '2026-03-01T10:00:00.000Z'
    await ctx.db.insertInto('commissions').values({ id: newId('com', Date.parse(at)), program_id: programId, partner_id: partners[0]!, sale_id: null, reverses_id: null, amount_minor: 700, currency: 'USD', status: 'pending', reason: 'test', kind: 'sale', approval_seq: null, created_at: at, updated_at: at } as never).execute()
    expect(await ledgerTotals(ctx.db, { programId, partnerId: partners[0]! })).not.toEqual([])
    expect(await ledgerTotals(ctx.db, { programId: otherProgramId, partnerId: partners[0]! })).toEqual([])
  })

  it("reads a partner's totals from one index, never the commission rows", async () => {
    // A partner's year: 3,000 commissions, most approved, a payout a month; its neighbours' beside it, so
    // that reading the program's rows would show.
    await ctx.db.deleteFrom('payouts').execute()
    await ctx.db.deleteFrom('commissions').execute()
    for (const [n, partnerId] of [[3_000, partners[0]!], [1_000, partners[1]!], [24_000, partners[2]!]] as const) {
      const rows = Array.from({ length: n }, (_, i) => {
        const at = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 2_880_000).toISOString()
        const status = i % 10 === 0 ? 'pending' : i % 10 === 1 ? 'reversed' : 'approved'
        return { id: newId('com', Date.parse(at)), program_id: programId, partner_id: partnerId, sale_id: null, reverses_id: null, amount_minor: 1_000, currency: 'USD', status, reason: 'test', kind: 'sale', approval_seq: i + 1, created_at: at, updated_at: at }
      })
      for (let i = 0; i < rows.length; i += 1_000) await ctx.db.insertInto('commissions').values(rows.slice(i, i + 1_000) as never).execute()
      for (let month = 0; month < 12; month++) {
        await ctx.db
          .insertInto('payouts')
          .values({ id: newId('po', Date.now()), program_id: programId, run_id: await run(), partner_id: partnerId, amount_minor: 1, currency: 'USD', status: month < 11 ? 'paid' : 'processing', provider: 'manual', seq_from: Math.floor((month * n) / 12), seq_to: Math.floor(((month + 1) * n) / 12), created_at: '2027-01-01T00:00:00.000Z', paid_at: null })
          .execute()
      }
    }
    // The program's other payouts (as its other partners' would be), so that reading them all shows
    const runId = await run()
    const others = Array.from({ length: 400 }, (_, i) => ({ id: newId('po', Date.now()), program_id: programId, run_id: runId, partner_id: partners[2]!, amount_minor: 1, currency: `X${String(i).padStart(2, '0')}`, status: 'paid' as const, provider: 'manual' as const, seq_from: 0, seq_to: 1, created_at: '2027-01-01T00:00:00.000Z', paid_at: null }))
    await ctx.db.insertInto('payouts').values(others).execute()
    recorder.recording = true
    await ledgerTotals(ctx.db, { programId, partnerId: partners[0]!, days: { from: '2026-01-01', to: '2026-12-31' } })
    recorder.recording = false
    expect(recorder.ran).toHaveLength(1)
    const { sql: text, parameters } = recorder.ran[0]!
    const explain = (prefix: string) => ctx.db.executeQuery<Record<string, unknown>>({ sql: `${prefix} ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })
    if (dialect === 'sqlite') {
      for (const analysed of [false, true]) {
        if (analysed) await sql`analyze`.execute(ctx.db)
        const plan = (await explain('explain query plan')).rows.map((r) => r.detail as string)
        const commissionReads = plan.filter((l) => /^(SCAN|SEARCH) c\b/.test(l))
        expect(commissionReads, plan.join('\n')).toEqual([
          expect.stringMatching(/^SEARCH c USING COVERING INDEX commissions_partner_earned \(partner_id=\?/),
          expect.stringMatching(/^SEARCH c USING COVERING INDEX commissions_partner_earned \(partner_id=\? AND currency=\? AND status=\? AND approval_seq>\? AND approval_seq<\?\)/),
        ])
        expect(plan.filter((l) => /^SCAN (c|cover)\b/.test(l)), plan.join('\n')).toEqual([])
      }
    } else {
      await sql`vacuum analyze commissions, payouts`.execute(ctx.db) // the visibility map autovacuum keeps: index-only scans
      type Node = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Node[] }
      const [{ Plan }] = (await explain('explain (format json)')).rows[0]!['QUERY PLAN'] as [{ Plan: Node }]
      const reads: string[] = []
      const visit = (node: Node) => {
        if (node['Relation Name'] === 'commissions') reads.push(`${node['Node Type']} ${node['Index Name'] ?? ''}`)
        for (const child of node.Plans ?? []) visit(child)
      }
      visit(Plan)
      expect(reads).toEqual(['Index Only Scan commissions_partner_earned', 'Index Only Scan commissions_partner_earned'])
    }
  })

  it("reads the program's totals from its own payouts, not every program's", async () => {
    // (after the test above: its ledger, and another program's payouts beside it)
    const runId = await run(otherProgramId)
    const others = Array.from({ length: 3_000 }, (_, i) => ({ id: newId('po', Date.now()), program_id: otherProgramId, run_id: runId, partner_id: otherPartner, amount_minor: 1, currency: `Y${String(i).padStart(4, '0')}`, status: 'paid' as const, provider: 'manual' as const, seq_from: 0, seq_to: 1, created_at: '2027-01-01T00:00:00.000Z', paid_at: null }))
    for (let i = 0; i < others.length; i += 500) await ctx.db.insertInto('payouts').values(others.slice(i, i + 500)).execute()
    recorder.ran.length = 0
    recorder.recording = true
    await ledgerTotals(ctx.db, { programId, days: { from: '2026-01-01', to: '2026-12-31' } })
    recorder.recording = false
    const { sql: text, parameters } = recorder.ran[0]!
    const explain = (prefix: string) => ctx.db.executeQuery<Record<string, unknown>>({ sql: `${prefix} ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })
    if (dialect === 'sqlite') {
      await sql`analyze`.execute(ctx.db)
      const plan = (await explain('explain query plan')).rows.map((r) => r.detail as string)
      // (its commissions are every commission here: a scan of them is the plan that fits)
      expect(plan.filter((l) => /^SCAN cover\b/.test(l)), plan.join('\n')).toEqual([])
      expect(plan, plan.join('\n')).toContainEqual(expect.stringMatching(/^SEARCH cover USING INDEX payouts_program \(program_id=\?/))
    } else {
      await sql`vacuum analyze payouts`.execute(ctx.db)
      const plan = JSON.stringify((await explain('explain (format json)')).rows[0]!['QUERY PLAN'])
      expect(plan).not.toMatch(/"Seq Scan"[^}]*"Relation Name":"payouts"/)
    }
  })

  async function run(program = programId) {
    const id = newId('prun', Date.now())
    await ctx.db.insertInto('payout_runs').values({ id, program_id: program, status: 'created', created_at: '2026-03-05T00:00:00.000Z', paid_at: null }).execute()
    return id
  }
})
