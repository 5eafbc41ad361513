// A payout's end: paid (by hand after a CSV upload, or by a provider) or failed (its commissions owed again).
import type { Payout, PayoutRun } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { findRun, loadRun, type PayoutRow, toPayout } from './queries.ts'
import { emitEvent } from '../webhooks/index.ts'
import { settleRunIfDone } from './run-payouts.ts'

/**
 * Marks every payout of the run still waiting (pending or processing) as paid, and the run paid.
 * Failed payouts stay failed. Idempotent: a paid run is returned as it is.
 */
export async function markRunPaid(db: Db, programId: string, runId: string, now: Date): Promise<PayoutRun> {
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    const run = await findRun(tx, programId, runId)
    if (!run) throw notFound(`Payout run ${runId}`)
    const waiting = await tx.selectFrom('payouts').select('id').where('run_id', '=', run.id).where('status', 'in', ['pending', 'processing']).execute()
    for (const p of waiting) await payoutSent(tx, programId, p.id, null, now)
    await settleRunIfDone(tx, run.id, at)
  })
  return (await loadRun(db, programId, runId))!
}

/**
 * A payout was sent (by hand, or a provider confirmed it): it is paid, and so are the commissions in it.
 * Only from pending or processing; returns the payout when it changed.
 */
export async function payoutSent(tx: Tx, programId: string, payoutId: string, providerRef: string | null, now: Date): Promise<PayoutRow | undefined> {
  const at = now.toISOString()
  const paid = await tx
    .updateTable('payouts')
    .set({ status: 'paid', paid_at: at, failure_reason: null, ...(providerRef !== null && { provider_ref: providerRef }) })
    .where('program_id', '=', programId)
    .where('id', '=', payoutId)
    .where('status', 'in', ['pending', 'processing'])
    .returningAll()
    .executeTakeFirst()
  if (!paid) return undefined
  await tx.updateTable('commissions').set({ status: 'paid', updated_at: at }).where('program_id', '=', programId).where('payout_id', '=', payoutId).where('status', '=', 'in_payout').execute()
  await emitEvent(tx, programId, 'payout.paid', toPayout(paid), now)
  return paid
}

/**
 * Fails a payout that is not paid yet: its commissions (clawbacks included) go back to approved
 * with no payout, so the next run pays them. Failing a failed payout again changes nothing.
 */
export async function failPayout(db: Db, programId: string, payoutId: string, reason: string, now: Date): Promise<Payout> {
  return db.transaction().execute(async (tx) => {
    const failed = await failPayoutInTx(tx, programId, payoutId, reason, now)
    if (failed) return toPayout(failed)
    const current = await tx.selectFrom('payouts').selectAll().where('program_id', '=', programId).where('id', '=', payoutId).executeTakeFirst()
    if (!current) throw notFound(`Payout ${payoutId}`)
    if (current.status === 'failed') return toPayout(current)
    throw conflict(`Payout ${payoutId} is already paid; a paid payout cannot fail`)
  })
}

/** The failure itself, for callers already in a transaction; undefined when the payout was not waiting. */
export async function failPayoutInTx(tx: Tx, programId: string, payoutId: string, reason: string, now: Date): Promise<PayoutRow | undefined> {
  const at = now.toISOString()
  const failed = await tx
    .updateTable('payouts')
    .set({ status: 'failed', failure_reason: reason })
    .where('program_id', '=', programId)
    .where('id', '=', payoutId)
    .where('status', 'in', ['pending', 'processing'])
    .returningAll()
    .executeTakeFirst()
  if (!failed) return undefined
  await tx
    .updateTable('commissions')
    .set({ status: 'approved', payout_id: null, updated_at: at })
    .where('program_id', '=', programId)
    .where('payout_id', '=', payoutId)
    .where('status', '=', 'in_payout')
    .execute()
  await settleRunIfDone(tx, failed.run_id, at)
  return failed
}
