// Keeps link_day_earnings in step with the commission rows, in the transaction that writes them: a new
// commission that counts (totals.ts's TOTAL_OF) adds its amount to its partner, link, UTC day and currency;
// a status change that starts or stops it counting (a reversal, fraud, a release) adds or takes it back.
// Amounts and days never change once written, and maturing (pending to approved) or a payout covering an
// approved commission keeps it counted, so only these writes move the sums.
import type { CommissionStatus } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import type { CommissionTable, LinkDayEarningsTable } from '../kernel/db/schema.ts'
import { dayOf } from '../stats/index.ts'
import { addEarnedDay } from './earning-day-queries.ts'
import type { StoredStatus } from './holds.ts'
import { TOTAL_OF } from './totals.ts'

export const EARNING_COLUMNS = ['program_id', 'partner_id', 'link_id', 'created_at', 'currency', 'amount_minor', 'status'] as const

/** What the rollup needs of a commission row. */
export type EarningRow = Pick<CommissionTable, (typeof EARNING_COLUMNS)[number]>

const counts = (status: CommissionStatus) => TOTAL_OF[status] !== null

/** Adds (`sign` 1) or takes back (-1) the rows' amounts, one upsert per partner, link, day and currency. */
async function addEarnings(tx: Tx, rows: readonly EarningRow[], sign: 1 | -1): Promise<void> {
  const sums = new Map<string, LinkDayEarningsTable>()
  for (const r of rows) {
    const [day, link_id] = [dayOf(r.created_at), r.link_id ?? '']
    const key = `${r.partner_id}|${link_id}|${day}|${r.currency}`
    const sum = sums.get(key)
    if (sum) sum.earned_minor += sign * Number(r.amount_minor)
    else sums.set(key, { partner_id: r.partner_id, link_id, day, currency: r.currency, program_id: r.program_id, earned_minor: sign * Number(r.amount_minor) })
  }
  // In key order: one write's rows lock in one order on Postgres. Two writes of one transaction (a refund's
  // per commission, an action's per status) may still meet another's in the other order: a deadlock, retried.
  for (const [, sum] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) if (sum.earned_minor !== 0) await addEarnedDay(tx, sum)
}

/** New commission rows: those that count are added. */
export function countEarnings(tx: Tx, rows: readonly EarningRow[]): Promise<void> {
  return addEarnings(tx, rows.filter((r) => counts(r.status)), 1)
}

/** Rows moved from the statuses they had (`before`) to `to`: those that start counting are added, those that stop are taken back. */
export function countStatusChange(tx: Tx, before: readonly EarningRow[], to: StoredStatus): Promise<void> {
  return addEarnings(tx, before.filter((r) => counts(r.status) !== counts(to)), counts(to) ? 1 : -1)
}
