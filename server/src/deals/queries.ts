// Plain queries for deals, and the one place a deal row becomes its API shapes.
import type { Deal, PortalDeal } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { DealTable } from '../kernel/db/schema.ts'
import { type DealKeys, dealDomains, type ExistingDeal } from './deal-rules.ts'

export type DealRow = Selectable<DealTable>

export function toDeal(r: DealRow): Deal {
  return {
    id: r.id,
    partnerId: r.partner_id,
    company: r.company,
    companyDomain: r.company_domain,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    estimatedValueMinor: r.estimated_value_minor === null ? null : Number(r.estimated_value_minor),
    currency: r.currency,
    notes: r.notes,
    status: r.status,
    duplicateOf: r.duplicate_of,
    duplicateField: r.duplicate_field,
    reason: r.reason,
    saleId: r.sale_id,
    invoiceId: r.invoice_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    decidedAt: r.decided_at,
    closedAt: r.closed_at,
  }
}

export function toPortalDeal(r: DealRow): PortalDeal {
  const { partnerId: _p, duplicateOf: _d, duplicateField: _f, ...rest } = toDeal(r)
  return rest
}

export async function findDeal(db: Db | Tx, programId: string, id: string): Promise<DealRow | undefined> {
  return db.selectFrom('deals').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

/** The program's open and won deals (any partner) sharing a key with `k`: the duplicate check's candidates. */
export async function dealsMatching(db: Db | Tx, programId: string, k: DealKeys): Promise<ExistingDeal[]> {
  const domains = dealDomains(k)
  const rows = await db
    .selectFrom('deals')
    .select(['id', 'partner_id', 'status', 'company_key', 'company_domain', 'contact_domain'])
    .where('program_id', '=', programId)
    .where('status', 'in', ['pending', 'approved', 'won'])
    .where((eb) =>
      eb.or([
        eb('company_key', '=', k.company),
        ...(domains.length ? [eb('company_domain', 'in', domains), eb('contact_domain', 'in', domains)] : []),
      ]),
    )
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, partnerId: r.partner_id, status: r.status, company: r.company_key, companyDomain: r.company_domain, contactDomain: r.contact_domain }))
}
