// Validators for threads, newsletters and the portal inbox, each checked against the SDK's contract type.
import type {
  CreateNewsletterInput,
  MarkNoticesReadInput,
  PortalNoticesQuery,
  UpdateNotificationPreferencesInput,
  ListNewsletterRecipientsQuery,
  ListThreadsQuery,
  MarkReadInput,
  NewsletterPreviewInput,
  PageQuery,
  PortalMessagePreferences,
  PortalMessagesQuery,
  SendMessageInput,
  SendTestNewsletterInput,
} from '@afflio/sdk/types'
import { z } from 'zod'
import { cursorOf, email, id, NOT_A_CURSOR, pageLimit, pageOf } from '../kernel/http/schemas.ts'

export const MESSAGE_MAX = 5_000
export const NEWSLETTER_BODY_MAX = 20_000

/** A thread's messages page back by their number in the thread (`seq`): the last one seen */
const seqCursor = z.string().regex(/^[1-9]\d{0,8}$/, NOT_A_CURSOR)
const messageBody = z
  .string()
  .max(MESSAGE_MAX)
  .refine((s) => s.trim() !== '', 'must not be blank')
  .transform((s) => s.replace(/\r\n?/g, '\n'))

/** Threads page by their last message's id */
export const listThreads = pageOf('msg').extend({
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
}) satisfies z.ZodType<ListThreadsQuery, any>

/** Program side: the sender's name may be given (secret key); a console token's manager overrides it. */
export const sendProgramMessage = z.strictObject({
  body: messageBody,
  senderName: z.string().trim().min(1).max(120).optional(),
}) satisfies z.ZodType<SendMessageInput, any>

/** Partner side: the body only. */
export const sendPartnerMessage = z.strictObject({ body: messageBody }) satisfies z.ZodType<SendMessageInput, any>

export const markRead = z.strictObject({ upTo: id('msg').optional() }) satisfies z.ZodType<MarkReadInput, any>

export const createNewsletter = z.strictObject({
  // One line: it becomes the Subject header.
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((s) => !/[\r\n]/.test(s), 'must be one line'),
  body: z
    .string()
    .max(NEWSLETTER_BODY_MAX)
    .refine((s) => s.trim() !== '', 'must not be blank')
    .transform((s) => s.replace(/\r\n?/g, '\n')),
  format: z.enum(['text', 'markdown']).optional(),
  audience: z.union([
    z.strictObject({ all: z.literal(true) }),
    z.strictObject({ segmentId: id('seg') }),
    z.strictObject({ partnerIds: z.array(id('prt')).min(1).max(1000) }),
  ]),
}) satisfies z.ZodType<CreateNewsletterInput, any>

export const newsletterPreview = createNewsletter.pick({ subject: true, body: true, format: true }) satisfies z.ZodType<NewsletterPreviewInput, any>

export const sendTestNewsletter = newsletterPreview.extend({ to: email.optional() }) satisfies z.ZodType<SendTestNewsletterInput, any>

/** `GET /v1/newsletters`: a page of newsletters */
export const listNewsletters = pageOf('nl')

/** `GET /v1/threads/:partnerId/messages`: a page of the thread, newest first */
export const listThreadMessages = z.object({ cursor: seqCursor.optional(), limit: pageLimit }) satisfies z.ZodType<PageQuery, any>

export const listRecipients = pageOf('nlr').extend({
  status: z.enum(['pending', 'sent', 'failed', 'unsubscribed']).optional(),
}) satisfies z.ZodType<ListNewsletterRecipientsQuery, any>

export const portalMessagesQuery = z.object({
  cursor: seqCursor.optional(),
  // the newsletters sent to the partner page by their recipient row
  newslettersCursor: cursorOf('nlr').optional(),
  limit: pageLimit,
}) satisfies z.ZodType<PortalMessagesQuery, any>

export const messagePreferences = z.strictObject({ newsletterEmails: z.boolean() }) satisfies z.ZodType<PortalMessagePreferences, any>

export const portalNoticesQuery = pageOf('ntc') satisfies z.ZodType<PortalNoticesQuery, any>

// One object checked by hand rather than a union, whose errors would only say "Invalid input".
export const markNoticesRead = z
  .strictObject({ ids: z.array(id('ntc')).min(1).max(100).optional(), all: z.literal(true).optional() })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), { message: 'give either ids or all: true', path: ['ids'] })
  .transform((v): MarkNoticesReadInput => (v.ids ? { ids: v.ids } : { all: true })) satisfies z.ZodType<MarkNoticesReadInput, any>

const on = z.boolean().optional()
export const notificationPreferences = z.strictObject({
  emails: z.strictObject({ commission_earned: on, payout_sent: on, application_approved: on, message: on, challenge_won: on, deal_update: on, bounty_update: on, claim_decided: on, recruit_update: on, newsletter: on }),
}) satisfies z.ZodType<UpdateNotificationPreferencesInput, any>
