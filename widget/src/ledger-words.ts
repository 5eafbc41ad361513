// The ledger's words, one table for the portal and the console: both name every figure and every
// commission status the same way (docs/commissions.md has the state diagram).
import type { LedgerTotals } from '@afflio/sdk/types'

export type TotalKey = Exclude<keyof LedgerTotals, 'currency'>

/** The totals in the order every screen shows them. */
export const TOTAL_KEYS: readonly TotalKey[] = ['approvedMinor', 'pendingMinor', 'onHoldMinor', 'inPayoutMinor', 'paidMinor']

export const ledgerWords = {
  'ledger.approvedMinor': 'Approved',
  'ledger.pendingMinor': 'Pending',
  'ledger.onHoldMinor': 'On hold',
  'ledger.inPayoutMinor': 'In payout',
  'ledger.paidMinor': 'Paid',
  'status.pending': 'Pending',
  'status.approved': 'Approved',
  'status.in_payout': 'In payout',
  'status.paid': 'Paid',
  'status.on_hold': 'On hold',
  'status.reversed': 'Reversed',
  'status.fraud': 'Fraud',
} as const
