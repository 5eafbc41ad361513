// Every statement on claims and the evidence a claim is read with, and the one place a claim row becomes
// its API shapes.
import type { Claim, ClaimEvidence, ListClaimsQuery, Page, PortalClaim, PortalClaimsQuery } from '@afflio/sdk/types'
import type { Selectable, Updateable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { type PageQuery, paginate } from '../kernel/db/page.ts'
import { idFloor } from '../kernel/ids.ts'
import type { ClaimTable } from '../kernel/db/schema.ts'

export type ClaimRow = Selectable<ClaimTable>

export function toClaim(r: ClaimRow): Claim {
  return {
    id: r.id,
    partnerId: r.partner_id,
    invoiceId: r.invoice_id,
    occurredAt: r.occurred_at,
    amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
    currency: r.currency,
    customerEmail: r.customer_email,
    note: r.note,
    status: r.status,
    reason: r.reason,
    commissionId: r.commission_id,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  }
}

export function toPortalClaim(r: ClaimRow): PortalClaim {
  const { partnerId: _, ...rest } = toClaim(r)
  return rest
}

export async function insertClaim(tx: Db | Tx, row: ClaimRow): Promise<void> {
  await tx.insertInto('claims').values(row).execute()
}

export function findClaim(db: Db | Tx, programId: string, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom('claims').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

/** The claim, locked until the transaction ends (Postgres; SQLite has one writer): its decisions take turns. */
export function lockClaim(tx: Tx, programId: string, id: string): Promise<ClaimRow | undefined> {
  const q = tx.selectFrom('claims').selectAll().where('program_id', '=', programId).where('id', '=', id)
  return (isPostgres(tx) ? q.forUpdate() : q).executeTakeFirst()
}

export function moveClaim(tx: Tx, id: string, set: Updateable<ClaimTable>): Promise<ClaimRow> {
  return tx.updateTable('claims').set(set).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirstOrThrow()
}

export function claimsPage(db: Db, programId: string, q: ListClaimsQuery & PageQuery): Promise<Page<Claim>> {
  let query = db.selectFrom('claims').selectAll().where('program_id', '=', programId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
  return paginate(query, 'id', q, toClaim)
}

export function partnerClaimsPage(db: Db, programId: string, partnerId: string, q: PortalClaimsQuery & PageQuery): Promise<Page<PortalClaim>> {
  let query = db.selectFrom('claims').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId)
  if (q.status) query = query.where('status', '=', q.status)
  return paginate(query, 'id', q, toPortalClaim)
}

const EVIDENCE_CLICKS = 50

/**
 * The partner's clicks in [from, to], newest first (at most 50). The raw clicks have no index by partner
 * (migration 0071): the partner's days with a click come from the rollups, with their first and last
 * click, and each such day's clicks are read by id (ids sort by time) between those two, newest day first.
 */
export async function partnerClicksBetween(db: Db, programId: string, partnerId: string, from: string, to: string): Promise<ClaimEvidence['clicks']> {
  const days = await db
    .selectFrom('link_days')
    .select(['day', (eb) => eb.fn.min<string>('first_click_at').as('first_at'), (eb) => eb.fn.max<string>('last_click_at').as('last_at')])
    .where('partner_id', '=', partnerId)
    .where('program_id', '=', programId)
    .where('day', '>=', from.slice(0, 10))
    .where('day', '<=', to.slice(0, 10))
    .where('last_click_at', 'is not', null)
    .groupBy('day')
    .orderBy('day', 'desc')
    .execute()
  const clicks: ClaimEvidence['clicks'] = []
  for (const day of days) {
    const lo = day.first_at > from ? day.first_at : from
    const hi = day.last_at < to ? day.last_at : to
    if (lo > hi) continue
    const rows = await db
      .selectFrom('clicks')
      .select(['id', 'link_id', 'created_at', 'sub_id'])
      .where('id', '>=', idFloor('clk', Date.parse(lo)))
      .where('id', '<', idFloor('clk', Date.parse(hi) + 1))
      .where('program_id', '=', programId)
      .where('partner_id', '=', partnerId)
      .where('created_at', '>=', lo)
      .where('created_at', '<=', hi)
      .orderBy('id', 'desc')
      .limit(EVIDENCE_CLICKS - clicks.length)
      .execute()
    for (const r of rows) clicks.push({ id: r.id, linkId: r.link_id, createdAt: r.created_at, subId: r.sub_id })
    if (clicks.length === EVIDENCE_CLICKS) break
  }
  return clicks
}

/** The program's customers (leads) with this email, compared case-insensitively (customers_email), newest first. */
export async function customersByEmail(db: Db, programId: string, email: string): Promise<ClaimEvidence['customers']> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'external_id', 'email', 'partner_id', 'click_id', 'created_at'])
    .where('program_id', '=', programId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute()
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, email: r.email, partnerId: r.partner_id, clickId: r.click_id, createdAt: r.created_at }))
}
