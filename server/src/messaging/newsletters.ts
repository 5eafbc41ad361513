// Newsletters: composed as drafts, sent once to an audience. Sending snapshots the recipients (one row
// per partner, in the portal inbox at once) and queues one email each, all in one transaction.
import type { CreateNewsletterInput, Newsletter, NewsletterAudience, NewsletterRecipient, NewsletterRecipientStatus, Page } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { queueEmails } from './email-queries.ts'
import {
  claimDraft,
  findNewsletter,
  insertNewsletter,
  insertRecipients,
  knownPartnerIds,
  newsletterRow,
  newslettersPage,
  type NewsletterRow,
  optedOutPartnerIds,
  receivingPartners,
  receivingPartnersAmong,
  recipientsPage,
  type RecipientRow,
  setRecipientCount,
  toNewsletter,
} from './newsletter-queries.ts'
import { emitEvent } from '../webhooks/index.ts'
import { segmentPartnerIds } from '../segments/index.ts'
import { unknownReference } from '../kernel/http/references.ts'

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
  await insertNewsletter(db, row)
  return toNewsletter(row)
}

export function listNewsletters(db: Db, programId: string, q: { cursor?: string | undefined; limit: number }): Promise<Page<Newsletter>> {
  return newslettersPage(db, programId, q)
}

export async function getNewsletter(db: Db | Tx, programId: string, id: string): Promise<Newsletter> {
  const found = await findNewsletter(db, programId, id)
  if (!found) throw notFound('Newsletter')
  return found
}

export async function listNewsletterRecipients(
  db: Db,
  programId: string,
  id: string,
  q: { cursor?: string | undefined; limit: number; status?: NewsletterRecipientStatus | undefined },
): Promise<Page<NewsletterRecipient>> {
  await getNewsletter(db, programId, id)
  return recipientsPage(db, programId, id, q)
}

/**
 * Sends a draft: claims it (draft → sent, so a second send answers 409), snapshots the audience into
 * recipients, and queues an email to each one not opted out. An audience with nobody in it is refused
 * (400) and the newsletter stays a draft.
 */
export async function sendNewsletter(db: Db, programId: string, id: string, audit: AuditContext): Promise<Newsletter> {
  const now = audit.at
  return db.transaction().execute(async (tx) => {
    const at = now.toISOString()
    if (!(await claimDraft(tx, programId, id, at))) {
      await getNewsletter(tx, programId, id) // 404 when it is not the program's
      throw conflict('This newsletter was already sent')
    }
    const newsletter = await newsletterRow(tx, id)
    const partners = await audiencePartners(tx, programId, JSON.parse(newsletter.audience) as NewsletterAudience, now)
    if (partners.length === 0) throw badRequest('The audience has no partners who can receive newsletters', 'audience')

    const optedOut = await optedOutPartnerIds(tx, programId)
    // Each recipient's unsubscribe token: the recipient keeps its sha256, the email the token (encrypted).
    const tokens = partners.map(() => `un_${randomToken(32)}`)
    const rows: RecipientRow[] = partners.map((p, i) => ({
      id: newId('nlr', now.getTime()),
      program_id: programId,
      newsletter_id: id,
      partner_id: p.id,
      email: p.email,
      status: optedOut.has(p.id) ? 'unsubscribed' : 'pending',
      error: null,
      unsubscribe_token_hash: sha256(tokens[i]!),
      read_at: null,
      sent_at: null,
      created_at: at,
    }))
    await insertRecipients(tx, rows)
    await queueEmails(
      tx,
      rows.flatMap((r, i) => (r.status === 'pending' ? [{ programId, partnerId: r.partner_id, to: r.email, kind: 'newsletter' as const, recipientId: r.id, unsubscribeToken: tokens[i]! }] : [])),
      now,
    )
    await setRecipientCount(tx, id, rows.length)
    const sent = await getNewsletter(tx, programId, id)
    await recordAudit(tx, programId, audit, {
      action: 'newsletter.sent',
      subject: { type: 'newsletter', id },
      before: { status: 'draft' },
      after: { status: sent.status, subject: sent.subject, audience: sent.audience, recipientCount: sent.recipientCount },
    })
    await emitEvent(tx, programId, 'newsletter.sent', sent, now)
    return sent
  })
}

async function audiencePartners(tx: Tx, programId: string, audience: NewsletterAudience, now: Date): Promise<Array<{ id: string; email: string }>> {
  if ('all' in audience) return receivingPartners(tx, programId)
  const ids = 'segmentId' in audience ? await segmentPartnerIds(tx, programId, audience.segmentId, now, 'audience.segmentId') : [...new Set(audience.partnerIds)]
  const partners = await receivingPartnersAmong(tx, programId, ids)
  if ('partnerIds' in audience) {
    const known = await knownPartnerIds(tx, programId, ids)
    const missing = ids.find((pid) => !known.has(pid))
    if (missing) throw unknownReference('partner', missing, 'audience.partnerIds')
  }
  return partners
}

async function checkAudience(db: Db, programId: string, audience: NewsletterAudience, now: Date): Promise<void> {
  if ('segmentId' in audience) {
    await segmentPartnerIds(db, programId, audience.segmentId, now, 'audience.segmentId')
  } else if ('partnerIds' in audience) {
    const known = await knownPartnerIds(db, programId, audience.partnerIds)
    const missing = audience.partnerIds.find((pid) => !known.has(pid))
    if (missing) throw unknownReference('partner', missing, 'audience.partnerIds')
  }
}
