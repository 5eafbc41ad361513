import type { AuditActor, CreatedPayoutRun, Page, PayoutRun, PayoutRunPreview, PayoutRunSkip } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { choosePayees, hasPayoutDestination, parseMinimums } from './payees.ts'
import { nextPayoutDay } from './next-payout.ts'
import { readSchedule } from './schedule.ts'
import { ApiError, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { loadRun, type PayoutRow, runsPage, toPayoutRun } from './queries.ts'
import { insertPayouts, insertRun, programPayoutDetails, suspendedPartners } from './run-queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import { approveDue, lockLedgerForRun, owedBalances } from '../ledger/index.ts'

type Owed = Awaited<ReturnType<typeof owedBalances>>[number]

/**
 * Pays every partner whose unpaid approved balance (per currency) is positive and at least the
 * program's minimum: one payout per partner and currency, in one transaction. A payout covers the
 * commissions it sums by their approval numbers (from the end of the partner's last payout that did not fail
 * to the last one it sums); it writes no commission, which shows `in_payout` (then `paid`) because the payout
 * covers it. The plan is made under the ledger's run lock, so two runs, concurrent or not, never cover a
 * commission twice, and a refund, hold or approval waits for the run or goes first.
 * Due commissions are approved first. `only.partnerIds` limits the run to those partners (bulk "pay").
 */
export async function createPayoutRun(db: Db, program: ProgramRow, now: Date, options: { partnerIds?: readonly string[]; actor?: AuditActor } = {}): Promise<CreatedPayoutRun> {
  const only = options.partnerIds && new Set(options.partnerIds)
  const audit = { actor: options.actor ?? SYSTEM, at: now }
  await approveDue(db, program.id, now)
  const { run, skipped } = await db.transaction().execute((tx) => runPayouts(tx, program, audit, { onlyPartners: only }))
  if (!run) throw nothingToPay(skipped)
  return run
}

interface Plan {
  payees: Owed[]
  skipped: PayoutRunSkip[]
  detailsOf: Map<string, { method: PayoutRow['method']; email: string | null; account_ref: string | null }>
}

/** Who a run would pay now and who it would leave out, and why: read-only, shared by the run and its preview. */
async function planRun(db: Db | Tx, program: ProgramRow, onlyPartners?: ReadonlySet<string>): Promise<Plan> {
  const balances = (await owedBalances(db, program.id)).filter((b) => !onlyPartners || onlyPartners.has(b.partnerId))
  const owed = new Map(balances.map((b) => [`${b.partnerId} ${b.currency}`, b]))

  // The whole program's, not an IN list of payees: a large run would pass the databases' parameter limits.
  const [partners, details] = owed.size
    ? await Promise.all([
        suspendedPartners(db, program.id),
        programPayoutDetails(db, program.id),
      ])
    : [[], []]
  const { payees, skipped } = choosePayees(
    balances.map(({ partnerId, currency, amountMinor }) => ({ partnerId, currency, amountMinor })),
    {
      hasDetails: new Set(details.filter(hasPayoutDestination).map((d) => d.partner_id)),
      suspended: new Set(partners.filter((p) => p.status === 'suspended').map((p) => p.id)),
      minimums: parseMinimums(program.payout_minimums),
      currencies: readSchedule(program.payout_schedule)?.currencies ?? null,
    },
  )
  return {
    payees: payees.map((p) => owed.get(`${p.partnerId} ${p.currency}`)!),
    skipped,
    detailsOf: new Map(details.map((d) => [d.partner_id, d])),
  }
}

/**
 * What `POST /v1/payout-runs` would do now, without doing it: who would be paid how much, who would be
 * skipped and why. The console shows it before a run.
 */
export async function previewPayoutRun(db: Db, program: ProgramRow, now: Date): Promise<PayoutRunPreview> {
  await approveDue(db, program.id, now)
  const [{ payees, skipped }, nextPayoutDate] = await Promise.all([planRun(db, program), nextPayoutDay(db, program, now)])
  return { payees: payees.map((b) => ({ partnerId: b.partnerId, currency: b.currency, amountMinor: b.amountMinor })), skipped, nextPayoutDate }
}

/** How many balances were skipped for each reason: { below_minimum: 2 } */
export function skipCounts(skipped: readonly PayoutRunSkip[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const s of skipped) counts[s.reason] = (counts[s.reason] ?? 0) + 1
  return counts
}

/** Nobody can be paid: no run is recorded, and the answer says who was left out and why. */
function nothingToPay(skipped: readonly PayoutRunSkip[]): ApiError {
  const why = Object.entries(skipCounts(skipped)).map(([reason, n]) => `${n} ${reason.replaceAll('_', ' ')}`).join(', ')
  return new ApiError(422, 'nothing_to_pay', why ? `No partner can be paid now (${why}): no payout run was created` : 'No partner is owed anything now: no payout run was created')
}

/**
 * A run in `tx`, by hand or for the schedule's day `scheduledFor` (which its audit entry records): null
 * `run` when nobody can be paid (nothing is written then), with who was skipped either way.
 */
export async function runPayouts(
  tx: Tx,
  program: ProgramRow,
  audit: AuditContext,
  options: { onlyPartners?: ReadonlySet<string> | undefined; scheduledFor?: string } = {},
): Promise<{ run: CreatedPayoutRun | null; skipped: PayoutRunSkip[] }> {
  const now = audit.at
  const at = now.toISOString()
  // Runs of one program take turns, and writers that approve or change approved commissions wait (Postgres;
  // SQLite has one writer at a time already): what the plan sums is what the payouts cover.
  await lockLedgerForRun(tx, program.id)
  const { payees, skipped, detailsOf } = await planRun(tx, program, options.onlyPartners)
  if (payees.length === 0) return { run: null, skipped }

  const run = { id: newId('prun', now.getTime()), program_id: program.id, status: 'created' as const, created_at: at, paid_at: null }
  await insertRun(tx, run)
  const payouts: PayoutRow[] = payees.map((payee) => {
    const d = detailsOf.get(payee.partnerId)!
    return {
      id: newId('po', now.getTime()),
      program_id: program.id,
      run_id: run.id,
      partner_id: payee.partnerId,
      amount_minor: payee.amountMinor,
      currency: payee.currency,
      status: 'pending',
      method: d.method,
      destination: d.email ?? d.account_ref,
      // Stripe sends only to connected accounts; other methods are paid from the CSV export.
      provider: program.payout_provider === 'stripe_connect' && d.method === 'stripe_connect' ? 'stripe_connect' : 'manual',
      provider_ref: null,
      failure_reason: null,
      seq_from: payee.seqFrom,
      seq_to: payee.seqTo,
      created_at: at,
      paid_at: null,
    }
  })
  await insertPayouts(tx, payouts)
  const totals: Record<string, number> = {}
  for (const p of payouts) totals[p.currency] = (totals[p.currency] ?? 0) + Number(p.amount_minor)
  const scheduled = options.scheduledFor ? { scheduledFor: options.scheduledFor } : {}
  await recordAudit(tx, program.id, audit, { action: 'payout_run.created', subject: { type: 'payout_run', id: run.id }, before: null, after: { payouts: payouts.length, totalsMinor: totals, skipped: skipped.length, ...scheduled } })
  return { run: { ...toPayoutRun(run, payouts), skipped }, skipped }
}

export async function getPayoutRun(db: Db, programId: string, runId: string): Promise<PayoutRun> {
  const run = await loadRun(db, programId, runId)
  if (!run) throw notFound(`Payout run ${runId}`)
  return run
}

/** Newest first, each with its payouts. */
export function listPayoutRuns(db: Db, programId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<PayoutRun>> {
  return runsPage(db, programId, page)
}
