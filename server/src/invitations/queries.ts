// Invitations' SQL: the rows, the claim that makes one single use, and the list with each email's delivery.
import type { Page, PartnerInvitation } from '@afflio/sdk/types'
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { PartnerInvitationTable } from '../kernel/db/schema.ts'
import { invitationStatus } from './invitation-rules.ts'

export type InvitationRow = Selectable<PartnerInvitationTable>
type WithEmail = InvitationRow & { email_status: PartnerInvitation['emailStatus'] | null }

export function toInvitation(r: WithEmail, now: Date): PartnerInvitation {
  return {
    id: r.id,
    partnerId: r.partner_id,
    email: r.email,
    status: invitationStatus(r, now),
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    createdAt: r.created_at,
    emailStatus: r.email_status ?? null,
  }
}

export async function insertInvitation(tx: Tx, row: Insertable<PartnerInvitationTable>): Promise<void> {
  await tx.insertInto('partner_invitations').values(row).execute()
}

const withEmail = (db: Db | Tx) =>
  db.selectFrom('partner_invitations as i').leftJoin('email_outbox as e', 'e.id', 'i.email_id').selectAll('i').select('e.status as email_status')

export function invitationByTokenHash(tx: Tx, tokenHash: string): Promise<WithEmail | undefined> {
  return withEmail(tx).where('i.token_hash', '=', tokenHash).executeTakeFirst()
}

/** Marks the invitation used, if it still is unused and unexpired: false when another accept came first (or it expired). */
export async function claimInvitation(tx: Tx, id: string, externalId: string, at: string): Promise<boolean> {
  const claimed = await tx
    .updateTable('partner_invitations')
    .set({ accepted_at: at, accepted_external_id: externalId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

/** A partner's invitations still open expire now: a new one replaces them. Returns their emails' ids. */
export async function expireOpenInvitations(tx: Tx, partnerId: string, at: string): Promise<string[]> {
  const rows = await tx.updateTable('partner_invitations').set({ expires_at: at }).where('partner_id', '=', partnerId).where('accepted_at', 'is', null).where('expires_at', '>', at).returning('email_id').execute()
  return rows.flatMap((r) => r.email_id ?? [])
}

export async function hasAcceptedInvitation(tx: Tx, partnerId: string): Promise<boolean> {
  const row = await tx.selectFrom('partner_invitations').select('id').where('partner_id', '=', partnerId).where('accepted_at', 'is not', null).executeTakeFirst()
  return row !== undefined
}

/** The program's invitations (of one partner, or all), newest first. */
export function invitationsPage(db: Db, programId: string, q: { partnerId?: string | undefined; cursor?: string | undefined; limit: number }, now: Date): Promise<Page<PartnerInvitation>> {
  const query = withEmail(db)
    .where('i.program_id', '=', programId)
    .$if(!!q.partnerId, (b) => b.where('i.partner_id', '=', q.partnerId!))
  return paginate(query, 'i.id', q, (r) => toInvitation(r, now))
}
