import { describe, expect, it } from 'vitest'
import { attribute, creditSale, inWindow } from './attribution.ts'

const click = (id: string, partnerId: string, createdAt: string) => ({ id, partnerId, createdAt })
const settings = { windowDays: 30, model: 'last_click' as const }

describe('attribution', () => {
  it('credits the last click inside the window', () => {
    const clicks = [click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'B', '2026-01-10T00:00:00Z')]
    expect(attribute(clicks, '2026-01-20T00:00:00Z', settings)?.partnerId).toBe('B')
    expect(attribute(clicks, '2026-01-20T00:00:00Z', { ...settings, model: 'first_click' })?.partnerId).toBe('A')
  })

  it('ignores clicks outside the window and clicks after the sale', () => {
    const clicks = [click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'B', '2026-03-01T00:00:00Z')]
    expect(attribute(clicks, '2026-02-15T00:00:00Z', settings)).toBeNull()
    expect(attribute(clicks, '2026-01-31T00:00:00Z', settings)?.partnerId).toBe('A')
    expect(inWindow('2026-01-01T00:00:00Z', '2026-01-31T00:00:00.001Z', 30)).toBe(false)
  })

  it('does not depend on input order', () => {
    const a = [click('c2', 'B', '2026-01-10T00:00:00Z'), click('c1', 'A', '2026-01-01T00:00:00Z')]
    expect(attribute(a, '2026-01-20T00:00:00Z', settings)?.id).toBe('c2')
    expect(attribute([], '2026-01-20T00:00:00Z', settings)).toBeNull()
  })
})

describe('creditSale: a click and a code under the coupon policy', () => {
  const clicked = click('c1', 'A', '2026-01-01T00:00:00Z')
  const code = { partnerId: 'B', codeId: 'cpn_1' }
  const policy = (conflict: 'click' | 'code' | 'split', splitClickBps = 5000) => ({ conflict, splitClickBps })

  it('credits the click alone, the code alone, or nobody', () => {
    expect(creditSale(clicked, null, policy('code'))).toEqual([{ partnerId: 'A', via: 'click', clickId: 'c1', shareBps: 10_000 }])
    expect(creditSale(null, code, policy('click'))).toEqual([{ partnerId: 'B', via: 'code', clickId: null, shareBps: 10_000 }])
    expect(creditSale(null, null, policy('split'))).toEqual([])
  })

  it('decides a click of one partner and a code of another by the policy', () => {
    expect(creditSale(clicked, code, policy('click')).map((c) => c.partnerId)).toEqual(['A'])
    expect(creditSale(clicked, code, policy('code')).map((c) => c.partnerId)).toEqual(['B'])
    expect(creditSale(clicked, code, policy('split', 7000))).toEqual([
      { partnerId: 'A', via: 'click', clickId: 'c1', shareBps: 7000 },
      { partnerId: 'B', via: 'code', clickId: null, shareBps: 3000 },
    ])
  })

  it('one partner’s own click and code, or a split leaving one side nothing, is a single credit', () => {
    expect(creditSale(clicked, { partnerId: 'A', codeId: 'cpn_2' }, policy('split'))).toEqual([{ partnerId: 'A', via: 'click', clickId: 'c1', shareBps: 10_000 }])
    expect(creditSale(clicked, code, policy('split', 10_000)).map((c) => c.partnerId)).toEqual(['A'])
    expect(creditSale(clicked, code, policy('split', 0)).map((c) => c.partnerId)).toEqual(['B'])
  })
})
