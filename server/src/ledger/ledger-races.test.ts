// Races on Postgres forced into one interleaving, not hoped for: a test connection holds the program's lock as
// a payout run takes it, the payout run and then the refund start and queue behind it, the lock is released.
// SQLite runs one writer at a time, so there the same calls simply take turns (and the test checks the same sums).
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext, WAITING_ON_ME } from '../testing.ts'
import { shownCommissions } from './queries.ts'
import { payoutProgram } from '../testing-payouts.ts'

const url = process.env.AFFLIO_TEST_POSTGRES_URL

describe.each(dialects)('a refund racing a payout run on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterEach(() => ctx.close())

  it('never pays a refunded sale: the refund decides under the lock the run plans with', async () => {
    const p = await payoutProgram(ctx)
    const ann = await p.partner('Ann', { method: 'paypal', email: 'ann@paypal.test' })
    const [sale] = await p.earn(ann, [[4000]])
    await p.settle()
    // Nothing else may queue for the program's lock: the sale's reactions (its notice) run in the background
    // and could be the first waiter `waiting(1)` counts, letting the refund through before the run.
    await ctx.drain()
    const commissionId = sale!.commission.id

    let results: PromiseSettledResult<unknown>[]
    if (dialect === 'postgres') {
      const schema = (await ctx.db.selectNoFrom((e) => e.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s
      const holder = new pg.Client({ connectionString: url })
      await holder.connect()
      try {
        await holder.query(`set search_path to "${schema}"`)
        await holder.query('begin')
        await holder.query('select program_id from commissions where id = $1', [commissionId]).then(({ rows }) => holder.query('select id from programs where id = $1 for no key update', [rows[0].program_id]))
        const waiting = async (n: number) => {
          for (let i = 0; i < 200; i++) {
            const { rows } = await holder.query(WAITING_ON_ME)
            if (rows[0].n >= n) return
            await new Promise((r) => setTimeout(r, 25))
          }
          throw new Error(`expected ${n} statements waiting for the program's lock`)
        }
        const run = p.afflio.payouts.runs.create()
        await waiting(1) // the run's lock queues first...
        const refund = p.afflio.track.refund({ invoiceId: sale!.invoiceId })
        await waiting(2) // ...then the refund
        await holder.query('commit')
        results = await Promise.allSettled([run, refund])
      } finally {
        await holder.end()
      }
    } else {
      results = await Promise.allSettled([p.afflio.payouts.runs.create(), p.afflio.track.refund({ invoiceId: sale!.invoiceId })])
    }
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('nothing_to_pay')

    // Whichever went first, the ledger adds up: what was paid minus what is clawed back is what is owed.
    const rows = await ctx.db.selectFrom(shownCommissions(ctx.db).as('commissions')).selectAll().where('partner_id', '=', ann.id).orderBy('id').execute()
    const original = rows.find((c) => c.id === commissionId)!
    const paidOut = await ctx.db.selectFrom('payouts').select('amount_minor').where('partner_id', '=', ann.id).execute()
    const paid = paidOut.reduce((s, x) => s + Number(x.amount_minor), 0)
    if (original.payout_id !== null) {
      // The run won: the refund saw the commission in a payout and clawed it back.
      expect(paid).toBe(4000)
      expect(rows.filter((c) => c.reverses_id === commissionId).map((c) => [Number(c.amount_minor), c.status, c.payout_id])).toEqual([[-4000, 'approved', null]])
    } else {
      // The refund won: reversed, in no payout, and the run paid nothing.
      expect([original.status, original.payout_id, paid]).toEqual(['reversed', null, 0])
    }
    const [balance] = await p.afflio.payouts.balances({ partnerId: ann.id })
    expect((balance?.paidMinor ?? 0) + (balance?.inPayoutMinor ?? 0) + (balance?.approvedMinor ?? 0)).toBe(0) // a fully refunded sale earns nothing, net
    // Not asserted: which of the two went first. The holder queues the run before the refund, but both
    // requests first wait on the program at statements before the lock the order is about (their
    // idempotency rows, approving what is due), so after the release either may reach it first (seen
    // failing about one run in two on a busy machine). Both outcomes are checked above.
  })
})
