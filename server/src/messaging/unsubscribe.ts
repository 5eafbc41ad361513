// Email opt-outs: newsletters (by the token in a newsletter's link, found by its sha256), each kind of notice email (by the signed
// link in a notice email: notice-rules.ts), both without login, and all of them from the portal's settings.
// Opting out cancels the emails of that kind still waiting; newsletters and notices stay in the portal.
import type { NoticeKind, NotificationPreferences, PortalMessagePreferences, UpdateNotificationPreferencesInput } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { sha256 } from '../kernel/hash.ts'
import { secretBoxFor } from '../kernel/secrets.ts'
import { cancelPendingEmails } from './email-queries.ts'
import { deleteOptOut, hasOptedOut, insertOptOut, recipientByTokenHash, unsubscribePendingRecipients } from './newsletter-queries.ts'
import { deleteKindOptOut, insertKindOptOut, optedOutKinds } from './notice-queries.ts'
import { emailPreferences, KIND_WORDS, parseUnsubscribeToken, type UnsubscribeClaim, unsubscribeText } from './notice-rules.ts'
import { findPartnerToNotify } from './queries.ts'
import type { PortalSession } from '../portal/index.ts'

async function optOut(tx: Tx, programId: string, partnerId: string, now: Date): Promise<void> {
  await insertOptOut(tx, programId, partnerId, now.toISOString())
  await cancelPendingEmails(tx, programId, partnerId, 'newsletter')
  await unsubscribePendingRecipients(tx, programId, partnerId)
}

async function optOutOfKind(tx: Tx, programId: string, partnerId: string, kind: NoticeKind, now: Date): Promise<void> {
  await insertKindOptOut(tx, programId, partnerId, kind, now.toISOString())
  await cancelPendingEmails(tx, programId, partnerId, kind)
}

/** The token of a notice email's unsubscribe link: its claim, signed with the database's key. */
export function noticeUnsubscribeToken(db: Db, claim: UnsubscribeClaim): string {
  const text = unsubscribeText(claim)
  return `${text}.${secretBoxFor(db).sign(text)}`
}

/** What an unsubscribe link turns off, and for which program: read before the partner confirms it. */
interface UnsubscribeTarget {
  programName: string
  what: string
  optOut: (tx: Tx, now: Date) => Promise<void>
}

/**
 * An unsubscribe link's target: a notice email's (signed: its kind, for its partner) or a newsletter's
 * (newsletters). Null for a token that is neither, or forged.
 */
async function targetOf(db: Db, reader: Db | Tx, token: string): Promise<UnsubscribeTarget | null> {
  const notice = parseUnsubscribeToken(token)
  if (notice) {
    if (!secretBoxFor(db).verify(notice.text, notice.signature)) return null
    const { programId, partnerId, kind } = notice.claim
    const partner = await findPartnerToNotify(reader, programId, partnerId)
    if (!partner) return null
    return { programName: partner.program_name, what: `emails about ${KIND_WORDS[kind]}`, optOut: (tx, now) => optOutOfKind(tx, programId, partnerId, kind, now) }
  }
  if (token.length > 64) return null
  const r = await recipientByTokenHash(reader, sha256(token))
  if (!r) return null
  return { programName: r.name, what: 'newsletter emails', optOut: (tx, now) => optOut(tx, r.program_id, r.partner_id, now) }
}

/** What the link would turn off, changing nothing: the page a link opens asks first (unsubscribeByToken). */
export async function unsubscribeTarget(db: Db, token: string): Promise<{ programName: string; what: string } | null> {
  const target = await targetOf(db, db, token)
  return target && { programName: target.programName, what: target.what }
}

/** Follows an unsubscribe link: its kind of email turned off. Null for a token that is neither, or forged. Repeats are harmless. */
export async function unsubscribeByToken(db: Db, token: string, now: Date): Promise<{ programName: string; what: string } | null> {
  return db.transaction().execute(async (tx) => {
    const target = await targetOf(db, tx, token)
    if (!target) return null
    await target.optOut(tx, now)
    return { programName: target.programName, what: target.what }
  })
}

/** The partner turns newsletter emails off or back on (future newsletters only). */
export async function setMessagePreferences(db: Db, session: PortalSession, input: PortalMessagePreferences, now: Date): Promise<PortalMessagePreferences> {
  const prefs = await setNotificationPreferences(db, session, { emails: { newsletter: input.newsletterEmails } }, now)
  return { newsletterEmails: prefs.emails.newsletter }
}

export async function getNotificationPreferences(db: Db | Tx, { program, partner }: PortalSession): Promise<NotificationPreferences> {
  const [kinds, newsletter] = await Promise.all([optedOutKinds(db, program.id, partner.id), hasOptedOut(db, program.id, partner.id)])
  return emailPreferences({ kinds, newsletter })
}

/** Turns the given kinds of email on or off, in one transaction; answers every kind. */
export async function setNotificationPreferences(db: Db, session: PortalSession, input: UpdateNotificationPreferencesInput, now: Date): Promise<NotificationPreferences> {
  const { program, partner } = session
  return db.transaction().execute(async (tx) => {
    for (const [kind, on] of Object.entries(input.emails)) {
      if (on === undefined) continue
      if (kind === 'newsletter') {
        if (on) await deleteOptOut(tx, program.id, partner.id)
        else await optOut(tx, program.id, partner.id, now)
      } else if (on) await deleteKindOptOut(tx, program.id, partner.id, kind as NoticeKind)
      else await optOutOfKind(tx, program.id, partner.id, kind as NoticeKind, now)
    }
    return getNotificationPreferences(tx, session)
  })
}
