// Newsletters: composed as drafts, sent once to an audience. Sending snapshots the recipients (one row
// per partner, in the portal inbox at once) and queues one email each, all in one transaction.
import type { CreateNewsletterInput, Newsletter, NewsletterAudience, NewsletterRecipient, NewsletterRecipientStatus, Page } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { NewsletterRecipientTable, NewsletterTable } from '../kernel/db/schema.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { queueEmails } from './email-outbox.ts'
import { emitEvent } from '../webhooks/index.ts'
import { segmentPartnerIds } from '../segments/index.ts'

type NewsletterRow = Selectable<NewsletterTable>
type RecipientRow = Selectable<NewsletterRecipientTable>

/** Who can receive newsletters: accepted partners (onboarding or active), never applicants or suspended ones. */
const RECEIVING = ['active', 'approved'] as const
const STATUSES: NewsletterRecipientStatus[] = ['pending', 'sent', 'failed', 'unsubscribed']
const CHUNK = 200

function toNewsletter(r: NewsletterRow, delivery: Partial<Record<NewsletterRecipientStatus, number>> = {}): Newsletter {
  return {
    id: r.id,
    subject: r.subject,
    body: r.body,
    format: r.format,
    audience: JSON.parse(r.audience) as NewsletterAudience,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    recipientCount: Number(r.recipient_count),
    delivery: Object.fromEntries(STATUSES.map((s) => [s, delivery[s] ?? 0])) as Record<NewsletterRecipientStatus, number>,
  }
}

function toRecipient(r: RecipientRow): NewsletterRecipient {
  return { partnerId: r.partner_id, email: r.email, status: r.status, error: r.error, sentAt: r.sent_at, readAt: r.read_at }
}

