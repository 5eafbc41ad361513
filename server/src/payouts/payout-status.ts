// A payout's end: paid (by hand after a CSV upload, or by a provider) or failed (its commissions owed again).
import type { Payout, PayoutRun } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { findPayout, findRun, loadRun, type PayoutRow, toPayout } from './queries.ts'
import { leftToProviderMessage, markPaidPlan } from './settled-by.ts'
import { payoutToFailed, payoutToPaid, settleRunIfDone, waitingPayouts } from './status-queries.ts'
import { approvalTick, renumberCovered } from '../ledger/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { recordEvent, transact } from '../kernel/events.ts'

/**
 * Marks the run's payouts paid by hand (manual, pending: the ones its files carried) paid, and the run paid
 * once nothing in it waits. Payouts waiting for Stripe Connect (pending, or processing without Stripe's
 * answer) are left as they are: only sending settles them (settled-by.ts). When nothing is left to pay by
 * hand but such payouts wait, answers 409 naming them. Failed payouts stay failed. A paid run is returned as it is.
 */
export async function markRunPaid(db: Db, programId: string, runId: string, audit: AuditContext): Promise<PayoutRun> {
  const now = audit.at
  const at = now.toISOString()
  await transact(db, async (tx) => {
    const run = await findRun(tx, programId, runId)
    if (!run) throw notFound(`Payout run ${runId}`)
    const plan = markPaidPlan(await waitingPayouts(tx, run.id))
    if (plan.refuse) throw conflict(leftToProviderMessage(run.id, plan.left))
    const paid: string[] = []
    for (const id of plan.mark) if (await payoutSent(tx, programId, id, null, now)) paid.push(id)
    await settleRunIfDone(tx, run.id, at)
    if (paid.length) {
      const after = { status: plan.left.length ? run.status : 'paid', payoutsPaid: paid, ...(plan.left.length > 0 && { payoutsLeft: plan.left }) }
      await recordAudit(tx, programId, audit, { action: 'payout_run.marked_paid', subject: { type: 'payout_run', id: run.id }, before: { status: run.status }, after })
    }
  })
  return (await loadRun(db, programId, runId))!
}

/**
 * A payout was sent (by hand, or a provider confirmed it): it is paid, and so are the commissions in it; the
 * partner is told (the `payout.sent` event: open the transaction with `transact`).
 * Only from pending or processing; returns the payout when it changed.
 */
export async function payoutSent(tx: Tx, programId: string, payoutId: string, providerRef: string | null, now: Date): Promise<PayoutRow | undefined> {
  const at = now.toISOString()
  const paid = await payoutToPaid(tx, programId, payoutId, providerRef, at)
  if (!paid) return undefined
  await emitEvent(tx, programId, 'payout.paid', toPayout(paid), now)
  await recordEvent(tx, programId, 'payout.sent', { payoutId: paid.id, partnerId: paid.partner_id, amountMinor: Number(paid.amount_minor), currency: paid.currency }, now)
  return paid
}

/**
 * Fails a payout that is not paid yet: its commissions (clawbacks included) are approved in no payout
 * again, so the next run pays them, and `payout.failed` is emitted. Failing a failed payout again changes nothing.
 */
export async function failPayout(db: Db, programId: string, payoutId: string, reason: string, audit: AuditContext): Promise<Payout> {
  return db.transaction().execute(async (tx) => {
    const failed = await failPayoutInTx(tx, programId, payoutId, reason, audit.at)
    if (failed) {
      await recordAudit(tx, programId, audit, { action: 'payout.failed', subject: { type: 'payout', id: payoutId }, before: { status: 'pending' }, after: { status: 'failed', reason } })
      return toPayout(failed)
    }
    const current = await findPayout(tx, programId, payoutId)
    if (!current) throw notFound(`Payout ${payoutId}`)
    if (current.status === 'failed') return toPayout(current)
    throw conflict(`Payout ${payoutId} is already paid; a paid payout cannot fail`)
  })
}

/** The failure itself, for callers already in a transaction; undefined when the payout was not waiting. */
export async function failPayoutInTx(tx: Tx, programId: string, payoutId: string, reason: string, now: Date): Promise<PayoutRow | undefined> {
  const at = now.toISOString()
  const failed = await payoutToFailed(tx, programId, payoutId, reason)
  if (!failed) return undefined
  // A failed payout covers nothing; numbered anew, its commissions fall after every payout's range, so the
  // partner's next payout covers them even when a later payout exists already.
  await renumberCovered(tx, failed, await approvalTick(tx, programId), at)
  await settleRunIfDone(tx, failed.run_id, at)
  await emitEvent(tx, programId, 'payout.failed', toPayout(failed), now)
  return failed
}
