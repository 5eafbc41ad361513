import { describe, expect, it } from 'vitest'
import { TEST_COPIES_PER_HOUR, testCopyWait, testCopyWindowStart } from './test-copy-rules.ts'

describe('test copies an hour', () => {
  const now = new Date('2026-05-10T12:00:00.000Z')
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString()

  it('counts the rolling hour before now', () => {
    expect(testCopyWindowStart(now).toISOString()).toBe('2026-05-10T11:00:00.000Z')
  })

  it('lets one go while fewer than the cap went in the hour', () => {
    expect(testCopyWait([], now)).toBeNull()
    expect(testCopyWait(Array.from({ length: TEST_COPIES_PER_HOUR - 1 }, (_, i) => minutesAgo(i)), now)).toBeNull()
  })

  it('waits until enough have left the hour to be under the cap again', () => {
    const ten = Array.from({ length: 10 }, (_, i) => minutesAgo(50 - i)) // 50..41 minutes ago
    expect(testCopyWait(ten, now)).toBe(10 * 60) // the oldest leaves in 10 minutes
    // Twelve (sent before the cap was lowered): three must leave; the third oldest, 50 minutes ago, decides
    const twelve = [minutesAgo(59), minutesAgo(58), ...ten]
    expect(testCopyWait(twelve, now)).toBe(10 * 60)
    expect(testCopyWait([...ten].reverse(), now)).toBe(10 * 60) // in any order
  })

  it('leaves out copies an hour old or older, and never answers less than a second', () => {
    expect(testCopyWait(Array(10).fill(minutesAgo(60)), now)).toBeNull()
    expect(testCopyWait([...Array(9).fill(minutesAgo(30)), minutesAgo(61)], now)).toBeNull()
    expect(testCopyWait(Array(10).fill(new Date(now.getTime() - 3_599_500).toISOString()), now)).toBe(1)
  })
})
