import { describe, expect, it } from 'vitest'
import { formatMinor } from '../kernel/money.ts'
import { choosePayees, parseMinimums } from './payees.ts'

describe('formatMinor', () => {
  it('formats two-decimal currencies exactly', () => {
    expect(formatMinor(123456, 'USD')).toBe('1234.56')
    expect(formatMinor(5, 'EUR')).toBe('0.05')
    expect(formatMinor(100, 'eur')).toBe('1.00')
    expect(formatMinor(0, 'USD')).toBe('0.00')
    expect(formatMinor(-105, 'USD')).toBe('-1.05')
  })

  it('formats zero-decimal currencies without a point', () => {
    expect(formatMinor(5000, 'JPY')).toBe('5000')
    expect(formatMinor(7, 'KRW')).toBe('7')
  })

  it('stays exact where floats would not', () => {
    // 0.1 + 0.2 style trouble never reaches the string: the largest safe amount keeps every digit
    expect(formatMinor(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91')
    expect(formatMinor(1_000_000_001, 'USD')).toBe('10000000.01')
  })

  it('refuses amounts that are not whole minor units', () => {
    expect(() => formatMinor(1.5, 'USD')).toThrow(RangeError)
  })
})

describe('parseMinimums', () => {
  it('reads per-currency minimums and ignores what is malformed', () => {
    expect(parseMinimums('{"USD":5000,"eur":2500}')).toEqual({ USD: 5000, EUR: 2500 })
    expect(parseMinimums('{"USD":-1,"GBP":"10","JPY":1.5}')).toEqual({})
    expect(parseMinimums('not json')).toEqual({})
    expect(parseMinimums('[1]')).toEqual({})
    expect(parseMinimums(null)).toEqual({})
  })
})

describe('choosePayees', () => {
  const facts = { hasDetails: new Set(['a', 'b', 'c', 'd']), suspended: new Set<string>(), minimums: { USD: 5000 } }

  it('pays balances at or over the currency minimum, and any positive balance without a minimum', () => {
    const { payees, skipped } = choosePayees(
      [
        { partnerId: 'a', currency: 'USD', amountMinor: 5000 },
        { partnerId: 'b', currency: 'USD', amountMinor: 4999 },
        { partnerId: 'c', currency: 'EUR', amountMinor: 1 },
      ],
      facts,
    )
    expect(payees.map((p) => `${p.partnerId} ${p.currency}`)).toEqual(['a USD', 'c EUR'])
    expect(skipped).toEqual([{ partnerId: 'b', currency: 'USD', approvedMinor: 4999, reason: 'below_minimum' }])
  })

  it('carries negative balances and says nothing of zero ones', () => {
    const { payees, skipped } = choosePayees(
      [
        { partnerId: 'a', currency: 'EUR', amountMinor: -300 },
        { partnerId: 'b', currency: 'EUR', amountMinor: 0 },
      ],
      facts,
    )
    expect(payees).toEqual([])
    // Owed back (clawbacks after a payout), not under a minimum: the portal and the emails say so alike
    expect(skipped).toEqual([{ partnerId: 'a', currency: 'EUR', approvedMinor: -300, reason: 'owed_back' }])
  })

  it('skips partners without payout details and suspended partners, and reports why', () => {
    const { payees, skipped } = choosePayees(
      [
        { partnerId: 'x', currency: 'USD', amountMinor: 9000 },
        { partnerId: 'd', currency: 'USD', amountMinor: 9000 },
      ],
      { ...facts, suspended: new Set(['d']) },
    )
    expect(payees).toEqual([])
    expect(skipped.map((s) => `${s.partnerId} ${s.reason}`)).toEqual(['d partner_suspended', 'x missing_payout_details'])
  })

  it('pays one partner once per currency', () => {
    const { payees } = choosePayees(
      [
        { partnerId: 'a', currency: 'USD', amountMinor: 6000 },
        { partnerId: 'a', currency: 'EUR', amountMinor: 700 },
      ],
      facts,
    )
    expect(payees).toEqual([
      { partnerId: 'a', currency: 'EUR', amountMinor: 700 },
      { partnerId: 'a', currency: 'USD', amountMinor: 6000 },
    ])
  })
})
