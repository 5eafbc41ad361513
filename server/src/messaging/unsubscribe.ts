// Newsletter email opt-outs: by the token in an email's unsubscribe link (no login), or from the portal.
// Opting out cancels newsletter emails still waiting; the newsletters stay in the portal inbox.
import type { PortalMessagePreferences } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PortalSession } from '../portal/index.ts'

async function optOut(tx: Tx, programId: string, partnerId: string, now: Date): Promise<void> {
  await tx
    .insertInto('email_optouts')
    .values({ program_id: programId, partner_id: partnerId, newsletters_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['program_id', 'partner_id']).doNothing())
    .execute()
  await tx
    .updateTable('email_outbox')
    .set({ status: 'cancelled', next_attempt_at: null })
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('kind', '=', 'newsletter')
    .where('status', '=', 'pending')
    .execute()
  await tx
    .updateTable('newsletter_recipients')
    .set({ status: 'unsubscribed' })
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('status', '=', 'pending')
    .execute()
}

/** Opts the token's partner out of the token's program's newsletter emails. Null for an unknown token. Repeats are harmless. */
export async function unsubscribeByToken(db: Db, token: string, now: Date): Promise<{ programName: string } | null> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom('newsletter_recipients as r')
      .innerJoin('programs as p', 'p.id', 'r.program_id')
      .select(['r.program_id', 'r.partner_id', 'p.name'])
      .where('r.unsubscribe_token', '=', token)
      .executeTakeFirst()
    if (!r) return null
    await optOut(tx, r.program_id, r.partner_id, now)
    return { programName: r.name }
  })
}

/** The partner turns newsletter emails off or back on (future newsletters only). */
export async function setMessagePreferences(db: Db, session: PortalSession, input: PortalMessagePreferences, now: Date): Promise<PortalMessagePreferences> {
  const { program, partner } = session
  await db.transaction().execute(async (tx) => {
    if (input.newsletterEmails) await tx.deleteFrom('email_optouts').where('program_id', '=', program.id).where('partner_id', '=', partner.id).execute()
    else await optOut(tx, program.id, partner.id, now)
  })
  return { newsletterEmails: input.newsletterEmails }
}
