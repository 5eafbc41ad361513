import { describe, expect, it } from 'vitest'
import { RecentVisits, visitKey } from './recent-visits.ts'

const HASH = 'a3f1c2e4b5d6978812345678deadbeef00112233445566778899aabbccddeeff'
const WINDOW = 30 * 60_000

describe('visitKey', () => {
  it('tells visitors and links apart, and is the same number for the same pair', () => {
    const other = `b${HASH.slice(1)}`
    expect(visitKey(HASH, 'lnk_1')).toBe(visitKey(HASH, 'lnk_1'))
    expect(visitKey(HASH, 'lnk_1')).not.toBe(visitKey(HASH, 'lnk_2'))
    expect(visitKey(HASH, 'lnk_1')).not.toBe(visitKey(other, 'lnk_1'))
    expect(Number.isSafeInteger(visitKey('f'.repeat(64), 'lnk_1'))).toBe(true)
  })
})

describe('RecentVisits', () => {
  it('names the latest row of a visit for at least one window after it was added', () => {
    const visits = new RecentVisits(WINDOW, 1_000, 0)
    visits.add(1, 10, 5 * 60_000)
    visits.add(1, 11, 6 * 60_000) // the same visit again (a click after the window): the newer row wins
    expect(visits.candidate(1, 6 * 60_000)).toBe(11)
    expect(visits.candidate(1, 30 * 60_000)).toBe(11) // the generations turned: still there
    expect(visits.candidate(1, 6 * 60_000 + WINDOW - 1)).toBe(11)
    expect(visits.candidate(2, 6 * 60_000)).toBeUndefined()
  })

  it('forgets a visit after two windows, so memory follows the click rate', () => {
    const visits = new RecentVisits(WINDOW, 1_000, 0)
    visits.add(1, 10, 0)
    visits.add(2, 20, WINDOW + 1)
    expect(visits.size).toBe(2)
    expect(visits.candidate(1, 2 * WINDOW + 2)).toBeUndefined()
    expect(visits.candidate(2, 2 * WINDOW + 2)).toBe(20)
    expect(visits.size).toBe(1)
  })

  it('at the cap, turns early and says so: the oldest visits are forgotten within the window', () => {
    const told: number[] = []
    const visits = new RecentVisits(WINDOW, 3, 0, (keptMs) => told.push(keptMs))
    for (let k = 1; k <= 7; k++) visits.add(k, k * 10, k)
    expect(visits.shortened).toBe(2)
    expect(told).toEqual([4]) // once, with how long the first generation lasted
    expect(visits.size).toBeLessThanOrEqual(6)
    expect(visits.candidate(1, 8)).toBeUndefined() // dropped with the oldest generation
    expect(visits.candidate(7, 8)).toBe(70)
    expect(visits.candidate(4, 8)).toBe(40)
  })
})
