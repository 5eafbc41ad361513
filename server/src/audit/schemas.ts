// Validator of the audit log's list, checked against the SDK's contract type.
import type { AuditAction, AuditActorKind, AuditSubjectType, ListAuditLogQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { pageOf, period, periodInOrder } from '../kernel/http/schemas.ts'

const ACTIONS = [
  'program.created', 'program.settings_changed', 'rule.created', 'rule.changed', 'rule.archived', 'group.created', 'group.changed', 'partner.created', 'partner.changed',
  'partner.note_added', 'partner.note_deleted',
  'commission.held', 'commission.released', 'commission.marked_fraud', 'sale.refunded', 'payout_run.created', 'payout_run.sent',
  'payout_run.marked_paid', 'payout.failed', 'key.created', 'key.revoked', 'console_token.issued', 'console_token.revoked', 'embed_token.issued', 'embed_token.revoked',
  'webhook_endpoint.created', 'webhook_endpoint.deleted', 'application.approved', 'application.rejected', 'invitation.sent',
  'invitation.accepted', 'coupon_code.created', 'coupon_code.changed', 'submission.approved', 'submission.rejected', 'claim.filed', 'claim.approved', 'claim.rejected', 'payout_run.nothing_to_pay', 'budget.created', 'budget.changed', 'budget.deleted',
  'newsletter.test_sent', 'customer.taken_over', 'deal.approved', 'deal.rejected', 'deal.lost', 'deal.won',
  'challenge.created', 'challenge.changed', 'challenge.archived', 'application_form.changed', 'marketplace_listing.changed', 'newsletter.sent',
  'segment.created', 'segment.changed', 'segment.deleted', 'resource.created', 'resource.changed', 'resource.archived',
  'onboarding_checklist.changed', 'onboarding_checklist.deleted', 'link.created', 'message.sent', 'webhook_delivery.retried',
] as const satisfies readonly AuditAction[]
const SUBJECTS = [
  'program', 'rule', 'group', 'partner', 'commission', 'sale', 'payout_run', 'payout', 'key', 'webhook_endpoint', 'application', 'invitation', 'coupon_code', 'submission', 'claim', 'budget', 'customer', 'deal', 'challenge', 'newsletter', 'segment', 'resource', 'link', 'webhook_delivery',
] as const satisfies readonly AuditSubjectType[]
const ACTORS = ['secret_key', 'publishable_key', 'console', 'admin', 'system', 'partner'] as const satisfies readonly AuditActorKind[]

export const listAuditLog = pageOf('aud').extend({
  subjectType: z.enum(SUBJECTS).optional(),
  subjectId: z.string().min(1).max(64).optional(),
  action: z.enum(ACTIONS).optional(),
  actorKind: z.enum(ACTORS).optional(),
  ...period,
}).superRefine(periodInOrder) satisfies z.ZodType<ListAuditLogQuery, any>
