// Every outgoing webhook event, by its `type`: what a receiver is sent, typed. The server emits through
// `WebhookEventData`, so an event whose data drifts from its type here does not compile.
import type { BountySubmission } from './bounties-types.ts'
import type { BudgetReached } from './budgets-types.ts'
import type { Claim } from './claims-types.ts'
import type { ChallengeMet, Deal } from './deals-types.ts'
import type { Payout, PartnerStatusChange, WebhookEventType } from './ledger-types.ts'
import type { Newsletter } from './messaging-types.ts'
import type { Application } from './recruitment-types.ts'
import type { Commission, Id, Partner } from './types.ts'

/** The `data` of each webhook event type. */
export interface WebhookEventData {
  'commission.created': Commission
  'commission.reversed': Commission
  'commission.held': Commission
  'commission.released': Commission
  'commission.marked_fraud': Commission
  'commission.approved': Commission
  'payout.paid': Payout
  'payout.failed': Payout
  'application.created': Application
  'application.approved': Application
  'application.rejected': Application
  'newsletter.sent': Newsletter
  'deal.registered': Deal
  'deal.approved': Deal
  'deal.rejected': Deal
  'deal.won': Deal
  'deal.lost': Deal
  'challenge.met': ChallengeMet
  'budget.reached': BudgetReached
  'submission.created': BountySubmission
  'submission.approved': BountySubmission
  'submission.rejected': BountySubmission
  'claim.created': Claim
  'claim.approved': Claim
  'claim.rejected': Claim
  /** Without its links */
  'partner.created': Partner
  'partner.status_changed': PartnerStatusChange
}

/**
 * Any webhook event Afflio sends: switch on `type` and `data` is typed. `constructAfflioEvent` returns it.
 *
 * @example
 * const event = await constructAfflioEvent(body, request.headers.get('afflio-signature'), secret)
 * if (event.type === 'commission.created') console.log(event.data.amountMinor, event.data.currency)
 */
export type AfflioWebhookEvent = {
  [K in WebhookEventType]: {
    /** `evt_…`, also sent as `Afflio-Event-Id`: a retried delivery carries the same id */
    id: Id
    type: K
    createdAt: string
    data: WebhookEventData[K]
  }
}[WebhookEventType]
