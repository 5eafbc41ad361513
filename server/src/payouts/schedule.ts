// When a program pays next, by its payout schedule. Pure: dates are UTC days (YYYY-MM-DD).
// Who a payout pays or skips, and why, stays payees.ts's (`choosePayees`), given the schedule's currencies.
import type { PayoutSchedule } from '@afflio/sdk/types'
import { clampedDayOfMonth, DAY_MS } from '../kernel/days.ts'

/** Whether a UTC day is a payout day: monthly on the day (the month's last when it is shorter), weekly on the ISO weekday. */
export function isPayoutDay(schedule: PayoutSchedule, day: Date): boolean {
  if (schedule.frequency === 'weekly') return (day.getUTCDay() || 7) === schedule.dayOfWeek
  return day.getUTCDate() === clampedDayOfMonth(day.getUTCFullYear(), day.getUTCMonth(), schedule.dayOfMonth)
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

/**
 * The payout day whose run the server starts by itself now, or null: today (UTC) when it is the program's
 * next payout day (no run on it yet, `lastRunDay` being the day of the latest run or scheduled day) and the
 * program lets the server start runs (`automatic`). A day no server was up on is not caught up later: its
 * balances wait for the next payout day, or a run by hand.
 *
 * @example scheduledRunDue({ frequency: 'monthly', dayOfMonth: 31, currencies: null }, true, new Date('2026-02-28T00:01:00Z'), '2026-01-31') // '2026-02-28'
 */
export function scheduledRunDue(schedule: PayoutSchedule | null, automatic: boolean, now: Date, lastRunDay: string | null): string | null {
  if (!schedule || !automatic) return null
  const today = utcDay(now)
  return nextPayoutDate(schedule, now, lastRunDay) === today ? today : null
}

/** The UTC day of a time, YYYY-MM-DD. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10)

/** Reads `programs.payout_schedule` (validated when written); null: no schedule. */
export function readSchedule(json: string | null): PayoutSchedule | null {
  return json === null ? null : (JSON.parse(json) as PayoutSchedule)
}
