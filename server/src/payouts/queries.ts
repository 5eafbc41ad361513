// Payout runs and payouts as API shapes, and the reads of them (a run's writes: run-queries.ts; a
// payout's status moves: status-queries.ts).
import type { Page, Payout, PayoutRun } from '@afflio/sdk/types'
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

/** The program's runs, newest first, each with its payouts. */
export async function runsPage(db: Db, programId: string, { cursor, limit }: { cursor?: string | undefined; limit: number }): Promise<Page<PayoutRun>> {
  let q = db.selectFrom('payout_runs').selectAll().where('program_id', '=', programId)
  if (cursor) q = q.where('id', '<', cursor)
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  const payouts = await payoutsOfRuns(db, page.map((r) => r.id))
  return {
    data: page.map((r) => toPayoutRun(r, payouts.filter((p) => p.run_id === r.id))),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  }
}

export function findPayout(tx: Tx, programId: string, payoutId: string): Promise<PayoutRow | undefined> {
  return tx.selectFrom('payouts').selectAll().where('program_id', '=', programId).where('id', '=', payoutId).executeTakeFirst()
}

/**
 * The run's payouts a file is asked for, of every provider, with their partner's name and email, by currency:
 * `pending` the waiting ones (pending, or processing at a provider), `paid` the paid ones. The file carries
 * the manual ones (settled-by.ts) and counts the rest as excluded.
 */
export function payoutsForExport(db: Db, programId: string, runId: string, status: 'pending' | 'paid') {
  return db
    .selectFrom('payouts')
    .innerJoin('partners', 'partners.id', 'payouts.partner_id')
    .select(['payouts.id', 'payouts.amount_minor', 'payouts.currency', 'payouts.method', 'payouts.destination', 'payouts.provider', 'payouts.status', 'partners.name', 'partners.email'])
    .where('payouts.program_id', '=', programId)
    .where('payouts.run_id', '=', runId)
    .where('payouts.status', 'in', status === 'paid' ? ['paid'] : ['pending', 'processing'])
    .orderBy('payouts.currency')
    .orderBy('payouts.id')
    .execute()
}

/** The run's payouts a provider has still to send (pending, or processing without a definite answer). */
export function payoutsToSend(db: Db, runId: string, provider: PayoutRow['provider']): Promise<PayoutRow[]> {
  return db.selectFrom('payouts').selectAll().where('run_id', '=', runId).where('provider', '=', provider).where('status', 'in', ['pending', 'processing']).orderBy('id').execute()
}
