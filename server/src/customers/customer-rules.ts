// What a customer's purchases add up to, and how a partner sees their address: pure, from the sales' figures.
import type { CustomerStatus, MoneyAmount } from '@afflio/sdk/types'

/** A customer's purchases: its sales but those marked fraud (queries.ts purchasesOf reads them so). */
export interface PurchaseTotals {
  sales: number
  /** per currency: paid and refunded, minor units */
  byCurrency: Array<{ currency: string; paidMinor: number; refundedMinor: number }>
}

/** Paid minus refunded per currency, the currencies with nothing left out, largest first (then by code). */
export function netRevenue(t: PurchaseTotals): MoneyAmount[] {
  return t.byCurrency
    .map((c) => ({ currency: c.currency, amountMinor: c.paidMinor - c.refundedMinor }))
    .filter((m) => m.amountMinor !== 0)
    .sort((a, b) => b.amountMinor - a.amountMinor || a.currency.localeCompare(b.currency))
}

/** lead until a purchase (a sale not marked fraud); then customer, unless every payment was refunded. */
export function customerStatus(t: PurchaseTotals): CustomerStatus {
  if (t.sales === 0) return 'lead'
  return t.byCurrency.some((c) => c.paidMinor > c.refundedMinor) ? 'customer' : 'refunded'
}
