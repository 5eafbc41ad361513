// How much a sale earns. The spine has one rule per program (its default); rule sets come next.
import type { CommissionSpec } from '@afflio/sdk/types'
import { applyRateBps } from './money.ts'

export interface SaleFacts {
  amountMinor: number
  currency: string
}

export interface CommissionQuote {
  amountMinor: number
  currency: string
  reason: string
}

/**
 * The commission a sale earns under one spec. A percentage is paid in the sale's currency;
 * a flat amount is in the program's currency. Never negative, never more than a same-currency sale.
 */
export function quoteCommission(spec: CommissionSpec, sale: SaleFacts, programCurrency: string, ruleName = 'program default'): CommissionQuote {
  if (spec.type === 'percent') {
    const amountMinor = Math.min(applyRateBps(sale.amountMinor, spec.rateBps), sale.amountMinor)
    return { amountMinor, currency: sale.currency, reason: `${ruleName}: ${spec.rateBps / 100}% of sale` }
  }
  const cap = sale.currency === programCurrency ? sale.amountMinor : Infinity
  return { amountMinor: Math.min(spec.amountMinor, cap), currency: programCurrency, reason: `${ruleName}: flat ${spec.amountMinor} ${programCurrency} minor units` }
}