async function deliveryCounts(db: Db | Tx, ids: string[]) {
  const out = new Map<string, Partial<Record<NewsletterRecipientStatus, number>>>()
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('newsletter_recipients')
    .select(['newsletter_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('newsletter_id', 'in', ids)
    .groupBy(['newsletter_id', 'status'])
    .execute()
  for (const r of rows) {
    const counts = out.get(r.newsletter_id) ?? {}
    counts[r.status] = Number(r.n)
    out.set(r.newsletter_id, counts)
  }
  return out
}

/** A draft. Its audience is checked now (the segment exists, named partners are the program's) and evaluated at send. */
export async function createNewsletter(db: Db, programId: string, input: CreateNewsletterInput, createdBy: string | null, now: Date): Promise<Newsletter> {
  await checkAudience(db, programId, input.audience, now)
  const row: NewsletterRow = {
    id: newId('nl', now.getTime()),
    program_id: programId,
    subject: input.subject,
    body: input.body,
    format: input.format ?? 'text',
    audience: JSON.stringify(input.audience),
    status: 'draft',
    recipient_count: 0,
    created_by: createdBy,
    created_at: now.toISOString(),
    sent_at: null,
  }
  await db.insertInto('newsletters').values(row).execute()
  return toNewsletter(row)
}

export async function listNewsletters(db: Db, programId: string, q: { cursor?: string | undefined; limit: number }): Promise<Page<Newsletter>> {
  let query = db.selectFrom('newsletters').selectAll().where('program_id', '=', programId)
  if (q.cursor) query = query.where('id', '<', q.cursor)
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  const counts = await deliveryCounts(db, page.map((r) => r.id))
  return { data: page.map((r) => toNewsletter(r, counts.get(r.id))), nextCursor: more ? page[page.length - 1]!.id : null }
}

export async function getNewsletter(db: Db | Tx, programId: string, id: string): Promise<Newsletter> {
  const row = await db.selectFrom('newsletters').selectAll().where('id', '=', id).where('program_id', '=', programId).executeTakeFirst()
  if (!row) throw notFound('Newsletter')
  return toNewsletter(row, (await deliveryCounts(db, [id])).get(id))
}

export async function listNewsletterRecipients(
  db: Db,
  programId: string,
  id: string,
  q: { cursor?: string | undefined; limit: number; status?: NewsletterRecipientStatus | undefined },
): Promise<Page<NewsletterRecipient>> {
  await getNewsletter(db, programId, id)
  let query = db.selectFrom('newsletter_recipients').selectAll().where('newsletter_id', '=', id).where('program_id', '=', programId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) query = query.where('id', '>', q.cursor)
  const rows = await query.orderBy('id').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { data: page.map(toRecipient), nextCursor: more ? page[page.length - 1]!.id : null }
}

/**
 * Sends a draft: claims it (draft → sent, so a second send answers 409), snapshots the audience into
 * recipients, and queues an email to each one not opted out. An audience with nobody in it is refused
 * (400) and the newsletter stays a draft.
 */
export async function sendNewsletter(db: Db, programId: string, id: string, now: Date): Promise<Newsletter> {
  return db.transaction().execute(async (tx) => {
    const at = now.toISOString()
    const claimed = await tx
      .updateTable('newsletters')
      .set({ status: 'sent', sent_at: at })
      .where('id', '=', id)
      .where('program_id', '=', programId)
      .where('status', '=', 'draft')
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) {
      await getNewsletter(tx, programId, id) // 404 when it is not the program's
      throw conflict('This newsletter was already sent')
    }
    const newsletter = await tx.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const partners = await audiencePartners(tx, programId, JSON.parse(newsletter.audience) as NewsletterAudience, now)
    if (partners.length === 0) throw badRequest('The audience has no partners who can receive newsletters', 'audience')

    const optedOut = new Set(
      (await tx.selectFrom('email_optouts').select('partner_id').where('program_id', '=', programId).execute()).map((r) => r.partner_id),
    )
    const rows: RecipientRow[] = partners.map((p) => ({
      id: newId('nlr', now.getTime()),
      program_id: programId,
      newsletter_id: id,
      partner_id: p.id,
      email: p.email,
      status: optedOut.has(p.id) ? 'unsubscribed' : 'pending',
      error: null,
      unsubscribe_token: `un_${randomToken(32)}`,
      read_at: null,
      sent_at: null,
      created_at: at,
    }))
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto('newsletter_recipients').values(rows.slice(i, i + CHUNK)).execute()
    await queueEmails(
      tx,
      rows.filter((r) => r.status === 'pending').map((r) => ({ programId, partnerId: r.partner_id, to: r.email, kind: 'newsletter' as const, recipientId: r.id })),
      now,
    )
    await tx.updateTable('newsletters').set({ recipient_count: rows.length }).where('id', '=', id).execute()
    const sent = await getNewsletter(tx, programId, id)
    await emitEvent(tx, programId, 'newsletter.sent', sent, now)
    return sent
  })
}

async function audiencePartners(tx: Tx, programId: string, audience: NewsletterAudience, now: Date): Promise<Array<{ id: string; email: string }>> {
  const base = () => tx.selectFrom('partners').select(['id', 'email']).where('program_id', '=', programId).where('status', 'in', RECEIVING)
  if ('all' in audience) return base().orderBy('id').execute()
  const ids = 'segmentId' in audience ? await segmentPartnerIds(tx, programId, audience.segmentId, now) : [...new Set(audience.partnerIds)]
  const out: Array<{ id: string; email: string }> = []
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await base().where('id', 'in', ids.slice(i, i + CHUNK)).execute()))
  if ('partnerIds' in audience) {
    const known = await knownPartnerIds(tx, programId, ids)
    const missing = ids.find((pid) => !known.has(pid))
    if (missing) throw badRequest(`audience.partnerIds: ${missing} is not a partner of this program`, 'audience.partnerIds')
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}

async function checkAudience(db: Db, programId: string, audience: NewsletterAudience, now: Date): Promise<void> {
  if ('segmentId' in audience) {
    try {
      await segmentPartnerIds(db, programId, audience.segmentId, now)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) throw badRequest('audience.segmentId: no such segment in this program', 'audience.segmentId')
      throw err
    }
  } else if ('partnerIds' in audience) {
    const known = await knownPartnerIds(db, programId, audience.partnerIds)
    const missing = audience.partnerIds.find((pid) => !known.has(pid))
    if (missing) throw badRequest(`audience.partnerIds: ${missing} is not a partner of this program`, 'audience.partnerIds')
  }
}

async function knownPartnerIds(tx: Tx | Db, programId: string, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx.selectFrom('partners').select('id').where('program_id', '=', programId).where('id', 'in', ids.slice(i, i + CHUNK)).execute()
    for (const r of rows) known.add(r.id)
  }
  return known
}
