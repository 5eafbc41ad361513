// When a program pays next, by its payout schedule. Pure: dates are UTC days (YYYY-MM-DD).
// Who a payout pays or skips, and why, stays payees.ts's (`choosePayees`), given the schedule's currencies.
import type { PayoutSchedule } from '@afflio/sdk/types'

const DAY_MS = 86_400_000

/** Whether a UTC day is a payout day: monthly on the day (the month's last when it is shorter), weekly on the ISO weekday. */
export function isPayoutDay(schedule: PayoutSchedule, day: Date): boolean {
  if (schedule.frequency === 'weekly') return (day.getUTCDay() || 7) === schedule.dayOfWeek
  const lastDay = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate()
  return day.getUTCDate() === Math.min(schedule.dayOfMonth, lastDay)
}

/**
 * The next payout day: the first payout day from today (UTC) on, and after `lastRunDay` (the day of the
 * program's latest run: a day already paid is not due again).
 *
 * @example nextPayoutDate({ frequency: 'monthly', dayOfMonth: 31, currencies: null }, new Date('2026-02-10T12:00:00Z')) // '2026-02-28'
 */
export function nextPayoutDate(schedule: PayoutSchedule, now: Date, lastRunDay: string | null = null): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  // Every schedule has a payout day within any 62 days (two months), and one after a run on today's
  for (let i = 0; ; i++) {
    const day = new Date(today + i * DAY_MS)
    const iso = day.toISOString().slice(0, 10)
    if (isPayoutDay(schedule, day) && (lastRunDay === null || iso > lastRunDay)) return iso
  }
}

/** Reads `programs.payout_schedule` (validated when written); null: no schedule. */
export function readSchedule(json: string | null): PayoutSchedule | null {
  return json === null ? null : (JSON.parse(json) as PayoutSchedule)
}
