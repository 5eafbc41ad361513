// A payout's status moves and its run's close. Each move is conditional on the status it leaves, so a
// repeated or concurrent one changes nothing. Its commissions follow without a write: their status is
// derived from the payout covering them (ledger/queries.ts).
import { sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PayoutRow } from './queries.ts'

/** The run's payouts still waiting (pending or processing), with who settles each (their provider). */
export function waitingPayouts(tx: Tx, runId: string) {
  return tx.selectFrom('payouts').select(['id', 'provider', 'status']).where('run_id', '=', runId).where('status', 'in', ['pending', 'processing']).orderBy('id').execute()
}

/** Pending or processing to paid; undefined when the payout was not waiting. */
export function payoutToPaid(tx: Tx, programId: string, payoutId: string, providerRef: string | null, at: string): Promise<PayoutRow | undefined> {
  return tx
    .updateTable('payouts')
    .set({ status: 'paid', paid_at: at, failure_reason: null, ...(providerRef !== null && { provider_ref: providerRef }) })
    .where('program_id', '=', programId)
    .where('id', '=', payoutId)
    .where('status', 'in', ['pending', 'processing'])
    .returningAll()
    .executeTakeFirst()
}

/** Pending or processing to failed; undefined when the payout was not waiting. */
export function payoutToFailed(tx: Tx, programId: string, payoutId: string, reason: string): Promise<PayoutRow | undefined> {
  return tx
    .updateTable('payouts')
    .set({ status: 'failed', failure_reason: reason })
    .where('program_id', '=', programId)
    .where('id', '=', payoutId)
    .where('status', 'in', ['pending', 'processing'])
    .returningAll()
    .executeTakeFirst()
}

/** Pending to processing, before a provider is asked to send it. */
export async function payoutToProcessing(db: Db, payoutId: string): Promise<void> {
  await db.updateTable('payouts').set({ status: 'processing' }).where('id', '=', payoutId).where('status', '=', 'pending').execute()
}

/** A processing payout keeps the provider's error until a definite answer. */
export async function noteTransferError(tx: Tx, payoutId: string, error: string): Promise<void> {
  await tx.updateTable('payouts').set({ failure_reason: error }).where('id', '=', payoutId).where('status', '=', 'processing').execute()
}

/** Closes a run once nothing in it is waiting: every payout paid or failed. */
export async function settleRunIfDone(tx: Tx, runId: string, at: string): Promise<void> {
  await tx
    .updateTable('payout_runs')
    .set({ status: 'paid', paid_at: at })
    .where('id', '=', runId)
    .where('status', '=', 'created')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('payouts').select(sql<number>`1`.as('one')).where('run_id', '=', runId).where('status', 'in', ['pending', 'processing']))),
    )
    .execute()
}
