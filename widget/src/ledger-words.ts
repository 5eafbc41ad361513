// The ledger's words, one table for the portal and the console: both name every figure, every
// commission status and every reason the same way (docs/commissions.md has the state diagram).
// The server's emails say reasons in the same words (server/src/messaging/email-content.ts).
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
  // Why a commission has its amount (reason.ts renders a CommissionReason with these)
  'reason.rule': '{rule}: {reason}',
  'reason.default': 'Program default',
  'reason.percent': '{rate} of a {sale} sale',
  'reason.perSale': '{amount} per sale',
  'reason.perLead': '{amount} per lead',
  'reason.capped': '{reason}, up to the sale’s amount',
  'reason.tier': '{reason} (tier {name}: {value} {metric}, from {from})',
  'reason.tierPinned': '{reason} (tier {name}, set by the program)',
  'reason.metric.sales': 'sales',
  'reason.metric.paid_customers': 'paying customers',
  'reason.metric.revenue': 'revenue',
  'reason.override': '{rate} of {amount} earned by a partner you recruited',
  'reason.refund': 'Refund of {amount} on a {sale} sale',
  'reason.refundAfterPayout': 'Refund of {amount} on a {sale} sale, after payout',
  'reason.bonus': 'Bonus: challenge “{name}” met',
} as const

export type LedgerWord = keyof typeof ledgerWords
