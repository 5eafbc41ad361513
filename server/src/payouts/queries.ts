// Payout rows as API shapes, and the queries payouts share.
import type { Payout, PayoutRun } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PayoutRunTable, PayoutTable } from '../kernel/db/schema.ts'

export type PayoutRow = Selectable<PayoutTable>
export type PayoutRunRow = Selectable<PayoutRunTable>

export function toPayout(r: PayoutRow): Payout {
  return {
    id: r.id,
    runId: r.run_id,
    partnerId: r.partner_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    status: r.status,
    method: r.method,
    destination: r.destination,
    provider: r.provider,
    providerRef: r.provider_ref,
    failureReason: r.failure_reason,
    createdAt: r.created_at,
    paidAt: r.paid_at,
  }
}

export function toPayoutRun(r: PayoutRunRow, payouts: PayoutRow[]): PayoutRun {
  return { id: r.id, status: r.status, payouts: payouts.map(toPayout), createdAt: r.created_at, paidAt: r.paid_at }
}

export function findRun(db: Db | Tx, programId: string, runId: string) {
  return db.selectFrom('payout_runs').selectAll().where('program_id', '=', programId).where('id', '=', runId).executeTakeFirst()
}

/** The payouts of some runs, in a stable order (partner, then currency). */
export function payoutsOfRuns(db: Db | Tx, runIds: string[]) {
  if (runIds.length === 0) return Promise.resolve([] as PayoutRow[])
  return db.selectFrom('payouts').selectAll().where('run_id', 'in', runIds).orderBy('partner_id').orderBy('currency').orderBy('id').execute()
}

/** A run with its payouts, or undefined. */
export async function loadRun(db: Db | Tx, programId: string, runId: string): Promise<PayoutRun | undefined> {
  const run = await findRun(db, programId, runId)
  return run ? toPayoutRun(run, await payoutsOfRuns(db, [run.id])) : undefined
}
