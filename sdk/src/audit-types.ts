// The audit log's contract: who changed what in a program, when, before and after.
import type { Id, PageQuery } from './types.ts'

/**
 * Who made a change.
 * - `secret_key`: a server using a secret key (`id` the key's id, `label` its prefix); `publishable_key`
 *   likewise, for the few changes the script tag's key may make.
 * - `console`: a manager in the embedded console (`id` and `label` the manager the host named when it
 *   minted the console token).
 * - `admin`: the operator's admin token.
 * - `system`: Afflio itself, e.g. a refund from a Stripe webhook.
 * - `partner`: a partner in the portal, editing its own profile (`id` the partner's id, `label` its email).
 */
export type AuditActorKind = 'secret_key' | 'publishable_key' | 'console' | 'admin' | 'system' | 'partner'

export interface AuditActor {
  kind: AuditActorKind
  id: string
  label: string | null
}

/** What changed. The subject says which record: `{ type: 'partner', id: 'prt_…' }`. */
export type AuditAction =
  | 'program.created'
  | 'program.settings_changed'
  | 'rule.created'
  /** an edit: `after.version` is the new version */
  | 'rule.changed'
  | 'rule.archived'
  | 'group.created'
  /** renamed, or its referral reward set or cleared */
  | 'group.changed'
  | 'partner.created'
  /** status, group, referrer or pinned tier, by hand or by a bulk action; name, website or social profiles by the partner in the portal, and where it is paid (`payoutMethod`, `payoutTo`) */
  | 'partner.changed'
  /** a manager's note on the partner; `after` (added) or `before` (deleted) holds its id and text */
  | 'partner.note_added'
  | 'partner.note_deleted'
  | 'commission.held'
  | 'commission.released'
  | 'commission.marked_fraud'
  /** a refund: the sale's refunded amount, and the commissions it reversed or clawed back */
  | 'sale.refunded'
  /** by hand, or by the payout schedule on its day (then the actor is `system` and `after.scheduledFor` is the day) */
  | 'payout_run.created'
  /** a scheduled payout day when nobody could be paid: no run; `after` counts the skipped balances by reason */
  | 'payout_run.nothing_to_pay'
  | 'payout_run.sent'
  | 'payout_run.marked_paid'
  | 'payout.failed'
  | 'key.created'
  | 'key.revoked'
  | 'console_token.issued'
  /** console tokens revoked through the API: `after` holds the manager and how many */
  | 'console_token.revoked'
  | 'embed_token.issued'
  /** a partner's embed tokens revoked through the API (on the partner): `after.revoked` counts them */
  | 'embed_token.revoked'
  | 'webhook_endpoint.created'
  | 'webhook_endpoint.deleted'
  | 'application.approved'
  | 'application.rejected'
  /** an imported partner was emailed an invitation link */
  | 'invitation.sent'
  /** an invitation link was used: the partner is now the host's user `after.externalId` */
  | 'invitation.accepted'
  /** a coupon code given to a partner (by the program, or by the partner in the portal) */
  | 'coupon_code.created'
  /** a coupon code disabled or enabled again */
  | 'coupon_code.changed'
  /** a bounty submission was approved (`after.commissionId`: its bonus) or rejected (`after.reason`) */
  | 'submission.approved'
  | 'submission.rejected'
  /** a partner reported a sale that earned nothing (`actor` the partner) */
  | 'claim.filed'
  /** `after.commissionId`: the commission the approval created */
  | 'claim.approved'
  | 'claim.rejected'
  /** a commission budget was created, changed or deleted */
  | 'budget.created'
  | 'budget.changed'
  | 'budget.deleted'
  /** a test copy of a newsletter was sent: `after.to` (the address) and `after.subject`; recorded before the mail server answers */
  | 'newsletter.test_sent'
  /**
   * a server's lead or sale naming a click took over a customer only browsers had named, and the customer
   * changed partner: `before` and `after` hold its `partnerId` and `clickId` (after: null when the server's
   * click credits nobody), `after.reversed` the ids of the unpaid lead commission and override taken back from
   * the browsers' partner, when there were any. The actor is the key that made the call (`system` for Stripe).
   */
  | 'customer.taken_over'
  /** a partner's registered deal approved, rejected (`after.reason`) or closed as lost (`after.reason`) by the program */
  | 'deal.approved'
  | 'deal.rejected'
  | 'deal.lost'
  /** an approved deal closed as won: `after` names the sale it recorded (`saleId`, `invoiceId`, `amountMinor`, `currency`) and the commission it made (`commissionId`, null when no rule paid) */
  | 'deal.won'
  /** a challenge or bounty created, changed or archived: its terms (`name`, `metric`, `target`, `reward`, `segmentId`, its window and caps) */
  | 'challenge.created'
  | 'challenge.changed'
  | 'challenge.archived'
  /** on the program: the application form's questions or whether it is open, or its auto-approve rules (`autoApprove`: who becomes a partner unreviewed) */
  | 'application_form.changed'
  /** on the program: its public marketplace listing (slug, listed, description, category, logo, website, commission summary) */
  | 'marketplace_listing.changed'
  /** a newsletter sent to its audience: `after` holds its subject, audience and how many recipients it had */
  | 'newsletter.sent'
  /** a segment created, changed or deleted: its `name`, `description` and `definition` (who it selects for newsletters, challenges and bulk actions) */
  | 'segment.created'
  | 'segment.changed'
  | 'segment.deleted'
  /** a resource created, changed or archived: its `kind`, `groupId`, `title`, `description`, `url`, `content` (a terms document's text) and `version` */
  | 'resource.created'
  | 'resource.changed'
  | 'resource.archived'
  /** an onboarding checklist's steps replaced or removed: on the program (its own checklist) or on the group (a group's) */
  | 'onboarding_checklist.changed'
  | 'onboarding_checklist.deleted'
  /** a link made for a partner by the program: `after` holds its `partnerId`, `code` and `destinationUrl` */
  | 'link.created'
  /** on the partner: the program sent a message to its thread; `after` holds the message's id and sender name, not its text */
  | 'message.sent'
  /** a webhook delivery sent again by hand: `before` and `after` its status and next attempt */
  | 'webhook_delivery.retried'

/** A console token is recorded on its program (`after.manager`), an embed token on its partner. */
export type AuditSubjectType = 'program' | 'rule' | 'group' | 'partner' | 'commission' | 'sale' | 'payout_run' | 'payout' | 'key' | 'webhook_endpoint' | 'application' | 'invitation' | 'coupon_code' | 'submission' | 'claim' | 'budget' | 'customer' | 'deal' | 'challenge' | 'newsletter' | 'segment' | 'resource' | 'link' | 'webhook_delivery'

/**
 * One change, append-only: entries are never edited or deleted. `before` and `after` hold the fields that
 * changed (null before a creation, after a deletion); secrets never appear, only that they changed.
 */
export interface AuditEntry {
  id: Id
  at: string
  actor: AuditActor
  action: AuditAction
  subject: { type: AuditSubjectType; id: Id }
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** Newest first. Filters combine. */
export interface ListAuditLogQuery extends PageQuery {
  subjectType?: AuditSubjectType | undefined
  subjectId?: Id | undefined
  action?: AuditAction | undefined
  actorKind?: AuditActorKind | undefined
  /** From this day (`YYYY-MM-DD`, UTC) or ISO timestamp on, inclusive (docs/api.md, "Periods") */
  since?: string | undefined
  /** Up to this day, the whole day included (`YYYY-MM-DD`, UTC), or up to this ISO timestamp, exclusive. `400` unless after `since` */
  until?: string | undefined
}
