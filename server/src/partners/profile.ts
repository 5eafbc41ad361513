// A partner edits its own profile (the portal's PATCH /v1/portal/me): name, website, social profiles.
// One transaction: the row is read and written under it, and the program's audit log records the change
// with the partner as its actor.
import type { Partner, PartnerSocial, UpdatePortalProfileInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { notFound } from '../kernel/http/errors.ts'
import { findPartner, setProfileColumns, toPartner } from './queries.ts'

/** Fields left out keep their value; null clears the website or one network. */
export async function updateProfile(db: Db, programId: string, partnerId: string, input: UpdatePortalProfileInput, audit: AuditContext): Promise<Partner> {
  return db.transaction().execute(async (tx) => {
    const row = await findPartner(tx, programId, partnerId)
    if (!row) throw notFound('Partner')
    const before = toPartner(row)
    const social: PartnerSocial = { ...before.social }
    for (const [network, url] of Object.entries(input.social ?? {}) as Array<[keyof PartnerSocial, string | null | undefined]>) {
      if (url === null) delete social[network]
      else if (url !== undefined) social[network] = url
    }
    const after: Partner = { ...before, name: input.name ?? before.name, website: input.website === undefined ? before.website : input.website, social }
    await setProfileColumns(tx, partnerId, { name: after.name, website: after.website, social: Object.keys(social).length ? JSON.stringify(social) : null })
    const fields = (p: Partner) => ({ name: p.name, website: p.website, social: p.social })
    await recordAudit(tx, programId, audit, { action: 'partner.changed', subject: { type: 'partner', id: partnerId }, before: fields(before), after: fields(after) })
    return after
  })
}
