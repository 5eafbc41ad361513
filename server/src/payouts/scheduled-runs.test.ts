// Payout runs the server starts on the schedule's day: one run on the day (audited as the schedule's),
// none when not due, none twice however many servers tick at once, and the docs' example as written.
import { readFileSync } from 'node:fs'
import type { Afflio } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { extractBlocks } from '../../../docs/doc-blocks.ts'
import { startMaintenanceLoop } from '../serve.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'
import { startDueScheduledRuns } from './scheduled-runs.ts'

describe.each(dialects)('scheduled payout runs on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-03-10T09:00:00.000Z')
  })
  afterEach(async () => {
    await ctx.close()
    expect(failures).toEqual([]) // no tick failed, not even on a conflict between servers
    failures = []
  })

  /** A program whose partner Alice is owed $60 (approved), Bob $70 with no payout details. */
  async function owing(settings: Parameters<typeof payoutProgram>[1] = {}) {
    const p = await payoutProgram(ctx, settings)
    const alice = await p.partner('Alice', { method: 'paypal', email: 'alice@paypal.test' })
    const bob = await p.partner('Bob')
    await p.earn(alice, [[6000]])
    await p.earn(bob, [[7000]])
    await p.settle() // 2026-04-10: approved
    return { ...p, alice, bob }
  }
  let failures: unknown[] = []
  const tick = (at: string, db = ctx.db) => startDueScheduledRuns(db, new Date(at), (_line, err) => failures.push(err))
  const runsOf = async (afflio: Afflio) => (await afflio.payouts.runs.list()).data
  const auditOf = async (afflio: Afflio, action: 'payout_run.created' | 'payout_run.nothing_to_pay') => (await afflio.auditLog.list({ action })).data

  it('starts one run on the payout day, as a run by hand, audited as the schedule’s; the next date moves on', async () => {
    const p = await owing()
    await p.afflio.settings.update({ payoutSchedule: { frequency: 'monthly', dayOfMonth: 15, currencies: null } })
    expect((await p.afflio.settings.get()).automaticPayoutRuns).toBe(true)

    expect(await tick('2026-04-14T23:59:00Z')).toEqual([])
    const [started, ...more] = await tick('2026-04-15T00:00:30Z')
    expect(more).toEqual([])
    expect(started!.payoutDay).toBe('2026-04-15')
    expect(started!.run!.payouts.map((x) => [x.partnerId, x.amountMinor, x.status])).toEqual([[p.alice.id, 6000, 'pending']])
    expect(started!.run!.skipped).toEqual([{ partnerId: p.bob.id, currency: 'USD', approvedMinor: 7000, reason: 'missing_payout_details' }])
    expect((await runsOf(p.afflio)).map((r) => r.id)).toEqual([started!.run!.id])
    const [entry] = await auditOf(p.afflio, 'payout_run.created')
    expect(entry).toMatchObject({ actor: { kind: 'system' }, subject: { type: 'payout_run', id: started!.run!.id }, after: { payouts: 1, skipped: 1, scheduledFor: '2026-04-15' } })

    // Later ticks that day, and the days after, start nothing; the next payout is May 15.
    expect(await tick('2026-04-15T00:01:30Z')).toEqual([])
    expect(await tick('2026-04-15T23:59:59Z')).toEqual([])
    expect(await tick('2026-04-16T00:00:30Z')).toEqual([])
    expect((await p.afflio.payouts.runs.preview()).nextPayoutDate).toBe('2026-05-15')
    expect(await runsOf(p.afflio)).toHaveLength(1)
  })

  it('starts none when not due: another day, no schedule, runs kept manual, or the day already run by hand', async () => {
    const p = await owing()
    expect(await tick('2026-04-15T00:00:30Z')).toEqual([]) // no schedule: never automatic

    await p.afflio.settings.update({ payoutSchedule: { frequency: 'weekly', dayOfWeek: 3, currencies: null }, automaticPayoutRuns: false })
    expect(await tick('2026-04-15T00:00:30Z')).toEqual([]) // a Wednesday, but manual only
    const changes = await auditOf(p.afflio, 'payout_run.created')
    expect(changes).toEqual([])

    await p.afflio.settings.update({ automaticPayoutRuns: true })
    expect(await tick('2026-04-16T00:00:30Z')).toEqual([]) // a Thursday
    // Run by hand on the payout day: the day is paid, the schedule starts nothing more.
    ctx.clock.set('2026-04-22T00:00:10Z')
    await p.afflio.payouts.runs.create()
    expect(await tick('2026-04-22T00:00:30Z')).toEqual([])
    expect(await runsOf(p.afflio)).toHaveLength(1)
  })

  it('records a payout day when nobody can be paid, once: no run, and the log says why', async () => {
    const p = await owing({ payoutMinimums: { USD: 10_000 } })
    await p.afflio.settings.update({ payoutSchedule: { frequency: 'monthly', dayOfMonth: 31, currencies: null } })
    expect(await tick('2026-04-30T00:00:30Z')).toEqual([{ programId: (await p.afflio.program.get()).id, payoutDay: '2026-04-30', run: null }])
    expect(await tick('2026-04-30T12:00:00Z')).toEqual([])
    expect(await runsOf(p.afflio)).toEqual([])
    const [entry, ...more] = await auditOf(p.afflio, 'payout_run.nothing_to_pay')
    expect(more).toEqual([])
    expect(entry).toMatchObject({ actor: { kind: 'system' }, after: { scheduledFor: '2026-04-30', skipped: { below_minimum: 2 } } })
    expect((await p.afflio.payouts.runs.preview()).nextPayoutDate).toBe('2026-05-31')
  })

  it('starts one run when several servers tick at once', async () => {
    const p = await owing()
    await p.afflio.settings.update({ payoutSchedule: { frequency: 'monthly', dayOfMonth: 15, currencies: null } })
    // Three "processes": this one's pool and two more connections to the same database, ticking together.
    const servers = [ctx.db, ctx.connectAgain(), ctx.connectAgain()]
    const at = '2026-04-15T00:00:30Z'
    const outcomes = (await Promise.all([...servers, ...servers].map((db) => tick(at, db)))).flat()
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0]!.run!.payouts).toHaveLength(1)
    expect((await runsOf(p.afflio)).map((r) => r.id)).toEqual([outcomes[0]!.run!.id])
    expect(await ctx.db.selectFrom('scheduled_payout_days').select(['payout_day', 'run_id']).execute()).toEqual([{ payout_day: '2026-04-15', run_id: outcomes[0]!.run!.id }])
  })

  it('runs from the server’s maintenance loop', async () => {
    const p = await owing()
    await p.afflio.settings.update({ payoutSchedule: { frequency: 'monthly', dayOfMonth: 15, currencies: null } })
    const loops = [startMaintenanceLoop(ctx.db, 60_000, () => new Date('2026-04-15T00:00:30Z')), startMaintenanceLoop(ctx.connectAgain(), 60_000, () => new Date('2026-04-15T00:00:40Z'))]
    try {
      await expect.poll(async () => (await runsOf(p.afflio)).length, { timeout: 10_000 }).toBe(1)
    } finally {
      await Promise.all(loops.map((loop) => loop.stop()))
    }
    await new Promise((r) => setTimeout(r, 500)) // the loops' first passes finish
    expect(await runsOf(p.afflio)).toHaveLength(1)
  })

  it('does what docs/payouts.md’s example says', async () => {
    const p = await owing()
    const markdown = readFileSync(new URL('../../../docs/payouts.md', import.meta.url), 'utf8')
    const section = markdown.slice(markdown.indexOf('### Automatic payout runs'))
    const example = extractBlocks(section)[0]!.code
    ctx.clock.set('2026-04-20T09:00:00Z')
    // The example is plain JavaScript (no types), run as written with the page's `afflio`.
    const run = new (Object.getPrototypeOf(async () => {}).constructor)('afflio', `${example}\nreturn preview`) as (a: Afflio) => Promise<{ nextPayoutDate: string }>
    expect((await run(p.afflio)).nextPayoutDate).toBe('2026-05-01')
    expect(await tick('2026-05-01T00:00:30Z')).toHaveLength(1)
    expect(await runsOf(p.afflio)).toHaveLength(1)
  })
})
