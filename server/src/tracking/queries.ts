// Tracking's SQL: links looked up by code, clicks, and customers tied to their clicks.
// The click functions sit on the hot path: each is one statement, returned unawaited to the caller.
import { type Insertable, type Selectable, sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { ClickTable, CustomerTable } from '../kernel/db/schema.ts'
import type { CandidateClick } from './attribution.ts'

export type NewClick = Insertable<ClickTable>
export type CustomerRow = Selectable<CustomerTable>

/** A link of the program by its code, with its partner's status. */
export function findLinkByCode(db: Db, programId: string, code: string) {
  return db
    .selectFrom('links')
    .innerJoin('partners', 'partners.id', 'links.partner_id')
    .select(['links.id', 'links.partner_id', 'partners.status'])
    .where('links.program_id', '=', programId)
    .where('links.code', '=', code)
    .executeTakeFirst()
}

function recentClicks(q: Db | Tx, linkId: string, visitorHash: string, since: string) {
  return q.selectFrom('clicks').select('id').where('link_id', '=', linkId).where('visitor_hash', '=', visitorHash).where('created_at', '>=', since)
}

/**
 * Inserts the click unless the same visitor clicked the same link since `since`: one insert-if-absent
 * statement. One row inserted, or none when it is a repeat.
 */
export function insertClickUnlessRecent(q: Db | Tx, click: NewClick, since: string) {
  const columns = Object.keys(click) as (keyof NewClick)[]
  return q
    .insertInto('clicks')
    .columns(columns)
    .expression(q.selectNoFrom(columns.map((c) => sql.val(click[c]).as(c))).where((eb) => eb.not(eb.exists(recentClicks(q, click.link_id, click.visitor_hash, since)))))
    .executeTakeFirst()
}

/** The visitor's latest click on the link since `since`: the one a repeat answers with. */
export function latestRecentClick(q: Db | Tx, linkId: string, visitorHash: string, since: string) {
  return recentClicks(q, linkId, visitorHash, since).orderBy('created_at', 'desc').executeTakeFirst()
}

export function findClick(tx: Tx, programId: string, clickId: string) {
  return tx.selectFrom('clicks').select(['id', 'partner_id', 'created_at']).where('program_id', '=', programId).where('id', '=', clickId).executeTakeFirst()
}

export function findCustomerByExternalId(tx: Tx, programId: string, externalId: string): Promise<CustomerRow | undefined> {
  return tx.selectFrom('customers').selectAll().where('program_id', '=', programId).where('external_id', '=', externalId).executeTakeFirst()
}

export async function insertCustomer(tx: Tx, customer: CustomerRow): Promise<void> {
  await tx.insertInto('customers').values(customer).execute()
}

export async function updateCustomerContact(tx: Tx, customerId: string, contact: { email: string | null; name: string | null }): Promise<void> {
  await tx.updateTable('customers').set({ email: contact.email, name: contact.name }).where('id', '=', customerId).execute()
}

/** The click (and its partner) a customer's sales are credited to. */
export async function setCustomerAttribution(tx: Tx, customerId: string, clickId: string, partnerId: string): Promise<void> {
  await tx.updateTable('customers').set({ click_id: clickId, partner_id: partnerId }).where('id', '=', customerId).execute()
}

/** Ties a click to a customer; tying it again does nothing. */
export async function addCustomerClick(tx: Tx, programId: string, customerId: string, click: { id: string; created_at: string }): Promise<void> {
  await tx
    .insertInto('customer_clicks')
    .values({ customer_id: customerId, click_id: click.id, program_id: programId, created_at: click.created_at })
    .onConflict((oc) => oc.columns(['customer_id', 'click_id']).doNothing())
    .execute()
}

/** Every click tied to the customer, as attribution weighs them. */
export async function customerClicks(tx: Tx, customerId: string): Promise<CandidateClick[]> {
  const rows = await tx
    .selectFrom('customer_clicks')
    .innerJoin('clicks', 'clicks.id', 'customer_clicks.click_id')
    .select(['clicks.id', 'clicks.partner_id', 'clicks.created_at'])
    .where('customer_clicks.customer_id', '=', customerId)
    .execute()
  return rows.map((r) => ({ id: r.id, partnerId: r.partner_id, createdAt: r.created_at }))
}

/** Whether the customer has earned its partner a lead commission already. */
export async function hasLeadCommission(tx: Tx, customerId: string): Promise<boolean> {
  const paid = await tx.selectFrom('commissions').select('id').where('customer_id', '=', customerId).where('kind', '=', 'lead').executeTakeFirst()
  return paid !== undefined
}
