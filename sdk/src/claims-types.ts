// Missing-commission claims: a partner reports a sale that earned it nothing; the program looks at the
// evidence the system finds and approves (a commission through the ledger) or rejects it.
import type { DecisionAttribution } from './explanation-types.ts'
import type { Commission, Id, PageQuery, Sale, WebhookEvent } from './types.ts'

/** pending: waiting for the program. approved: a commission was created. rejected: refused, with a reason. */
export type ClaimStatus = 'pending' | 'approved' | 'rejected'

export interface Claim {
  id: Id
  partnerId: Id
  /** The order or invoice id the partner reports, as the program's sales carry it (`Sale.invoiceId`) */
  invoiceId: string
  /** When the sale happened, as the partner reports it */
  occurredAt: string
  /** The sale's amount, if the partner gave it */
  amountMinor: number | null
  currency: string | null
  customerEmail: string | null
  note: string | null
  status: ClaimStatus
  /** Why the program rejected it */
  reason: string | null
  /** The commission the approval created */
  commissionId: Id | null
  createdAt: string
  decidedAt: string | null
}

/** The webhook event of a claim a partner filed (`pending`). */
export type ClaimCreatedEvent = WebhookEvent<Claim>
/** The webhook events of a decided claim: `claim.approved`, `claim.rejected`. */
export type ClaimApprovedEvent = WebhookEvent<Claim>
export type ClaimRejectedEvent = WebhookEvent<Claim>

/** A claim as its partner sees it. */
export type PortalClaim = Omit<Claim, 'partnerId'>

/**
 * `POST /v1/portal/claims`: one claim per invoice id and partner (a second is 409 `conflict`).
 * @example { invoiceId: 'in_1042', occurredAt: '2026-11-28', amountMinor: 4900, currency: 'USD', customerEmail: 'ana@example.com', note: 'Ana bought after my webinar' }
 */
export interface FileClaimInput {
  invoiceId: string
  /** A day (YYYY-MM-DD) or an ISO timestamp; not more than a day ahead of now, nor before 2000-01-01 */
  occurredAt: string
  amountMinor?: number | undefined
  /** Defaults to the program's currency when `amountMinor` is given */
  currency?: string | undefined
  customerEmail?: string | undefined
  note?: string | undefined
}

export interface ListClaimsQuery extends PageQuery {
  status?: ClaimStatus | undefined
  partnerId?: Id | undefined
}

export interface PortalClaimsQuery extends PageQuery {
  status?: ClaimStatus | undefined
}

/** What the system knows that bears on a claim, found when the program reads it. */
export interface ClaimEvidence {
  /** The program's attribution window, in days, that `clicks` were looked for in */
  windowDays: number
  /** The partner's clicks in the window before the claimed date, newest first (at most 50) */
  clicks: Array<{ id: Id; linkId: Id; createdAt: string; subId: string | null }>
  /** Leads and customers with the claim's email (compared trimmed and case-insensitively, as stored), newest first */
  customers: Array<{ id: Id; externalId: string; email: string | null; partnerId: Id | null; clickId: Id | null; createdAt: string }>
  /** The recorded sale with the claim's invoice id; null when none was recorded */
  sale: ClaimSaleEvidence | null
}

export interface ClaimSaleEvidence {
  sale: Sale
  /** Who got it: the claiming partner, another partner, or no one (no click in the window) */
  credited: 'claimant' | 'other_partner' | 'nobody'
  /** The sale's own commission (the credited partner's); null when none */
  commissionId: Id | null
  /** How its partner was chosen, from that commission's decision record; null when none was kept */
  attribution: DecisionAttribution | null
}

export interface ClaimDetail extends Claim {
  evidence: ClaimEvidence
}

/**
 * `POST /v1/claims/:id/approve`. With a recorded sale no partner got, the sale is credited to the claim's
 * partner and the rules price it, unless `amountMinor` is given; otherwise (no sale recorded, or another
 * partner's) give the commission's `amountMinor` (and `currency`, default the program's). An amount counts
 * against the budgets like any commission. Approving again answers the same commission.
 */
export interface ApproveClaimInput {
  amountMinor?: number | undefined
  currency?: string | undefined
}

export interface RejectClaimInput {
  reason: string
}

export interface ClaimApproval {
  claim: Claim
  commission: Commission
  /**
   * What the commission is owed: its amount less what the sale's refunds so far took back (a sale partly
   * refunded before the claim was approved), as the partner's notice says; 0 when it was reversed at once
   */
  owedMinor: number
}
