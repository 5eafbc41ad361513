// The next scheduled payout: its day (schedule.ts) and, for one partner, whether it would be paid then and
// if not why (payees.ts decides, as for a run), and the outlook a commission's notice tells. Read-only.
import type { PayoutSkipReason } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { ledgerTotals } from '../ledger/index.ts'
import type { PayoutTerms, ProgramRow } from '../programs/index.ts'
import { choosePayees, hasPayoutDestination, parseMinimums } from './payees.ts'
import { partnerPayee } from './run-queries.ts'
import { latestRunDay } from './schedule-queries.ts'
import { nextPayoutDate, readSchedule } from './schedule.ts'

/** The program's next payout day (YYYY-MM-DD, UTC), or null without a schedule. */
export async function nextPayoutDay(db: Db, program: ProgramRow, now: Date): Promise<string | null> {
  const schedule = readSchedule(program.payout_schedule)
  return schedule && nextPayoutDate(schedule, now, await latestRunDay(db, program.id))
}

export interface PartnerPayoutFacts {
  partnerId: string
  suspended: boolean
  hasDetails: boolean
  /** the partner's approved balance per currency, from the ledger's totals */
  approved: ReadonlyArray<{ currency: string; approvedMinor: number }>
}

/**
 * Per currency, whether a run would pay the partner's approved balance as it stands, and if not why
 * (`reason` null with `included` false: nothing approved to pay). Null for every currency without a schedule.
 */
export function partnerPayoutStanding(program: PayoutTerms, p: PartnerPayoutFacts): Map<string, PayoutStanding | null> {
  if (!readSchedule(program.payout_schedule)) return new Map(p.approved.map((b) => [b.currency, null]))
  return payoutStanding(program, p)
}

/** Whether the next run pays a balance, and if not why (`reason` null with `included` false: nothing approved to pay). */
export interface PayoutStanding {
  included: boolean
  reason: PayoutSkipReason | null
}

/**
 * Per currency, whether the next payout run (scheduled, or made by hand) would pay the partner's approved
 * balance as it stands, and if not why: choosePayees decides, as for a run.
 */
export function payoutStanding(program: PayoutTerms, p: PartnerPayoutFacts): Map<string, PayoutStanding> {
  const { payees, skipped } = choosePayees(
    p.approved.map((b) => ({ partnerId: p.partnerId, currency: b.currency, amountMinor: b.approvedMinor })),
    {
      hasDetails: new Set(p.hasDetails ? [p.partnerId] : []),
      suspended: new Set(p.suspended ? [p.partnerId] : []),
      minimums: parseMinimums(program.payout_minimums),
      currencies: readSchedule(program.payout_schedule)?.currencies ?? null,
    },
  )
  const paid = new Set(payees.map((b) => b.currency))
  const why = new Map(skipped.map((s) => [s.currency, s.reason]))
  return new Map(p.approved.map((b) => [b.currency, { included: paid.has(b.currency), reason: why.get(b.currency) ?? null }]))
}

/** A partner's payout in one currency as it stands: its approved balance, the program's minimum, and whether the next run pays it. */
export interface PayoutOutlook extends PayoutStanding {
  approvedMinor: number
  minimumMinor: number
}

/**
 * The outlook of a commission not yet approved (pending, held): the program's minimum only. Whether the next
 * run pays is not yet a question, and reading the partner's ledger totals for each sale's notice grew with the
 * partner's ledger (a sale cost 1.1 ms of CPU against 0.6 in bench/sales.ts).
 */
export function minimumOutlook(program: PayoutTerms, currency: string): PayoutOutlook {
  return { included: false, reason: null, approvedMinor: 0, minimumMinor: parseMinimums(program.payout_minimums)[currency] ?? 0 }
}

/** The partner's outlook in `currency`, read now (its ledger totals, standing and payout details). */
export async function partnerPayoutOutlook(db: Db | Tx, program: PayoutTerms, partnerId: string, currency: string): Promise<PayoutOutlook> {
  const totals = await ledgerTotals(db, { programId: program.id, partnerId })
  const facts = await partnerPayee(db, program.id, partnerId)
  const approvedMinor = totals.find((t) => t.currency === currency)?.approvedMinor ?? 0
  const hasDetails = facts.details !== undefined && hasPayoutDestination(facts.details)
  const standing = payoutStanding(program, { partnerId, suspended: facts.status === 'suspended', hasDetails, approved: [{ currency, approvedMinor }] }).get(currency)!
  return { ...standing, approvedMinor, minimumMinor: parseMinimums(program.payout_minimums)[currency] ?? 0 }
}
