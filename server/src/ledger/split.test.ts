import { describe, expect, it } from 'vitest'
import { splitAmounts, splitShares } from './split.ts'

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' })

describe('splitAmounts', () => {
  it('shares the lower of the two commissions, the click side rounded, the code side the rest', () => {
    expect(splitAmounts(usd(2000), usd(1000), 7000)).toEqual({ poolMinor: 1000, currency: 'USD', clickMinor: 700, codeMinor: 300 })
    expect(splitAmounts(usd(3), usd(3), 5000)).toEqual({ poolMinor: 3, currency: 'USD', clickMinor: 2, codeMinor: 1 })
    expect(splitAmounts(usd(1), usd(5), 5000)).toEqual({ poolMinor: 1, currency: 'USD', clickMinor: 1, codeMinor: 0 })
  })

  it('never pays more than either partner alone', () => {
    for (let a = 0; a < 60; a++)
      for (let b = 0; b < 60; b += 7)
        for (const bps of [0, 1, 3333, 5000, 6667, 9999, 10_000]) {
          const s = splitAmounts(usd(a), usd(b), bps)
          expect(s.clickMinor + s.codeMinor).toBe(Math.min(a, b))
          expect(s.clickMinor).toBeGreaterThanOrEqual(0)
          expect(s.codeMinor).toBeGreaterThanOrEqual(0)
        }
  })

  it('takes the click partner’s commission when the two are in different currencies', () => {
    expect(splitAmounts(usd(900), { amountMinor: 100, currency: 'EUR' }, 5000)).toEqual({ poolMinor: 900, currency: 'USD', clickMinor: 450, codeMinor: 450 })
  })

  it('a partner that earns nothing alone forfeits its share; the other keeps its share of its own', () => {
    expect(splitShares(usd(2000), null, 7000)).toEqual({ poolMinor: 2000, currency: 'USD', clickMinor: 1400, codeMinor: 600 })
    expect(splitShares(null, usd(1000), 7000)).toEqual({ poolMinor: 1000, currency: 'USD', clickMinor: 700, codeMinor: 300 })
    expect(splitShares(null, null, 5000)).toBeNull()
  })
})
