// Notifications: what a partner is told (in the portal as notices with an unread count, and by email
// unless they turned the kind off), and whether the server sends email at all.
import type { Id, Page } from './types.ts'

/**
 * commission_earned: a sale earned a commission. payout_sent: a payout was paid. application_approved:
 * welcome, with the first link. message: the program wrote in the partner's thread. challenge_won: a
 * challenge's bonus. deal_update: a registered deal was approved, rejected, lost or won.
 * bounty_update: a submission to a bounty was approved (with its bonus) or rejected (with the reason).
 * claim_decided: a missing-commission claim was approved or rejected. recruit_update: someone applied
 * through the partner's recruiting link, or such an application was approved (a recruit, who earns the
 * partner the second tier).
 */
export type NoticeKind = 'commission_earned' | 'payout_sent' | 'application_approved' | 'message' | 'challenge_won' | 'deal_update' | 'bounty_update' | 'claim_decided' | 'recruit_update'

export interface Notice {
  id: Id
  kind: NoticeKind
  /** One line (the email's subject) */
  title: string
  /** Plain text */
  body: string
  createdAt: string
  readAt: string | null
}

export interface NoticeUnread {
  /** Notices not read yet */
  unreadCount: number
}

/** `GET /v1/portal/notices`: newest first. */
export interface NoticePage extends Page<Notice>, NoticeUnread {}

export interface PortalNoticesQuery {
  /** `nextCursor` of the page before */
  cursor?: string | undefined
  /** 1..100, default 25 */
  limit?: number | undefined
}

/** `POST /v1/portal/notices/read`: these notices (the partner's own; others are ignored), or all of them. */
export type MarkNoticesReadInput = { ids: Id[] } | { all: true }

/** Every kind of email a partner can turn off: each notice kind, and newsletters. */
export type EmailKind = NoticeKind | 'newsletter'

/** `GET/PUT /v1/portal/notification-preferences`: which emails the partner gets; notices in the portal always show. */
export interface NotificationPreferences {
  emails: Record<EmailKind, boolean>
}

/** The kinds to change; others stay as they are. */
export interface UpdateNotificationPreferencesInput {
  emails: { [K in EmailKind]?: boolean | undefined }
}

export interface MailStatus {
  /** False when the server has no SMTP_URL: emails wait, unsent, until one is set */
  configured: boolean
}
