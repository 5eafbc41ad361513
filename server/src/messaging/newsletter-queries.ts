// Newsletters, their recipients (one row per partner a newsletter was sent to: inbox, read marker and the
// status of its email) and newsletter email opt-outs, as rows and as API shapes.
import type { Newsletter, NewsletterAudience, NewsletterRecipient, NewsletterRecipientStatus, Page, PortalNewsletter } from '@afflio/sdk/types'
import { type Selectable, sql } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { NewsletterRecipientTable, NewsletterTable } from '../kernel/db/schema.ts'
import { markdownToHtml, textToHtml } from '../kernel/markdown.ts'

export type NewsletterRow = Selectable<NewsletterTable>
export type RecipientRow = Selectable<NewsletterRecipientTable>

/** Who can receive newsletters: accepted partners (onboarding or active), never applicants or suspended ones. */
const RECEIVING = ['active', 'approved'] as const
const STATUSES: NewsletterRecipientStatus[] = ['pending', 'sent', 'failed', 'unsubscribed']
// SQLite caps bound parameters per statement: long id lists and inserts go in chunks.
const CHUNK = 200

export function toNewsletter(r: NewsletterRow, delivery: Partial<Record<NewsletterRecipientStatus, number>> = {}): Newsletter {
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

/** Recipients by status, per newsletter. */
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

// ---- Newsletters ----------------------------------------------------------------------------------

export async function insertNewsletter(db: Db, row: NewsletterRow): Promise<void> {
  await db.insertInto('newsletters').values(row).execute()
}

/** The program's newsletters, newest first, each with its delivery counts. */
export async function newslettersPage(db: Db, programId: string, q: { cursor?: string | undefined; limit: number }): Promise<Page<Newsletter>> {
  let query = db.selectFrom('newsletters').selectAll().where('program_id', '=', programId)
  if (q.cursor) query = query.where('id', '<', q.cursor)
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  const counts = await deliveryCounts(db, page.map((r) => r.id))
  return { data: page.map((r) => toNewsletter(r, counts.get(r.id))), nextCursor: more ? page[page.length - 1]!.id : null }
}

/** The program's newsletter with its delivery counts; undefined when it is not the program's. */
export async function findNewsletter(db: Db | Tx, programId: string, id: string): Promise<Newsletter | undefined> {
  const row = await db.selectFrom('newsletters').selectAll().where('id', '=', id).where('program_id', '=', programId).executeTakeFirst()
  return row && toNewsletter(row, (await deliveryCounts(db, [id])).get(id))
}

/** Draft → sent, if it is the program's draft still: false when it is not (sent already, or not found). */
export async function claimDraft(tx: Tx, programId: string, id: string, sentAt: string): Promise<boolean> {
  const claimed = await tx
    .updateTable('newsletters')
    .set({ status: 'sent', sent_at: sentAt })
    .where('id', '=', id)
    .where('program_id', '=', programId)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

export function newsletterRow(tx: Tx, id: string): Promise<NewsletterRow> {
  return tx.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export async function setRecipientCount(tx: Tx, id: string, count: number): Promise<void> {
  await tx.updateTable('newsletters').set({ recipient_count: count }).where('id', '=', id).execute()
}

// ---- Audience -------------------------------------------------------------------------------------

/** Every partner of the program who can receive newsletters, by id. */
export function receivingPartners(tx: Tx, programId: string): Promise<Array<{ id: string; email: string }>> {
  return receiving(tx, programId).orderBy('id').execute()
}

/** Those of `ids` who are partners of the program and can receive newsletters, by id. */
export async function receivingPartnersAmong(tx: Tx, programId: string, ids: string[]): Promise<Array<{ id: string; email: string }>> {
  const out: Array<{ id: string; email: string }> = []
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await receiving(tx, programId).where('id', 'in', ids.slice(i, i + CHUNK)).execute()))
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}

function receiving(tx: Tx, programId: string) {
  return tx.selectFrom('partners').select(['id', 'email']).where('program_id', '=', programId).where('status', 'in', RECEIVING)
}

/** Those of `ids` that are partners of the program, whatever their status. */
export async function knownPartnerIds(tx: Tx | Db, programId: string, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx.selectFrom('partners').select('id').where('program_id', '=', programId).where('id', 'in', ids.slice(i, i + CHUNK)).execute()
    for (const r of rows) known.add(r.id)
  }
  return known
}

// ---- Recipients -----------------------------------------------------------------------------------

export async function insertRecipients(tx: Tx, rows: RecipientRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto('newsletter_recipients').values(rows.slice(i, i + CHUNK)).execute()
}

export async function recipientsPage(
  db: Db,
  programId: string,
  newsletterId: string,
  q: { cursor?: string | undefined; limit: number; status?: NewsletterRecipientStatus | undefined },
): Promise<Page<NewsletterRecipient>> {
  let query = db.selectFrom('newsletter_recipients').selectAll().where('newsletter_id', '=', newsletterId).where('program_id', '=', programId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) query = query.where('id', '>', q.cursor)
  const rows = await query.orderBy('id').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { data: page.map(toRecipient), nextCursor: more ? page[page.length - 1]!.id : null }
}

