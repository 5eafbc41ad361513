import type { AuditActor, PayoutRun } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { openSecret } from '../kernel/secrets.ts'
import { transact } from '../kernel/events.ts'
import { findRun, loadRun, payoutsToSend } from './queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import { failPayoutInTx, payoutSent } from './payout-status.ts'
import { manualProvider, type PayoutProvider, stripeConnectProvider } from './providers.ts'
import { noteTransferError, payoutToProcessing, settleRunIfDone } from './status-queries.ts'

export interface ProviderConfig {
  /** Stripe's API base URL; tests point it at a local fake */
  stripeBaseUrl?: string
  fetch?: typeof fetch
}

/** The program's configured provider (`programs.payout_provider`); its Stripe key is opened here, to be used. */
export function providerFor(db: Db, program: ProgramRow, config: ProviderConfig = {}): PayoutProvider {
  if (program.payout_provider === 'stripe_connect' && program.stripe_api_key) {
    return stripeConnectProvider({ apiKey: openSecret(db, program.stripe_api_key), baseUrl: config.stripeBaseUrl, fetch: config.fetch })
  }
  return manualProvider
}

/**
 * Sends the run's waiting payouts of the program's provider, one by one. A transfer that succeeds
 * pays its payout (and emits payout.paid); one the provider refuses fails it (commissions owed
 * again); one without a definite answer stays `processing` with the error in `failureReason`, and
 * sending again retries it under the same idempotency key. Payouts of other methods are left for
 * the CSV export.
 */
export async function sendPayoutRun(db: Db, program: ProgramRow, runId: string, now: () => Date, config: ProviderConfig = {}, actor: AuditActor = SYSTEM): Promise<PayoutRun> {
  const run = await findRun(db, program.id, runId)
  if (!run) throw notFound(`Payout run ${runId}`)
  if (program.payout_provider === 'stripe_connect' && !program.stripe_api_key) throw conflict('The program has no Stripe API key: set stripeApiKey in its settings')
  const provider = providerFor(db, program, config)
  if (!provider.send) throw conflict('The program pays out manually: export the run as CSV, pay it, then mark it paid')

  const waiting = await payoutsToSend(db, run.id, provider.name)
  const outcome = { paid: 0, failed: 0, processing: 0 }
  for (const p of waiting) {
    await payoutToProcessing(db, p.id)
    const result = await provider.send({ payoutId: p.id, runId: p.run_id, partnerId: p.partner_id, amountMinor: Number(p.amount_minor), currency: p.currency, destination: p.destination })
    const at = now()
    await transact(db, async (tx) => {
      if (result.status === 'paid') {
        await payoutSent(tx, program.id, p.id, result.ref, at)
      } else if (result.status === 'failed') {
        await failPayoutInTx(tx, program.id, p.id, result.reason, at)
      } else {
        await noteTransferError(tx, p.id, result.error)
      }
      await settleRunIfDone(tx, run.id, at.toISOString())
      outcome[result.status === 'paid' ? 'paid' : result.status === 'failed' ? 'failed' : 'processing']++
    })
  }
  // One entry for the whole send, after the transfers, each of which committed on its own.
  if (waiting.length) {
    await db.transaction().execute((tx) => recordAudit(tx, program.id, { actor, at: now() }, { action: 'payout_run.sent', subject: { type: 'payout_run', id: run.id }, before: null, after: { provider: provider.name, ...outcome } }))
  }
  return (await loadRun(db, program.id, runId))!
}
