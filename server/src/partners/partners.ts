import type { CreateLinkInput, CreatePartnerInput, Link, PartnerStatus, PartnerWithLink } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { partnersCreated } from './partner-events.ts'
import { findPartner, findPartnerId, insertLink, insertPartner, type LinkProgram, linksOfPartner, partnerIdByEmail, partnerIdByExternalId, toLink, toPartner } from './queries.ts'
import { unknownReference } from '../kernel/http/references.ts'

function linkRow(programId: string, partnerId: string, code: string | undefined, destinationUrl: string | null, at: string) {
  return { id: newId('lnk', Date.parse(at)), program_id: programId, partner_id: partnerId, code: code ?? randomToken(8), destination_url: destinationUrl, created_at: at }
}

/** A partner and its first link, with its `partner.created` event, in one transaction. */
export async function createPartner(db: Db, program: LinkProgram, input: CreatePartnerInput, audit: AuditContext): Promise<PartnerWithLink> {
  try {
    return await db.transaction().execute(async (tx) => {
      const partner = await insertPartnerWithLink(tx, program, input, audit.at)
      await partnersCreated(tx, program.id, [partner], audit)
      return partner
    })
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    throw await explainPartnerConflict(db, program.id, input)
  }
}

/**
 * createPartner's writes inside the caller's transaction (an approved application creates its partner
 * in the transaction that approves it). A unique violation is thrown as it is: explain it with
 * explainPartnerConflict after the transaction, which Postgres has aborted.
 */
export async function insertPartnerWithLink(
  tx: Tx,
  program: LinkProgram,
  input: CreatePartnerInput,
  now: Date,
  placement: { status?: PartnerStatus; groupId?: string | null; referredById?: string | null; website?: string | null } = {},
): Promise<PartnerWithLink> {
  const at = now.toISOString()
  const partner = {
    id: newId('prt', now.getTime()),
    program_id: program.id,
    email: input.email,
    name: input.name ?? null,
    external_id: input.externalId ?? null,
    status: placement.status ?? 'active',
    group_id: placement.groupId ?? null,
    referred_by_id: placement.referredById ?? null,
    country: input.country ?? null,
    tier_override: null,
    website: placement.website ?? null,
    social: null,
    created_at: at,
  }
  const link = linkRow(program.id, partner.id, input.linkCode, null, at)
  await insertPartner(tx, partner)
  await insertLink(tx, link)
  return { ...toPartner(partner), links: [toLink(link, program.site_url)] }
}

export async function explainPartnerConflict(db: Db, programId: string, input: CreatePartnerInput) {
  const byEmail = await partnerIdByEmail(db, programId, input.email)
  if (byEmail) return conflict(`A partner with email ${input.email} exists (${byEmail.id})`, 'email')
  if (input.externalId) {
    const byExt = await partnerIdByExternalId(db, programId, input.externalId)
    if (byExt) return conflict(`A partner with externalId ${input.externalId} exists (${byExt.id})`, 'externalId')
  }
  return conflict(`Link code ${input.linkCode} is taken`, 'linkCode')
}

export async function getPartner(db: Db, program: LinkProgram, partnerId: string): Promise<PartnerWithLink> {
  const partner = await findPartner(db, program.id, partnerId)
  if (!partner) throw notFound('Partner')
  const links = await linksOfPartner(db, partnerId)
  return { ...toPartner(partner), links: links.map((l) => toLink(l, program.site_url)) }
}

/** A link the program makes for a partner: it earns that partner every click and sale through it. */
export async function createLink(db: Db, program: LinkProgram, input: CreateLinkInput, audit: AuditContext): Promise<Link> {
  const partner = await findPartnerId(db, program.id, input.partnerId)
  if (!partner) throw unknownReference('partner', input.partnerId, 'partnerId')
  const row = linkRow(program.id, partner.id, input.code, input.destinationUrl ?? null, audit.at.toISOString())
  try {
    await db.transaction().execute(async (tx) => {
      await insertLink(tx, row)
      await recordAudit(tx, program.id, audit, {
        action: 'link.created',
        subject: { type: 'link', id: row.id },
        before: null,
        after: { partnerId: row.partner_id, code: row.code, destinationUrl: row.destination_url },
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Link code ${row.code} is taken`, 'code')
    throw err
  }
  return toLink(row, program.site_url)
}
