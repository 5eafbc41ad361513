// Events dispatched together run in one transaction (kernel/events.ts runEvents): one event's failing
// reaction is undone alone and retried later; every other event and reaction in the batch is done once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { recordEvent, transact } from './events.ts'

describe.each(dialects)('events in one batch on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterEach(() => ctx.close())

  it('isolates a failing reaction within the batch', async () => {
    const { program } = await ctx.createProgram()
    ctx.events.options.onError = () => {}
    const ran: string[] = []
    ctx.events.on('sale.credited', 'test.record', async (_tx, e) => void ran.push(e.data.saleId))
    ctx.events.on('sale.credited', 'test.fails_for_s3', async (tx, e) => {
      await tx.updateTable('programs').set({ name: `touched by ${e.data.saleId}` }).where('id', '=', program.id).execute()
      if (e.data.saleId === 's3') throw new Error('no')
    })
    const at = ctx.clock.now()
    await transact(ctx.db, async (tx) => {
      for (let i = 0; i < 6; i++) {
        await recordEvent(tx, program.id, 'sale.credited', { saleId: `s${i}`, partnerId: 'prt_none', amountMinor: 1, currency: 'USD', occurredAt: at.toISOString() }, at)
      }
    })
    await ctx.drain()
    expect(ran.sort()).toEqual(['s0', 's1', 's2', 's3', 's4', 's5'])
    const events = await ctx.db.selectFrom('internal_events').select(['payload', 'status', 'attempts']).execute()
    const state = Object.fromEntries(events.map((e) => [JSON.parse(e.payload).saleId, `${e.status}/${e.attempts}`]))
    expect(state).toEqual({ s0: 'done/0', s1: 'done/0', s2: 'done/0', s3: 'pending/1', s4: 'done/0', s5: 'done/0' })
    const markers = await ctx.db.selectFrom('internal_event_reactions').select('reaction').execute()
    expect(markers.filter((m) => m.reaction === 'test.fails_for_s3').length).toBe(5) // s3's was undone with its failure
    expect((await ctx.db.selectFrom('programs').select('name').executeTakeFirstOrThrow()).name).toBe('touched by s5')
  })
})
