// How many test copies of a newsletter a program may send: a test copy goes at once to an address the
// caller names, so without a cap a console token would relay mail anywhere. Pure: the times come from
// the audit log, where every test copy is recorded.

/** Test copies one program may send in any hour (a rolling hour, whoever asks: every key and console token). */
export const TEST_COPIES_PER_HOUR = 10
const TEST_COPY_WINDOW_MS = 3_600_000

/** Where the hour counted at `now` starts: test copies after it count (one counts for exactly an hour). */
export function testCopyWindowStart(now: Date): Date {
  return new Date(now.getTime() - TEST_COPY_WINDOW_MS)
}

/**
 * Seconds until another test copy may go, given when the program's recent ones went (ISO times; those
 * before the hour are left out); null when one may go now. The wait ends when enough of them have left
 * the hour to be under the cap again.
 *
 * @example testCopyWait(Array(10).fill('2026-05-10T11:30:00.000Z'), new Date('2026-05-10T12:00:00Z')) // 1800
 */
export function testCopyWait(sentAts: readonly string[], now: Date): number | null {
  const start = testCopyWindowStart(now).getTime()
  const sorted = sentAts.filter((at) => Date.parse(at) > start).sort()
  if (sorted.length < TEST_COPIES_PER_HOUR) return null
  const mustLeave = sorted[sorted.length - TEST_COPIES_PER_HOUR]!
  return Math.max(1, Math.ceil((Date.parse(mustLeave) + TEST_COPY_WINDOW_MS - now.getTime()) / 1000))
}
