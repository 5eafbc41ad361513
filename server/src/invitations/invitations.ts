// The host accepts an invitation for its signed-in user (single use, before it expires), or the program
// sends a partner a new one. Each one transaction; the audit log records both.
import type { AcceptedInvitation, AcceptInvitationInput, Page, PartnerInvitation, ResendInvitationInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError, conflict, notFound } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { findPartner, partnerIdByExternalId, setPartnerExternalId, toPartner } from '../partners/index.ts'
import { cancelWaitingEmails } from '../messaging/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { invite } from './invite.ts'
import { claimInvitation, expireOpenInvitations, hasAcceptedInvitation, invitationByTokenHash, invitationsPage, toInvitation } from './queries.ts'

const suspended = () => new ApiError(403, 'forbidden', 'This partner is suspended')

/**
 * Binds the invited partner to the host's user. The same user accepting again gets the same answer; anyone
 * else, or anyone after the expiry, is refused.
 */
export async function acceptInvitation(db: Db, programId: string, input: AcceptInvitationInput, audit: AuditContext): Promise<AcceptedInvitation> {
  try {
    return await db.transaction().execute((tx) => accept(tx, programId, input, audit))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    throw conflict(`${input.externalId} became another partner's externalId meanwhile`, 'externalId')
  }
}

async function accept(tx: Tx, programId: string, input: AcceptInvitationInput, audit: AuditContext): Promise<AcceptedInvitation> {
  const now = audit.at
  const at = now.toISOString()
  const row = await invitationByTokenHash(tx, sha256(input.token))
  // Another program's invitation is as unknown as a made-up one.
  if (!row || row.program_id !== programId) throw notFound('Invitation')
  const partner = await findPartner(tx, programId, row.partner_id)
  if (!partner) throw notFound('Partner')
  if (row.accepted_at !== null) {
    if (row.accepted_external_id !== input.externalId) throw conflict('This invitation was already accepted: each invitation link works once', 'token')
    return { invitation: toInvitation(row, now), partner: toPartner(partner) }
  }
  if (row.expires_at <= at) throw new ApiError(410, 'gone', `This invitation expired on ${row.expires_at.slice(0, 10)} or was replaced by a newer one: ask the program for a new invitation`, 'token')
  if (partner.status === 'suspended') throw suspended()
  if (partner.external_id !== null && partner.external_id !== input.externalId) throw conflict(`The invited partner is already your user ${partner.external_id}`, 'externalId')
  const other = await partnerIdByExternalId(tx, programId, input.externalId)
  if (other && other.id !== partner.id) throw conflict(`${input.externalId} is already another partner (${other.id})`, 'externalId')
  if (!(await claimInvitation(tx, row.id, input.externalId, at))) throw conflict('This invitation was accepted meanwhile', 'token')
  if (partner.external_id === null) await setPartnerExternalId(tx, partner.id, input.externalId)
  const accepted = { ...row, accepted_at: at, accepted_external_id: input.externalId }
  await recordAudit(tx, programId, audit, { action: 'invitation.accepted', subject: { type: 'invitation', id: row.id }, before: { status: 'pending' }, after: { status: 'accepted', partnerId: partner.id, externalId: input.externalId } })
  return { invitation: toInvitation(accepted, now), partner: toPartner({ ...partner, external_id: input.externalId }) }
}

/** A new invitation for a partner who has not accepted one yet; its earlier links stop working. */
export async function resendInvitation(db: Db, program: ProgramRow, partnerId: string, input: ResendInvitationInput, audit: AuditContext): Promise<PartnerInvitation> {
  return db.transaction().execute(async (tx) => {
    const partner = await findPartner(tx, program.id, partnerId)
    if (!partner) throw notFound('Partner')
    if (partner.status === 'suspended') throw suspended()
    if (partner.external_id !== null || (await hasAcceptedInvitation(tx, partner.id))) throw conflict('This partner already has an account with you: it needs no invitation')
    // The replaced links' emails still waiting (the mail server down, say) are not sent: their links answer 410.
    await cancelWaitingEmails(tx, await expireOpenInvitations(tx, partner.id, audit.at.toISOString()))
    return invite(tx, program, partner, input, audit)
  })
}

export function listInvitations(db: Db, programId: string, q: { partnerId?: string | undefined; cursor?: string | undefined; limit: number }, now: Date): Promise<Page<PartnerInvitation>> {
  return invitationsPage(db, programId, q, now)
}
