// A prepared statement answers as Kysely would, on both databases; in a SQLite transaction it runs on the
// transaction's connection directly (the hot paths' shortcut), so it must see, and be undone with, the
// transaction's other writes, and must never run outside one.
import { afterEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../../testing.ts'
import { transact } from '../events.ts'
import { sqliteTransaction } from './contention.ts'
import { prepare } from './prepared.ts'

const insertEvent = prepare<{ id: string; program_id: string }, never>((db, arg) =>
  db.insertInto('internal_events').values({
    id: arg('id'),
    program_id: arg('program_id'),
    type: 'test.prepared',
    payload: '{}',
    status: 'done',
    attempts: 0,
    next_attempt_at: '2026-01-01T00:00:00.000Z',
    last_error: null,
    created_at: '2026-01-01T00:00:00.000Z',
    done_at: null,
  }),
)
const eventIds = prepare<{ type: string }, { id: string }>((db, arg) => db.selectFrom('internal_events').select('id').where('type', '=', arg('type')).orderBy('id'))

describe.each(dialects)('prepared statements (%s)', (dialect) => {
  let ctx: TestContext
  afterEach(() => ctx?.close())

  it('in a transaction: reads its own writes, counts affected rows, and is rolled back with it', async () => {
    ctx = await createTestContext({ dialect })
    const { program } = await ctx.createProgram({ currency: 'USD' })
    const failed = transact(ctx.db, async (tx) => {
      expect(!!sqliteTransaction(tx)).toBe(dialect === 'sqlite') // the shortcut is taken where it exists
      const inserted = await insertEvent.execute(tx, { id: 'iev_a', program_id: program.id })
      expect(Number(inserted.numAffectedRows)).toBe(1)
      // A Kysely query in the same transaction sees the prepared write, and the prepared read sees Kysely's.
      await tx.updateTable('internal_events').set({ status: 'pending' }).where('id', '=', 'iev_a').execute()
      expect((await eventIds.execute(tx, { type: 'test.prepared' })).rows).toEqual([{ id: 'iev_a' }])
      expect((await tx.selectFrom('internal_events').select('status').where('id', '=', 'iev_a').executeTakeFirstOrThrow()).status).toBe('pending')
      throw new Error('undo')
    })
    await expect(failed).rejects.toThrow('undo')
    expect((await eventIds.execute(ctx.db, { type: 'test.prepared' })).rows).toEqual([])
  })

  it('a constraint error rejects the promise, and the transaction goes on to roll back', async () => {
    ctx = await createTestContext({ dialect })
    const { program } = await ctx.createProgram({ currency: 'USD' })
    await insertEvent.execute(ctx.db, { id: 'iev_dup', program_id: program.id })
    const failed = transact(ctx.db, async (tx) => {
      await insertEvent.execute(tx, { id: 'iev_new', program_id: program.id })
      await insertEvent.execute(tx, { id: 'iev_dup', program_id: program.id })
    })
    await expect(failed).rejects.toThrow(/unique|duplicate/i)
    expect((await eventIds.execute(ctx.db, { type: 'test.prepared' })).rows).toEqual([{ id: 'iev_dup' }])
  })

  it('outside a transaction, and with a transaction once its callback returned, nothing runs on the connection directly', async () => {
    ctx = await createTestContext({ dialect })
    expect(sqliteTransaction(ctx.db)).toBeNull()
    let kept: object | null = null
    await ctx.db.transaction().execute(async (tx) => {
      kept = tx
    })
    expect(sqliteTransaction(kept!)).toBeNull()
  })
})
