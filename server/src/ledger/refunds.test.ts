import { describe, expect, it } from 'vitest'
import { clawbackFor, giveBackFor, leftAfterRefunds, owedOf, refundable, reversalFor } from './refunds.ts'

/** A seeded generator of integers below n: the same sequences on every run. */
function seeded(seed: number) {
  return (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
}

describe('refund reversals', () => {
  it('reverses a proportional share and never more than the commission', () => {
    const f = { saleAmountMinor: 10_000, alreadyRefundedMinor: 0, refundMinor: 2_500 }
    expect(reversalFor(2_000, f)).toBe(500)
    expect(refundable({ ...f, alreadyRefundedMinor: 9_000 })).toBe(1_000)
    expect(reversalFor(2_000, { ...f, refundMinor: 50_000 })).toBe(2_000)
  })

  it('partial refunds in any split sum to exactly the commission (seeded property)', () => {
    const rand = seeded(42)
    for (let run = 0; run < 500; run++) {
      const sale = 1 + rand(1_000_000)
      const commission = rand(sale + 1)
      let refunded = 0
      let reversed = 0
      while (refunded < sale) {
        const part = 1 + rand(sale)
        const f = { saleAmountMinor: sale, alreadyRefundedMinor: refunded, refundMinor: part }
        const r = reversalFor(commission, f)
        expect(r).toBeGreaterThanOrEqual(0)
        reversed += r
        refunded += refundable(f)
      }
      expect(reversed).toBe(commission)
    }
  })

  it('what is left after refunds is the commission less the clawbacks of each refund, however they came (seeded property)', () => {
    const rand = seeded(7)
    for (let run = 0; run < 500; run++) {
      const sale = 1 + rand(1_000_000)
      const commission = rand(sale + 1)
      let refunded = 0
      let left = commission
      for (let n = rand(4); n > 0; n--) {
        const f = { saleAmountMinor: sale, alreadyRefundedMinor: refunded, refundMinor: 1 + rand(sale) }
        left -= reversalFor(commission, f)
        refunded += refundable(f)
      }
      expect(leftAfterRefunds(commission, { amountMinor: sale, refundedMinor: refunded })).toBe(left)
    }
    expect(leftAfterRefunds(667, { amountMinor: 3333, refundedMinor: 3333 })).toBe(0)
  })

  it('what a commission is owed counts the take-backs that stand: a voided one took nothing, a give-back undoes one', () => {
    const c = { id: 'c1', amountMinor: 1000 }
    const row = (amountMinor: number, status: 'approved' | 'reversed' | 'fraud', reversesId: string | null = 'c1') => ({ amountMinor, status, reversesId })
    expect(owedOf(c, [row(-300, 'approved'), row(-200, 'reversed'), row(-100, 'fraud'), row(-50, 'approved', 'c2')])).toEqual({ owedMinor: 700, takenMinor: 300 })
    expect(owedOf(c, [row(-300, 'approved'), row(300, 'approved')])).toEqual({ owedMinor: 1000, takenMinor: 0 })
  })

  it('claws back its share, never more than is left of the commission', () => {
    const f = { saleAmountMinor: 100, alreadyRefundedMinor: 25, refundMinor: 75 }
    const paid = { amount_minor: 10, status: 'paid' as const }
    expect(clawbackFor(paid, [{ amount_minor: -3, status: 'approved' }], f)).toBe(7)
    // A fraud's clawback took the rest: nothing more.
    expect(clawbackFor(paid, [{ amount_minor: -3, status: 'approved' }, { amount_minor: -7, status: 'approved' }], f)).toBe(0)
    // Voided clawbacks count for nothing.
    expect(clawbackFor(paid, [{ amount_minor: -3, status: 'fraud' }, { amount_minor: -7, status: 'reversed' }], f)).toBe(7)
  })

  it('a won dispute gives back exactly what its chargeback took, reversed or clawed back, and no more', () => {
    // 10 on a sale of 300; 100 refunded before. The chargeback of another 100 took 3 (share of 200 less share of 100)
    const original = { amount_minor: 10, status: 'paid' as const }
    const refund = { amount_minor: -3, status: 'approved' as const }
    expect(giveBackFor(original, [refund, { amount_minor: -4, status: 'approved' }], { saleAmountMinor: 300, refundedMinor: 100 })).toBe(4)
    // The chargeback of the rest reversed it (unpaid): all that stood then comes back
    expect(giveBackFor({ amount_minor: 10, status: 'reversed' }, [{ amount_minor: -3, status: 'reversed' }], { saleAmountMinor: 300, refundedMinor: 100 })).toBe(7)
    // Given back already: nothing more
    expect(giveBackFor(original, [refund, { amount_minor: -4, status: 'approved' }, { amount_minor: 4, status: 'approved' }], { saleAmountMinor: 300, refundedMinor: 100 })).toBe(0)
  })
})
