// Every statement on deals, and the one place a deal row becomes its API shapes.
import type { Deal, ListDealsQuery, Page, PortalDeal, PortalDealsQuery } from '@afflio/sdk/types'
import { type Selectable, sql, type Updateable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { type PageQuery, paginate } from '../kernel/db/page.ts'
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

/**
 * Registrations and decisions of one program take turns until the transaction ends: an advisory lock on
 * Postgres; SQLite has one writer already.
 */
export async function lockDeals(tx: Tx, programId: string): Promise<void> {
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtext('afflio:deals'), hashtext(${programId}))`.execute(tx)
}

export async function insertDeal(tx: Tx, row: DealRow): Promise<void> {
  await tx.insertInto('deals').values(row).execute()
}

/** A partner's own deals, newest first, of one status or all. */
export function partnerDealsPage(db: Db, programId: string, partnerId: string, q: PortalDealsQuery & PageQuery): Promise<Page<PortalDeal>> {
  let query = db.selectFrom('deals').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId)
  if (q.status) query = query.where('status', '=', q.status)
  return paginate(query, 'id', q, toPortalDeal)
}

/** The program's deals, newest first, by status and partner. */
export function dealsPage(db: Db, programId: string, q: ListDealsQuery & PageQuery): Promise<Page<Deal>> {
  let query = db.selectFrom('deals').selectAll().where('program_id', '=', programId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
  return paginate(query, 'id', q, toDeal)
}

/** Moves a deal on only from the status it was read in; undefined when it has moved since. */
export function moveDeal(tx: Tx, deal: DealRow, set: Updateable<DealTable>): Promise<DealRow | undefined> {
  return tx.updateTable('deals').set(set).where('id', '=', deal.id).where('status', '=', deal.status).returningAll().executeTakeFirst()
}

/** Links an approved deal to its sale as won; undefined when the deal is no longer approved. */
export function markApprovedDealWon(tx: Tx, programId: string, dealId: string, sale: { id: string; invoiceId: string }, at: string): Promise<DealRow | undefined> {
  return tx
    .updateTable('deals')
    .set({ status: 'won', sale_id: sale.id, invoice_id: sale.invoiceId, closed_at: at, updated_at: at })
    .where('program_id', '=', programId)
    .where('id', '=', dealId)
    .where('status', '=', 'approved')
    .returningAll()
    .executeTakeFirst()
}
