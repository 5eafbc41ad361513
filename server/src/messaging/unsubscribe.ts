// Newsletter email opt-outs: by the token in an email's unsubscribe link (no login), or from the portal.
// Opting out cancels newsletter emails still waiting; the newsletters stay in the portal inbox.
import type { PortalMessagePreferences } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { cancelPendingNewsletterEmails } from './email-queries.ts'
import { deleteOptOut, insertOptOut, recipientByToken, unsubscribePendingRecipients } from './newsletter-queries.ts'
import type { PortalSession } from '../portal/index.ts'

async function optOut(tx: Tx, programId: string, partnerId: string, now: Date): Promise<void> {
  await insertOptOut(tx, programId, partnerId, now.toISOString())
  await cancelPendingNewsletterEmails(tx, programId, partnerId)
  await unsubscribePendingRecipients(tx, programId, partnerId)
}

/** Opts the token's partner out of the token's program's newsletter emails. Null for an unknown token. Repeats are harmless. */
export async function unsubscribeByToken(db: Db, token: string, now: Date): Promise<{ programName: string } | null> {
  return db.transaction().execute(async (tx) => {
    const r = await recipientByToken(tx, token)
    if (!r) return null
    await optOut(tx, r.program_id, r.partner_id, now)
    return { programName: r.name }
  })
}

/** The partner turns newsletter emails off or back on (future newsletters only). */
export async function setMessagePreferences(db: Db, session: PortalSession, input: PortalMessagePreferences, now: Date): Promise<PortalMessagePreferences> {
  const { program, partner } = session
  await db.transaction().execute(async (tx) => {
    if (input.newsletterEmails) await deleteOptOut(tx, program.id, partner.id)
    else await optOut(tx, program.id, partner.id, now)
  })
  return { newsletterEmails: input.newsletterEmails }
}
