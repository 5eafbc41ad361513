// The webhook events of a commission's moves after it was created: the program's hold, release and
// mark_fraud (one event per commission of the family that moved), and the end of the holding period
// (`commission.approved`, one per commission, written in bulk by approveDue). Each is written with its
// change, once, one delivery per subscribed endpoint sharing the event id. A refund's `commission.reversed`:
// every row it changed or added, so a receiver mirroring statuses ends at the balances Afflio shows.
import type { Commission, LedgerTotals, WebhookEvent, WebhookEventType } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveDue } from './approve-commissions.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'
import { statementsOf } from '../testing-statements.ts'
import { emptyTotals, TOTAL_OF } from './totals.ts'

describe.each(dialects)('commission events on %s', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  /** The program's deliveries of `types`, oldest first, with their event. */
  const deliveries = async (programId: string, ...types: string[]) =>
    (await ctx.db.selectFrom('webhook_deliveries').select(['endpoint_id', 'event_id', 'event_type', 'payload']).where('program_id', '=', programId).where('event_type', 'in', types).orderBy('id').execute()).map(
      (d) => ({ endpointId: d.endpoint_id, eventId: d.event_id, type: d.event_type, event: JSON.parse(d.payload) as WebhookEvent<Commission> }),
    )
  const shown = async (p: Awaited<ReturnType<typeof payoutProgram>>, id: string) => (await p.afflio.commissions.list({ limit: 100 })).data.find((c) => c.id === id)!

  it('hold, release and mark_fraud: an event for each commission that moved, its recruiter’s override too', async () => {
    const p = await payoutProgram(ctx, { secondTierRateBps: 1000 })
    const programId = (await p.afflio.program.get()).id
    const rita = await p.partner('Rita')
    const rob = await p.partner('Rob')
    await p.afflio.partners.update(rob.id, { referredById: rita.id })
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/holds', events: ['commission.held', 'commission.released', 'commission.marked_fraud'] })
    const { commission } = await p.sell(rob, 10_000)
    const override = (await p.afflio.commissions.list({ partnerId: rita.id })).data[0]!
    expect(override).toMatchObject({ kind: 'override', sourceId: commission.id, status: 'pending' })
    // Each action's events, as "id status", sorted: one action's rows share a millisecond, so their ids are in no set order.
    const moves = async (type: string, from = 0) => (await deliveries(programId, type)).slice(from).map((d) => `${d.event.data.id} ${d.event.data.status}`).sort()
    const both = (status: string) => [`${commission.id} ${status}`, `${override.id} ${status}`].sort()

    const held = await p.afflio.commissions.hold(commission.id, 'chargeback risk')
    expect(await moves('commission.held')).toEqual(both('on_hold'))
    // The event carries the commission as the API shows it after the change.
    expect((await deliveries(programId, 'commission.held')).find((d) => d.event.data.id === held.id)!.event).toMatchObject({ type: 'commission.held', data: held })

    await p.afflio.commissions.release(commission.id, 'checked')
    expect(await moves('commission.released')).toEqual(both('pending'))
    // Held past its holding period, a release approves it at once: still `commission.released`, with that status.
    await p.afflio.commissions.hold(commission.id, 'again')
    ctx.clock.advanceDays(31)
    const released = await p.afflio.commissions.release(commission.id, 'fine after all')
    expect(released.status).toBe('approved')
    expect(await moves('commission.released', 2)).toEqual(both('approved'))
    expect((await deliveries(programId, 'commission.released')).slice(2).find((d) => d.event.data.id === released.id)!.event.data).toEqual(released)

    await p.afflio.commissions.markFraud(commission.id, 'stolen card')
    expect(await moves('commission.marked_fraud')).toEqual(both('fraud'))
    // A refused action moves nothing and tells no one.
    const before = (await deliveries(programId, 'commission.held', 'commission.released', 'commission.marked_fraud')).length
    await expect(p.afflio.commissions.release(commission.id, 'oops')).rejects.toMatchObject({ status: 409 })
    expect(await deliveries(programId, 'commission.held', 'commission.released', 'commission.marked_fraud')).toHaveLength(before)
    expect(before).toBe(10)
  })

  it.runIf(dialect === 'sqlite')('an action reads back the commissions it moved only for an endpoint that wants their events', async () => {
    /** The hold's answer, and how many times it read shown commissions by their ids (commissionsByIds: the family's, the events'). */
    const hold = async (events: WebhookEventType[]) => {
      const p = await payoutProgram(ctx)
      await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/some', events })
      const { commission } = await p.sell(await p.partner('Sam'), 1000)
      let held: Commission | undefined
      const ran = await statementsOf(async () => (held = await p.afflio.commissions.hold(commission.id, 'review')))
      expect(held).toEqual(await shown(p, commission.id))
      return { held: held!, reads: ran.filter((s) => s.includes('as "commissions" where "id" in (')).length }
    }
    const quiet = await hold(['commission.created'])
    const heard = await hold(['commission.held'])
    expect(quiet.reads).toBe(heard.reads - 1)
    expect(quiet.held).toMatchObject({ status: 'on_hold', holdReason: 'hold: review' })
  })

  it('the holding period’s end: one commission.approved per commission, to each subscribed endpoint, once', async () => {
    const p = await payoutProgram(ctx)
    const quiet = await payoutProgram(ctx) // no endpoint: its commissions mature without events
    const programId = (await p.afflio.program.get()).id
    const quietId = (await quiet.afflio.program.get()).id
    const ann = await p.partner('Ann')
    const bea = await p.partner('Bea')
    const cal = await quiet.partner('Cal')
    const hooks = await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/approved', events: ['commission.approved'] })
    const all = await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/all', events: ['*'] })
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/created', events: ['commission.created'] })
    const sold = [...(await p.earn(ann, [[1000], [2000]])), ...(await p.earn(bea, [[3000]]))].map((s) => s.commission.id)
    await quiet.sell(cal, 500)
    // One more, held for review: it does not mature, and no event says it did.
    const { commission: held } = await p.sell(bea, 4000)
    await p.afflio.commissions.hold(held.id, 'review')

    ctx.clock.advanceDays(29)
    expect(await approveDue(ctx.db, null, ctx.clock.now())).toBe(0)
    expect(await deliveries(programId, 'commission.approved')).toEqual([])
    ctx.clock.advanceDays(2)
    expect(await approveDue(ctx.db, null, ctx.clock.now())).toBe(4) // the three here, and Cal's

    const got = await deliveries(programId, 'commission.approved')
    expect(got).toHaveLength(6)
    const byEndpoint = (id: string) => got.filter((d) => d.endpointId === id)
    const events = byEndpoint(hooks.id).map((d) => d.event)
    expect(events.map((e) => e.data.id).sort()).toEqual([...sold].sort())
    // One event per commission, the same one for every endpoint (receivers dedupe on its id).
    expect(new Set(events.map((e) => e.id)).size).toBe(3)
    expect(byEndpoint(all.id).map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort())
    expect(got.every((d) => d.eventId === d.event.id && d.event.type === 'commission.approved' && d.event.createdAt === ctx.clock.now().toISOString())).toBe(true)
    for (const e of events) expect(e.data).toEqual(await shown(p, e.data.id))
    expect(events.map((e) => e.data.status)).toEqual(['approved', 'approved', 'approved'])

    // Idempotent: nothing is due any more, so nothing is written again (a payout run approves what is due too).
    expect(await approveDue(ctx.db, null, ctx.clock.now())).toBe(0)
    await p.afflio.payouts.runs.preview()
    expect(await deliveries(programId, 'commission.approved')).toHaveLength(6)
    expect(await deliveries(quietId, 'commission.approved')).toEqual([])
    expect((await quiet.afflio.commissions.list()).data.map((c) => c.status)).toEqual(['approved'])
  })

  it('a full refund after a partial one: every row it reverses, the clawbacks too, answered and evented once', async () => {
    const p = await payoutProgram(ctx, { holdingDays: 0, secondTierRateBps: 1500 })
    const programId = (await p.afflio.program.get()).id
    const rita = await p.partner('Rita')
    const rob = await p.partner('Rob')
    await p.afflio.partners.update(rob.id, { referredById: rita.id })
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/mirror', events: ['*'] })

    // A receiver mirroring each commission's last status from its events, applied one step at a time (a fixed
    // clock: events share a millisecond, so their ids are in no set order; each commission appears once a step).
    const mirror = new Map<string, Commission>()
    const seen = new Set<string>()
    const receive = async () => {
      const step = (await deliveries(programId, 'commission.created', 'commission.reversed', 'commission.approved')).filter((d) => !seen.has(d.eventId))
      for (const d of step) seen.add(d.eventId)
      const ids = step.map((d) => d.event.data.id)
      expect(new Set(ids).size).toBe(ids.length)
      for (const d of step) mirror.set(d.event.data.id, d.event.data)
      return step.filter((d) => d.type === 'commission.reversed').map((d) => d.event.data)
    }
    const mirrored = (partnerId: string): LedgerTotals => {
      const totals = emptyTotals('USD')
      for (const c of mirror.values()) if (c.partnerId === partnerId && TOTAL_OF[c.status]) totals[TOTAL_OF[c.status]!] += c.amountMinor
      return totals
    }
    const agrees = async () => {
      // A partner with nothing counted has no balance entry: all zeros.
      const balances = await p.afflio.payouts.balances()
      for (const partnerId of [rita.id, rob.id]) {
        const { partnerId: _, ...totals } = balances.find((b) => b.partnerId === partnerId) ?? { partnerId, ...emptyTotals('USD') }
        expect(mirrored(partnerId)).toEqual(totals)
      }
    }
    const byId = (rows: Commission[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id))

    const { invoiceId, commission } = await p.sell(rob, 1000)
    await receive()
    expect(mirror.size).toBe(2) // Rob's 1000 and Rita's override of 150

    const partial = await p.afflio.track.refund({ invoiceId, amountMinor: 250, refundId: 're_a' })
    expect(partial.commissions.map((c) => [c.kind, c.status, c.amountMinor]).sort()).toEqual([['clawback', 'approved', -250], ['clawback', 'approved', -38]])
    expect(byId(await receive())).toEqual(byId(partial.commissions))
    await agrees()
    expect(mirrored(rob.id).approvedMinor).toBe(750)

    const full = await p.afflio.track.refund({ invoiceId, refundId: 're_b' })
    const all = (await p.afflio.commissions.list({ limit: 100 })).data
    expect(all).toHaveLength(4)
    expect(all.every((c) => c.status === 'reversed')).toBe(true)
    // The answer and the events name all four rows once, as the API now shows them.
    expect(byId(full.commissions)).toEqual(byId(all))
    expect(byId(await receive())).toEqual(byId(all))
    expect(full.commissions.find((c) => c.id === commission.id)).toMatchObject({ kind: 'sale', status: 'reversed' })
    await agrees()
    expect(mirrored(rob.id)).toEqual(emptyTotals('USD'))
    expect(mirrored(rita.id)).toEqual(emptyTotals('USD'))
  })
})
