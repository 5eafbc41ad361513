// Migration 0024 on a ledger written before it: commissions a payout claimed (in_payout, paid, with their
// payout_id) keep their payout and status, now derived from the payouts' approval ranges; what no payout
// claimed stays owed, and the next run pays exactly that. A failed payout (its commissions already owed
// again) covers nothing.
import { Afflio } from '@afflio/sdk'
import type { Commission } from '@afflio/sdk/types'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SYSTEM } from '../audit/index.ts'
import { createSecretKey } from '../programs/index.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0024 (approval ranges) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-05-0023-link-rollups' })
  })
  afterEach(() => ctx.close())

  it('keeps every claimed commission in its payout, and leaves the rest owed', async () => {
    const at = '2026-10-01T00:00:00.000Z'
    const apiId = (prefix: string, name: string) => `${prefix}_${name.padStart(24, '0')}` // the API's id shape
    const db = ctx.db as unknown as import('kysely').Kysely<any> // the schema as it was before 0024
    // The program as that schema stores it (the app writes columns later migrations add); its key comes after.
    const programId = apiId('prg', 'before')
    await db
      .insertInto('programs')
      .values({ id: programId, name: 'Before', currency: 'USD', attribution_window_days: 30, attribution_model: 'last_click', default_commission_type: 'percent', default_commission_value: 2000, created_at: at })
      .execute()
    await db
      .insertInto('partners')
      .values(['ann', 'bo'].map((n) => ({ id: apiId('prt', n), program_id: programId, email: `${n}@p.test`, name: n, external_id: null, status: 'active', created_at: at })))
      .execute()
    await db
      .insertInto('payout_runs')
      .values([
        { id: 'prun_0', program_id: programId, status: 'paid', created_at: at, paid_at: at },
        { id: 'prun_1', program_id: programId, status: 'paid', created_at: at, paid_at: at },
        { id: 'prun_2', program_id: programId, status: 'created', created_at: at, paid_at: null },
      ])
      .execute()
    const payout = (id: string, run: string, partner: string, amount: number, currency: string, status: string) => ({
      id, program_id: programId, run_id: run, partner_id: partner, amount_minor: amount, currency, status,
      method: 'paypal', destination: 'x@paypal.test', provider: 'manual', provider_ref: null, failure_reason: status === 'failed' ? 'closed' : null, created_at: at, paid_at: status === 'paid' ? at : null,
    })
    await db
      .insertInto('payouts')
      .values([
        payout(apiId('po', '1'), 'prun_1', apiId('prt', 'ann'), 3000, 'USD', 'paid'),
        payout(apiId('po', 'f'), 'prun_0', apiId('prt', 'ann'), 700, 'USD', 'failed'),
        payout(apiId('po', '2'), 'prun_2', apiId('prt', 'ann'), 2500, 'USD', 'pending'),
        payout(apiId('po', '3'), 'prun_2', apiId('prt', 'bo'), 400, 'EUR', 'pending'),
      ])
      .execute()
    // Ids out of payout order on purpose: an owed commission (c3) sorts between claimed ones.
    const commission = (id: string, partner: string, amount: number, currency: string, status: string, payoutId: string | null) => ({
      id, program_id: programId, partner_id: apiId('prt', partner), sale_id: null, reverses_id: null, amount_minor: amount, currency, status,
      reason: 'test', kind: amount < 0 ? 'clawback' : 'sale', approve_at: at, hold_reason: null, payout_id: payoutId, link_id: null, created_at: at, updated_at: at,
    })
    await db
      .insertInto('commissions')
      .values([
        commission(apiId('com', '1'), 'ann', 1000, 'USD', 'paid', apiId('po', '1')),
        commission(apiId('com', '2'), 'ann', 2000, 'USD', 'paid', apiId('po', '1')),
        commission(apiId('com', '3'), 'ann', 700, 'USD', 'approved', null), // was in po_f, owed again when it failed
        commission(apiId('com', '4'), 'ann', 3000, 'USD', 'in_payout', apiId('po', '2')),
        commission(apiId('com', '5'), 'ann', -500, 'USD', 'in_payout', apiId('po', '2')),
        commission(apiId('com', '6'), 'bo', 400, 'EUR', 'in_payout', apiId('po', '3')),
        { ...commission(apiId('com', '7'), 'ann', 900, 'USD', 'pending', null), approve_at: '2027-01-01T00:00:00.000Z' },
        commission(apiId('com', '8'), 'bo', 50, 'EUR', 'approved', null),
        commission(apiId('com', '9'), 'ann', 10, 'USD', 'on_hold', null),
      ])
      .execute()

    await ctx.migrateToLatest()
    const keys = await createSecretKey(ctx.db, programId, { actor: SYSTEM, at: new Date(at) })

    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
    const short = (commissionId: string) => commissionId.replace(/_0+/, '_')
    const shown = async () => {
      const all: Commission[] = []
      for await (const c of afflio.commissions.listAll()) all.push(c)
      return Object.fromEntries(all.map((c) => [short(c.id), [c.status, c.payoutId]]))
    }
    expect(await shown()).toEqual({
      com_1: ['paid', apiId('po', '1')],
      com_2: ['paid', apiId('po', '1')],
      com_3: ['approved', null],
      com_4: ['in_payout', apiId('po', '2')],
      com_5: ['in_payout', apiId('po', '2')],
      com_6: ['in_payout', apiId('po', '3')],
      com_7: ['pending', null],
      com_8: ['approved', null],
      com_9: ['on_hold', null],
    })
    // Nothing stores in_payout or paid any more: the payouts' ranges say it.
    expect((await db.selectFrom('commissions').select('status').distinct().execute()).map((r) => r.status).sort()).toEqual(['approved', 'on_hold', 'pending'])
    expect((await afflio.commissions.list({ payoutId: apiId('po', '2') })).data.map((c) => short(c.id)).sort()).toEqual(['com_4', 'com_5'])
    expect((await afflio.commissions.list({ payoutId: apiId('po', 'f') })).data).toEqual([])
    expect(await afflio.payouts.balances({ partnerId: apiId('prt', 'ann') })).toEqual([
      { partnerId: apiId('prt', 'ann'), currency: 'USD', pendingMinor: 900, onHoldMinor: 10, approvedMinor: 700, inPayoutMinor: 2500, paidMinor: 3000 },
    ])

    // The next run pays what no payout covered; failing po_2 then owes its commissions again, and the run
    // after pays them, clawback included.
    await db.insertInto('partner_payout_details').values(['ann', 'bo'].map((n) => ({ partner_id: apiId('prt', n), program_id: programId, method: 'paypal', email: `${n}@paypal.test`, account_ref: null, updated_at: at }))).execute()
    const next = await afflio.payouts.runs.create()
    expect(next.payouts.map((p) => [p.partnerId, p.currency, p.amountMinor])).toEqual([
      [apiId('prt', 'bo'), 'EUR', 50],
      [apiId('prt', 'ann'), 'USD', 700],
    ])
    await afflio.payouts.fail(apiId('po', '2'), { reason: 'returned' })
    const after = await afflio.payouts.runs.create()
    expect(after.payouts.map((p) => [p.partnerId, p.currency, p.amountMinor])).toEqual([[apiId('prt', 'ann'), 'USD', 2500]])
    expect((await afflio.commissions.list({ payoutId: after.payouts[0]!.id })).data.map((c) => short(c.id)).sort()).toEqual(['com_4', 'com_5'])
    expect((await shown()).com_3).toEqual(['in_payout', next.payouts[1]!.id])
  })
})
