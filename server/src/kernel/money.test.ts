import { describe, expect, it } from 'vitest'
import { applyRateBps, divRound, minorDigits, share } from './money.ts'

describe('money', () => {
  it('rounds half away from zero at the half cent', () => {
    expect(applyRateBps(1, 5000)).toBe(1) // 0.5 -> 1
    expect(applyRateBps(3, 5000)).toBe(2) // 1.5 -> 2
    expect(applyRateBps(1, 4999)).toBe(0) // 0.4999 -> 0
    expect(applyRateBps(-1, 5000)).toBe(-1) // mirror image
    expect(applyRateBps(-3, 5000)).toBe(-2)
    expect(divRound(5n, 2n)).toBe(3)
    expect(divRound(-5n, 2n)).toBe(-3)
  })

  it('computes percentages in exact integers, also for large amounts', () => {
    expect(applyRateBps(9_999, 2000)).toBe(2000) // 1999.8
    expect(applyRateBps(2 ** 52, 3333)).toBe(Number((2n ** 52n * 3333n + 5000n) / 10000n))
  })

  it('shares proportionally', () => {
    expect(share(1000, 1, 3)).toBe(333)
    expect(share(1000, 2, 3)).toBe(667)
    expect(share(1000, 0, 0)).toBe(0)
  })

  it("takes a currency's digits from the ISO 4217 table: 0, 2 or 3", () => {
    expect(minorDigits('JPY')).toBe(0)
    expect(minorDigits('usd')).toBe(2)
    expect(minorDigits('KWD')).toBe(3)
  })
})
