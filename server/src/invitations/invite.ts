// Sending one invitation, inside the caller's transaction: a random single-use token (stored as its
// sha256 only, like embed tokens: no signing secret to configure, and a row to mark used or replace),
// its email in the messaging outbox, and the audit entry.
import type { PartnerInvitation } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { sha256 } from '../kernel/hash.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { queueInvitationEmail } from '../messaging/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { invitationExpiry, invitationLink } from './invitation-rules.ts'
import { insertInvitation, toInvitation } from './queries.ts'

export interface InviteOptions {
  acceptUrl: string
  expiresInDays?: number | undefined
}

export async function invite(tx: Tx, program: ProgramRow, partner: { id: string; email: string; name: string | null }, opts: InviteOptions, audit: AuditContext): Promise<PartnerInvitation> {
  const now = audit.at
  const token = `inv_${randomToken(32)}`
  const expiresAt = invitationExpiry(now, opts.expiresInDays)
  const link = invitationLink(opts.acceptUrl, token)
  const emailId = await queueInvitationEmail(tx, { programId: program.id, programName: program.name, brandColor: program.brand_color, partnerId: partner.id, to: partner.email, name: partner.name, link, expiresAt }, now)
  const row = {
    id: newId('inv', now.getTime()),
    program_id: program.id,
    partner_id: partner.id,
    token_hash: sha256(token),
    email: partner.email,
    accept_url: opts.acceptUrl,
    expires_at: expiresAt,
    accepted_at: null,
    accepted_external_id: null,
    email_id: emailId,
    created_at: now.toISOString(),
  }
  await insertInvitation(tx, row)
  await recordAudit(tx, program.id, audit, { action: 'invitation.sent', subject: { type: 'invitation', id: row.id }, before: null, after: { partnerId: partner.id, email: partner.email, expiresAt } })
  return toInvitation({ ...row, email_status: 'pending' }, now)
}
