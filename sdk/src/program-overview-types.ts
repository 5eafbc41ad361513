// The program at a glance, for the console's overview (`GET /v1/program/overview`). Part of the API
// contract (re-exported by types.ts).
import type { PartnerStatus } from './types.ts'
import type { LedgerTotals } from './ledger-types.ts'

/** `GET /v1/program/overview?days`: activity over the last `days` UTC days, today included (1..3650; a partner's overview's "last 30 days" are the same days), or all time without it. */
export interface ProgramOverviewQuery {
  days?: number | undefined
}

export interface ProgramOverview {
  /** Start of the activity window, midnight UTC of its first day (`days` - 1 days before today); null for all time */
  from: string | null
  /** The server's now: the window's end */
  to: string
  /** The program's currency */
  currency: string
  /** Partners now, by status (not limited to the window) */
  partners: { total: number; byStatus: Record<PartnerStatus, number> }
  /** Partners who joined in the window */
  newPartners: number
  clicks: number
  /** Signups credited to a partner */
  leads: number
  /** Credited sales, not fully refunded */
  sales: number
  /** Net revenue (amount minus refunds) of credited sales, per currency */
  revenue: Array<{ currency: string; amountMinor: number }>
  /**
   * Commissions now, per currency, as the balances count them, by stored status: pending (in their
   * holding period, until approved), on hold, approved (owed, in no payout), in payout (not sent yet)
   * and paid. Not limited to the window.
   */
  commissions: LedgerTotals[]
  /**
   * Work waiting for the program: pending applications, deal registrations, missing-commission claims
   * and bounty submissions
   */
  waiting: { applications: number; deals: number; claims: number; submissions: number }
}
