import { describe, expect, it } from 'vitest'
import type { SaleCredit } from '../tracking/index.ts'
import { countsAsPerformance, saleShares, splitColumns, splitRefunded } from './sale-credits.ts'

const click = (shareBps: number): SaleCredit => ({ partnerId: 'A', via: 'click', clickId: 'c1', shareBps })
const code = (shareBps: number): SaleCredit => ({ partnerId: 'B', via: 'code', clickId: null, shareBps })
const sale = (amount: number, refunded: number, credits: SaleCredit[]) => ({ partner_id: credits[0]?.partnerId ?? null, click_id: credits[0]?.clickId ?? null, amount_minor: amount, refunded_minor: refunded, ...splitColumns(credits, amount, refunded), fraud_at: null as string | null })

describe('saleShares: who a sale credits and what each counts', () => {
  it('one partner counts the whole sale; nobody, nothing', () => {
    expect(saleShares(sale(1000, 200, [click(10_000)]))).toEqual([{ partnerId: 'A', clickId: 'c1', amountMinor: 1000, refundedMinor: 200, shared: false }])
    expect(saleShares(sale(1000, 0, []))).toEqual([])
  })

  it('a sale marked fraud counts for nobody, a split’s partners both; refunded or not, it counts until then', () => {
    const marked = { fraud_at: '2026-11-12T10:00:00.000Z' }
    expect(saleShares({ ...sale(1000, 0, [click(10_000)]), ...marked })).toEqual([])
    expect(saleShares({ ...sale(10_001, 0, [click(5000), code(5000)]), ...marked })).toEqual([])
    expect(countsAsPerformance({ ...sale(1000, 0, [click(10_000)]), ...marked })).toBe(false)
    expect(countsAsPerformance(sale(1000, 1000, [click(10_000)]))).toBe(true) // its figures say whether it is still a sale
    expect(countsAsPerformance(sale(1000, 0, []))).toBe(false)
  })

  it('a split: both count it, the click side’s share rounded, the code side the rest', () => {
    expect(saleShares(sale(10_001, 0, [click(5000), code(5000)]))).toEqual([
      { partnerId: 'A', clickId: 'c1', amountMinor: 5001, refundedMinor: 0, shared: false },
      { partnerId: 'B', clickId: null, amountMinor: 5000, refundedMinor: 0, shared: true },
    ])
    expect(saleShares(sale(1000, 0, [click(7000), code(3000)])).map((s) => s.amountMinor)).toEqual([700, 300])
  })

  it('parts always sum to the sale and its refunds, refunds never exceed a part, and a full refund is full for both', () => {
    for (let amount = 0; amount < 120; amount += 7)
      for (const bps of [1, 3333, 5000, 6667, 9999]) {
        let before = saleShares(sale(amount, 0, [click(bps), code(10_000 - bps)]))
        for (let refunded = 0; refunded <= amount; refunded++) {
          const s = sale(amount, refunded, [click(bps), code(10_000 - bps)])
          const [a, b] = saleShares(s)
          expect(a!.amountMinor + b!.amountMinor).toBe(amount)
          expect(a!.refundedMinor + b!.refundedMinor).toBe(refunded)
          for (const [i, part] of [a!, b!].entries()) {
            expect(part.refundedMinor).toBeGreaterThanOrEqual(before[i]!.refundedMinor) // a refund only adds
            expect(part.refundedMinor).toBeLessThanOrEqual(part.amountMinor)
          }
          before = [a!, b!]
        }
        const full = saleShares(sale(amount, amount, [click(bps), code(10_000 - bps)]))
        expect(full.map((p) => p.refundedMinor)).toEqual(full.map((p) => p.amountMinor))
      }
  })

  it('a refund recorded later is shared as the amount was', () => {
    const s = sale(10_001, 0, [click(5000), code(5000)])
    expect(splitRefunded(s, 2500)).toBe(1250)
    expect(splitRefunded(s, 10_001)).toBe(5000)
  })
})
