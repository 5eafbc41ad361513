// A customer's lead commission: one per customer (a lead is paid once), and what becomes of it when the
// server takes the customer over from browsers with a click of its own (tracking/attribution.ts claimStep).
import type { CommissionStatus } from '@afflio/sdk/types'

/** A customer's lead commission as these rules read it. */
export interface LeadCommission {
  partner_id: string
  status: CommissionStatus
  /** Whether a payout covers it or its recruiter's override (in payout or paid): then it is not unpaid */
  inPayout: boolean
}

/** Whether the customer's lead is paid for already: any lead commission not reversed (a fraud mark included: the program's decision stands). */
export function leadCredited(leads: readonly Pick<LeadCommission, 'status'>[]): boolean {
  return leads.some((c) => c.status !== 'reversed')
}

/**
 * After a take-over the lead follows the customer to its new partner, as its count in the stats does:
 * - `keep`: the new partner holds the lead already; or the browsers' lead (or its override) is in a payout,
 *   paid, or the lead is marked fraud, and stands (attribution is not a money event: paid money is not taken back over it, and a lead is
 *   paid once);
 * - `move`: the browsers' lead, unpaid, is reversed and the new partner credited;
 * - `reverse`: the same, with no partner to credit (the server's click credited nobody);
 * - `credit`: the browsers' call earned no lead commission (no lead rule then): the new partner's is credited.
 */
export function takenLeadStep(lead: LeadCommission | null, newPartnerId: string | null): 'keep' | 'move' | 'reverse' | 'credit' {
  if (!lead) return newPartnerId ? 'credit' : 'keep'
  if (lead.partner_id === newPartnerId || lead.inPayout || lead.status === 'fraud') return 'keep'
  return newPartnerId ? 'move' : 'reverse'
}