/** A recipient's status follows its email; an unsubscribe meanwhile wins (only a pending one moves). */
export async function recordRecipientTry(tx: Tx, id: string, status: 'sent' | 'pending' | 'failed', error: string | null, sentAt: string | null): Promise<void> {
  await tx.updateTable('newsletter_recipients').set({ status, error, sent_at: sentAt }).where('id', '=', id).where('status', '=', 'pending').execute()
}

export async function markRecipientUnsubscribed(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('newsletter_recipients').set({ status: 'unsubscribed' }).where('id', '=', id).execute()
}

/** The partner's recipients still waiting for their email, marked unsubscribed. */
export async function unsubscribePendingRecipients(tx: Tx, programId: string, partnerId: string): Promise<void> {
  await tx
    .updateTable('newsletter_recipients')
    .set({ status: 'unsubscribed' })
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('status', '=', 'pending')
    .execute()
}

/** The program and partner an unsubscribe link's token names (by the token's sha256), with the program's name. */
export function recipientByTokenHash(tx: Tx | Db, tokenHash: string): Promise<{ program_id: string; partner_id: string; name: string } | undefined> {
  return tx
    .selectFrom('newsletter_recipients as r')
    .innerJoin('programs as p', 'p.id', 'r.program_id')
    .select(['r.program_id', 'r.partner_id', 'p.name'])
    .where('r.unsubscribe_token_hash', '=', tokenHash)
    .executeTakeFirst()
}

// ---- The partner's inbox --------------------------------------------------------------------------

/** The newsletters sent to the partner, newest first; the cursor is the last recipient id. */
export async function inboxNewslettersPage(db: Db, programId: string, partnerId: string, q: { cursor?: string | undefined; limit: number }): Promise<Page<PortalNewsletter>> {
  let query = db
    .selectFrom('newsletter_recipients as r')
    .innerJoin('newsletters as n', 'n.id', 'r.newsletter_id')
    .select(['r.id as recipient_id', 'r.read_at', 'n.id', 'n.subject', 'n.body', 'n.format', 'n.sent_at'])
    .where('r.program_id', '=', programId)
    .where('r.partner_id', '=', partnerId)
  if (q.cursor) query = query.where('r.id', '<', q.cursor)
  const rows = await query.orderBy('r.id', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return {
    data: page.map((n) => ({
      id: n.id,
      subject: n.subject,
      body: n.body,
      format: n.format,
      html: n.format === 'markdown' ? markdownToHtml(n.body) : textToHtml(n.body),
      sentAt: n.sent_at!,
      read: n.read_at !== null,
    })),
    nextCursor: more ? page[page.length - 1]!.recipient_id : null,
  }
}

export async function unreadNewsletterCount(db: Db | Tx, programId: string, partnerId: string): Promise<number> {
  const row = await db
    .selectFrom('newsletter_recipients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function markNewslettersRead(tx: Tx, programId: string, partnerId: string, at: string): Promise<void> {
  await tx
    .updateTable('newsletter_recipients')
    .set({ read_at: at })
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('read_at', 'is', null)
    .execute()
}

// ---- Opt-outs -------------------------------------------------------------------------------------

/** Repeats are harmless: the first opt-out's time stays. */
export async function insertOptOut(tx: Tx, programId: string, partnerId: string, at: string): Promise<void> {
  await tx
    .insertInto('email_optouts')
    .values({ program_id: programId, partner_id: partnerId, newsletters_at: at })
    .onConflict((oc) => oc.columns(['program_id', 'partner_id']).doNothing())
    .execute()
}

export async function deleteOptOut(tx: Tx, programId: string, partnerId: string): Promise<void> {
  await tx.deleteFrom('email_optouts').where('program_id', '=', programId).where('partner_id', '=', partnerId).execute()
}

export async function hasOptedOut(db: Db | Tx, programId: string, partnerId: string): Promise<boolean> {
  return !!(await db.selectFrom('email_optouts').select('partner_id').where('program_id', '=', programId).where('partner_id', '=', partnerId).executeTakeFirst())
}

export async function optedOutPartnerIds(tx: Tx, programId: string): Promise<Set<string>> {
  return new Set((await tx.selectFrom('email_optouts').select('partner_id').where('program_id', '=', programId).execute()).map((r) => r.partner_id))
}

/**
 * A program's test copies take turns until the transaction ends, so concurrent requests cannot all see
 * room under the hourly cap: an advisory lock on Postgres; SQLite has one writer already.
 */
export async function lockTestCopies(tx: Tx, programId: string): Promise<void> {
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtext('afflio:newsletter-test'), hashtext(${programId}))`.execute(tx)
}
