// Communication: one message thread per partner with the program team, and newsletters sent to a
// segment (shown in the portal inbox and emailed, with per-recipient delivery status).

import type { Id, Page, PageQuery } from './types.ts'

// ---- Threads (program side: secret key or console token) -----------------------------------------

export type MessageSender = 'program' | 'partner'

export interface Message {
  /** `msg_…`; ids sort by time */
  id: Id
  partnerId: Id
  sender: MessageSender
  /** The manager who wrote a program message; null for the partner's and for system notifications */
  senderName: string | null
  /** `notification`: posted by Afflio itself (e.g. "application approved"), with a subject */
  kind: 'message' | 'notification'
  subject: string | null
  /** Plain text, up to 5 000 characters; show it as text, never as HTML */
  body: string
  createdAt: string
}

export interface ThreadPartner {
  id: Id
  email: string
  name: string | null
}

export interface Thread {
  id: Id
  partner: ThreadPartner
  lastMessage: Message | null
  /** Partner messages the program has not read */
  unreadCount: number
  /** Program messages the partner has not read */
  partnerUnreadCount: number
  programLastReadAt: string | null
  partnerLastReadAt: string | null
  createdAt: string
}

/** `GET /v1/threads`: newest activity first. */
export interface ThreadPage extends Page<Thread> {
  /** Threads with at least one unread partner message, across all pages */
  unreadThreads: number
}

export interface ListThreadsQuery extends PageQuery {
  /** Only threads with unread partner messages */
  unread?: boolean | undefined
}

/** `GET /v1/threads/:partnerId/messages`: newest first (page back with the cursor). */
export interface MessagePage extends Page<Message> {
  thread: Thread
}

/** `POST /v1/threads/:partnerId/messages` and `POST /v1/portal/messages` */
export interface SendMessageInput {
  /** 1..5000 characters of plain text */
  body: string
  /**
   * Program side, secret key only: the manager's name shown to the partner. With a console token
   * the token's `manager` is used and this is ignored.
   */
  senderName?: string | undefined
}

/** `POST /v1/threads/:partnerId/read` and `POST /v1/portal/messages/read` */
export interface MarkReadInput {
  /** Read up to and including this message (default: the newest) */
  upTo?: Id | undefined
}

// ---- Newsletters (program side) ------------------------------------------------------------------

export type NewsletterAudience =
  | { all: true }
  /** A saved segment, evaluated when the newsletter is sent */
  | { segmentId: Id }
  /** Named partners (1..1000) */
  | { partnerIds: Id[] }

export type NewsletterFormat = 'text' | 'markdown'

export interface CreateNewsletterInput {
  /** 1..200 characters, one line */
  subject: string
  /** 1..20 000 characters */
  body: string
  /**
   * `text` (default) or `markdown`: # headings, - lists, **bold**, *italic*, `code`, [links](https://…).
   * Rendered to HTML with everything else escaped.
   */
  format?: NewsletterFormat | undefined
  audience: NewsletterAudience
}

/** `POST /v1/newsletters/preview`: the email a partner would receive, rendered; nothing is saved or sent. */
export type NewsletterPreviewInput = Pick<CreateNewsletterInput, 'subject' | 'body' | 'format'>

export interface NewsletterPreview {
  subject: string
  /** The whole HTML email in the program's template (the unsubscribe link is an example) */
  html: string
  /** The plain-text part */
  text: string
}

/**
 * `POST /v1/newsletters/test`: sends the newsletter as a partner would receive it, subject prefixed
 * `[Test]`, to `to`, or without it to the console token's manager when that is an email address. At most
 * 10 a program in any hour (429 `rate_limited` with Retry-After past it), each recorded in the audit log
 * (`newsletter.test_sent`, with the address). 422 `mail_not_configured` when the server has no mail server
 * (SMTP_URL).
 */
export type SendTestNewsletterInput = NewsletterPreviewInput & { to?: string | undefined }

export interface TestNewsletterSent {
  /** The address it was sent to */
  to: string
}

export type NewsletterRecipientStatus = 'pending' | 'sent' | 'failed' | 'unsubscribed'

export interface Newsletter {
  /** `nl_…` */
  id: Id
  subject: string
  body: string
  format: NewsletterFormat
  audience: NewsletterAudience
  status: 'draft' | 'sent'
  /** The console manager who wrote it, when written through the console */
  createdBy: string | null
  createdAt: string
  sentAt: string | null
  /** Recipients snapshotted at send (0 for a draft) */
  recipientCount: number
  /** Email delivery by recipient status */
  delivery: Record<NewsletterRecipientStatus, number>
}

export interface NewsletterRecipient {
  partnerId: Id
  email: string
  /** `unsubscribed`: opted out of newsletter emails (it is still in their portal inbox) */
  status: NewsletterRecipientStatus
  /** The last delivery error (pending: retrying; failed: gave up) */
  error: string | null
  sentAt: string | null
  /** When the partner read it in the portal */
  readAt: string | null
}

export interface ListNewsletterRecipientsQuery extends PageQuery {
  status?: NewsletterRecipientStatus | undefined
}

// ---- Portal (Bearer et_…) ------------------------------------------------------------------------

export interface PortalNewsletter {
  /** The newsletter's id */
  id: Id
  subject: string
  /** The source text */
  body: string
  format: NewsletterFormat
  /** Safe HTML (escaped; only the markdown subset's tags) */
  html: string
  sentAt: string
  read: boolean
}

export interface PortalUnread {
  /** messages + newsletters */
  unreadCount: number
  unread: { messages: number; newsletters: number }
}

/** `GET /v1/portal/messages`: the partner's thread and newsletter inbox, each newest first. */
export interface PortalMessages extends PortalUnread {
  messages: Page<Message>
  newsletters: Page<PortalNewsletter>
  /** False once the partner unsubscribed from newsletter emails in this program */
  newsletterEmails: boolean
}

export interface PortalMessagesQuery {
  /** Older messages: `messages.nextCursor` */
  cursor?: string | undefined
  /** Older newsletters: `newsletters.nextCursor` */
  newslettersCursor?: string | undefined
  /** Per list, 1..100, default 25 */
  limit?: number | undefined
}

/** `PUT /v1/portal/messages/preferences` */
export interface PortalMessagePreferences {
  newsletterEmails: boolean
}
