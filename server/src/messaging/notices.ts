// Notices: what a partner is told, in the portal (with an unread count) and by email unless they turned
// the kind off. Reactions to other features' events post them (reactions.ts), each exactly once.
import type { MarkNoticesReadInput, NoticeKind, NoticePage, NoticeUnread } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import type { PortalSession } from '../portal/index.ts'
import { queueEmails } from './email-queries.ts'
import { findPartnerToNotice, insertNotice, markNoticesRead, noticesPage, unreadNoticeCount } from './notice-queries.ts'
import type { NoticeText } from './notice-rules.ts'

export interface NoticeInput extends NoticeText {
  programId: string
  partnerId: string
  kind: NoticeKind
  /** Also email it, unless the partner turned the kind off (default true) */
  email?: boolean
}

/**
 * Posts a notice for the partner and queues its email (rendered when sent) unless the partner turned the
 * kind off, in the caller's transaction. Throws a 404 ApiError when the partner is not the program's.
 */
export async function postNotice(tx: Tx | Db, input: NoticeInput, now: Date): Promise<{ noticeId: string }> {
  const partner = await findPartnerToNotice(tx, input.programId, input.partnerId, input.kind)
  if (!partner) throw notFound('Partner')
  const id = newId('ntc', now.getTime())
  await insertNotice(tx, { id, program_id: input.programId, partner_id: partner.id, kind: input.kind, title: input.title, body: input.body, created_at: now.toISOString(), read_at: null })
  if ((input.email ?? true) && !partner.optedOut) {
    await queueEmails(tx, [{ kind: 'notice', programId: input.programId, partnerId: partner.id, to: partner.email, noticeId: id }], now)
  }
  return { noticeId: id }
}

export async function listNotices(db: Db, { program, partner }: PortalSession, q: { cursor?: string | undefined; limit: number }): Promise<NoticePage> {
  const [page, unreadCount] = await Promise.all([noticesPage(db, program.id, partner.id, q), unreadNoticeCount(db, program.id, partner.id)])
  return { ...page, unreadCount }
}

export async function unreadNotices(db: Db, { program, partner }: PortalSession): Promise<NoticeUnread> {
  return { unreadCount: await unreadNoticeCount(db, program.id, partner.id) }
}

/** Marks the partner's notices read (ids of others' notices change nothing); answers the unread count left. */
export async function readNotices(db: Db, { program, partner }: PortalSession, input: MarkNoticesReadInput, now: Date): Promise<NoticeUnread> {
  return db.transaction().execute(async (tx) => {
    await markNoticesRead(tx, program.id, partner.id, 'all' in input ? 'all' : input.ids, now.toISOString())
    return { unreadCount: await unreadNoticeCount(tx, program.id, partner.id) }
  })
}
