// The next scheduled payout: its day (schedule.ts) and, for one partner, whether it would be paid then and
// if not why (payees.ts decides, as for a run). Read-only.
import type { PayoutSkipReason } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { choosePayees, parseMinimums } from './payees.ts'
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
export function partnerPayoutStanding(program: ProgramRow, p: PartnerPayoutFacts): Map<string, { included: boolean; reason: PayoutSkipReason | null } | null> {
  const schedule = readSchedule(program.payout_schedule)
  if (!schedule) return new Map(p.approved.map((b) => [b.currency, null]))
  const { payees, skipped } = choosePayees(
    p.approved.map((b) => ({ partnerId: p.partnerId, currency: b.currency, amountMinor: b.approvedMinor })),
    { hasDetails: new Set(p.hasDetails ? [p.partnerId] : []), suspended: new Set(p.suspended ? [p.partnerId] : []), minimums: parseMinimums(program.payout_minimums), currencies: schedule.currencies },
  )
  const paid = new Set(payees.map((b) => b.currency))
  const why = new Map(skipped.map((s) => [s.currency, s.reason]))
  return new Map(p.approved.map((b) => [b.currency, { included: paid.has(b.currency), reason: why.get(b.currency) ?? null }]))
}
