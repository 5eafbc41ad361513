// Challenges as values: status in time, the window a fact counts in, when a target is met, what may change
// once a challenge runs, and the leaderboard's order. The progress itself is summed in SQL by the service.
import type { ChallengeMetric, ChallengeStatus, CreateChallengeInput, UpdateChallengeInput } from '@afflio/sdk/types'
import { formatMoney } from '../kernel/money.ts'
import { DAY_MS } from '../kernel/days.ts'

export interface ChallengeFacts {
  name: string
  metric: ChallengeMetric
  target: number
  currency: string | null
  startsAt: string
  endsAt: string
  archivedAt: string | null
}

/**
 * Where a challenge stands at `now`: archived wins; else scheduled before its start, active in
 * [startsAt, endsAt), ended after.
 *
 * @example challengeStatus({ startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z', archivedAt: null, … }, new Date('2026-12-01T00:00:00Z')) // 'ended'
 */
export function challengeStatus(c: Pick<ChallengeFacts, 'startsAt' | 'endsAt' | 'archivedAt'>, now: Date): ChallengeStatus {
  if (c.archivedAt !== null) return 'archived'
  const at = now.toISOString()
  if (at < c.startsAt) return 'scheduled'
  return at < c.endsAt ? 'active' : 'ended'
}

/** Whether a fact stamped `at` (a sale's occurred_at) counts: the window is half-open. */
export function inWindow(c: Pick<ChallengeFacts, 'startsAt' | 'endsAt'>, at: string): boolean {
  return c.startsAt <= at && at < c.endsAt
}

/**
 * The UTC days [from, to) (`YYYY-MM-DD`) whose clicks a clicks challenge counts: every day its window
 * touches. Clicks are counted from the daily rollups, which keep every count after the retention has
 * deleted the raw clicks, so progress never falls as clicks age out. A window of whole days (the console's)
 * counts exactly its clicks; one starting or ending within a day counts that whole day.
 *
 * @example clickDays({ startsAt: '2026-11-10T00:00:00.000Z', endsAt: '2026-11-20T06:00:00.000Z' }) // { from: '2026-11-10', to: '2026-11-21' }
 */
export function clickDays(c: Pick<ChallengeFacts, 'startsAt' | 'endsAt'>): { from: string; to: string } {
  const end = Math.ceil(Date.parse(c.endsAt) / DAY_MS) * DAY_MS // the midnight at or after the end
  return { from: c.startsAt.slice(0, 10), to: new Date(end).toISOString().slice(0, 10) }
}

/** Met when progress reaches the target (a target of 10 sales is met by the 10th). */
export function isMet(target: number, progress: number): boolean {
  return progress >= target
}

/** Progress as a whole percentage, rounded down and capped at 100: 99.9% is not done. */
export function percentOf(progress: number, target: number): number {
  if (target <= 0) return 100
  return Math.min(100, Math.max(0, Math.floor((progress * 100) / target)))
}

/** What the partner has to reach, for people: `10 sales`, `USD 5,000.00 in sales`, `500 clicks`. */
/**
 * What a partner is told of a bonus just credited: the amount, and when a budget held it, that it waits for
 * the program (the budget itself is the program's to know, as in the portal's view of the commission).
 */
export function bonusSentence(amount: string, status: string): string {
  return status === 'on_hold'
    ? `A bonus of ${amount} was added to your earnings, on hold: the program's commission budget for this period is reached, and the program decides when it is paid.`
    : `A bonus of ${amount} was added to your earnings.`
}

export function describeTarget(c: Pick<ChallengeFacts, 'metric' | 'target' | 'currency'>): string {
  if (c.metric === 'revenue') return `${formatMoney(c.target, c.currency ?? '')} in sales`
  if (c.metric === 'bounty') return `${c.target} approved ${c.target === 1 ? 'submission' : 'submissions'}`
  return `${c.target} ${c.metric === 'sales' ? (c.target === 1 ? 'sale' : 'sales') : c.target === 1 ? 'click' : 'clicks'}`
}

/** A problem with a new challenge's fields taken together, with the field to blame; null when fine. */
export function createProblem(input: { metric: ChallengeMetric; currency?: string | null | undefined; startsAt: string; endsAt: string }): { field: string; message: string } | null {
  if (input.metric === 'revenue' && !input.currency) return { field: 'currency', message: 'a revenue challenge needs the currency its sales are counted in' }
  if (input.metric !== 'revenue' && input.currency) return { field: 'currency', message: `only a revenue challenge has a currency; ${input.metric} are counted, not summed` }
  if (input.endsAt <= input.startsAt) return { field: 'endsAt', message: 'must be after startsAt' }
  return null
}

/**
 * A problem with changing a challenge, with the field to blame; null when allowed. Archived challenges do
 * not change. Before the start anything goes (but metric and currency, which the input cannot name); once
 * started, partners are counting on it: only the name, the description and the end (not before now) change.
 */
export function updateProblem(current: ChallengeFacts, patch: UpdateChallengeInput, now: Date): { field: string; message: string; conflict?: boolean } | null {
  if (current.archivedAt !== null) return { field: 'id', message: 'This challenge is archived', conflict: true }
  if (current.metric === 'bounty' && patch.target !== undefined) return { field: 'target', message: 'a bounty has no target; it pays each approved submission (see maxPerPartner)' }
  for (const field of ['maxPerPartner', 'maxApproved'] as const) {
    if (current.metric !== 'bounty' && patch[field] !== undefined) return { field, message: 'only a bounty has caps' }
  }
  const at = now.toISOString()
  const started = current.startsAt <= at
  if (started) {
    for (const field of ['target', 'startsAt', 'segmentId', 'reward'] as const) {
      if (patch[field] !== undefined) return { field, message: `cannot change once the challenge has started`, conflict: true }
    }
    if (patch.endsAt !== undefined && patch.endsAt <= at) return { field: 'endsAt', message: 'must be in the future once the challenge has started' }
  }
  const startsAt = patch.startsAt ?? current.startsAt
  const endsAt = patch.endsAt ?? current.endsAt
  if (endsAt <= startsAt) return { field: 'endsAt', message: 'must be after startsAt' }
  return null
}

export interface Standing {
  partnerId: string
  progress: number
  metAt: string | null
}

/** Best first: more progress, then whoever met the target first, then by partner id (stable). */
export function rankStandings<T extends Standing>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (a.progress !== b.progress) return b.progress - a.progress
    if (a.metAt !== b.metAt) return a.metAt === null ? 1 : b.metAt === null ? -1 : a.metAt < b.metAt ? -1 : 1
    return a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0
  })
}
