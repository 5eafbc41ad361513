import { describe, expect, it } from 'vitest'
import { countClick } from './click-burst.ts'

describe('clicks per address in the last minute', () => {
  it('counts the clicks before each one, weighs the previous minute by its overlap, and forgets after two', () => {
    const t0 = Date.parse('2026-11-01T12:00:00.000Z')
    const key = `test|${Math.random()}`
    expect([0, 1, 2].map((i) => countClick(key, t0 + i * 1000))).toEqual([0, 1, 2])
    expect(countClick(`${key}|other`, t0)).toBe(0) // another address counts apart
    expect(countClick(key, t0 + 60_000)).toBe(3) // the next minute's start: all of the previous one
    expect(countClick(key, t0 + 90_000)).toBe(1 + 1) // half of the previous minute's 3, and this minute's 1
    expect(countClick(key, t0 + 240_000)).toBe(0) // two quiet minutes: nothing left
  })
})
