// Referred customers and their purchases: the program's view and the partner's.
import type { Customer, Id, PageQuery } from './types.ts'

/** An amount in one currency. */
export interface MoneyAmount {
  amountMinor: number
  currency: string
}

/**
 * lead: signed up, no purchase yet. customer: has paid (net of refunds, more than nothing). refunded:
 * bought, and every payment was refunded. A sale marked fraud is no purchase: it counts in none of a
 * customer's figures, as in no overview.
 */
export type CustomerStatus = 'lead' | 'customer' | 'refunded'

/** A customer with what they bought: the figures are the sales' own (paid minus refunded). */
export interface CustomerSummary extends Customer {
  status: CustomerStatus
  /** Sales recorded: first payments and renewals, but those marked fraud */
  sales: number
  /** Paid minus refunded, per currency, largest first */
  revenue: MoneyAmount[]
  firstPurchaseAt: string | null
  lastPurchaseAt: string | null
}

/** Newest first. */
export interface ListCustomersQuery extends PageQuery {
  partnerId?: Id | undefined
  /** The exact address (case-insensitive) */
  email?: string | undefined
}

/** Newest first. `since` and `until` bound when the sale was recorded. */
export interface ListSalesQuery extends PageQuery {
  partnerId?: Id | undefined
  customerId?: Id | undefined
  /** From this day (`YYYY-MM-DD`, UTC) or ISO timestamp on, inclusive (docs/api.md, "Periods") */
  since?: string | undefined
  /** Up to this day, the whole day included (`YYYY-MM-DD`, UTC), or up to this ISO timestamp, exclusive. `400` unless after `since` */
  until?: string | undefined
}

/**
 * A referred customer as their partner sees them: the email masked (`a•••@example.com`), no name or ids of
 * the host. Its figures count the sales credited to this partner only (a customer a later click moved here
 * may have bought through another partner before).
 */
export interface PortalCustomer {
  id: Id
  email: string | null
  status: CustomerStatus
  sales: number
  revenue: MoneyAmount[]
  firstPurchaseAt: string | null
  lastPurchaseAt: string | null
  createdAt: string
}
