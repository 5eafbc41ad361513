import { describe, expect, test } from 'vitest'
import { en, translator } from './messages.ts'

describe('console messages', () => {
  test('every message counting {n} things has its singular (.one), used for a count of one', () => {
    const counting = Object.entries(en).filter(([k, v]) => !k.endsWith('.one') && /\{n\} [a-z]+s\b/.test(v))
    expect(counting.length).toBeGreaterThan(10)
    expect(counting.filter(([k]) => !(`${k}.one` in en)).map(([k]) => k)).toEqual([])
    const t = translator()
    expect(t('backtest.tierMoves', { n: 1 })).toBe('1 partner changes tier')
    expect(t('backtest.tierMoves', { n: 2 })).toBe('2 partners change tier')
  })
})
