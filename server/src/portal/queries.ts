// One partner's portal in SQL: daily facts, link stats, its link count and commissions. Day keys are
// `substr(created_at, 1, 10)`: timestamps are ISO text, so this groups by UTC day the same way on SQLite
// and Postgres. Filters and groups use that very expression: the (partner_id, day, …) indexes of the
// portal migration are on it, so each query reads one index range in order.
//
// Queries filter on partner_id alone: partner ids are unique across programs, and the portal's
// session already checked that the partner belongs to its program. That keeps each query on one
// covering (partner_id, day, …) index.
import type { Page, PortalCommission } from '@afflio/sdk/types'
import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { DailyFacts } from './overview-rules.ts'
import { dailyEarnings, shownCommissions, toCommission } from '../ledger/index.ts'

type PageQuery = { cursor?: string | undefined; limit: number }

const day = sql<string>`substr(created_at, 1, 10)`
const count = sql<number>`count(*)`

/** The partner's rows of a table created from `from` to `to` (`YYYY-MM-DD`, inclusive). */
const onDays = (db: Db, table: 'clicks' | 'customers' | 'sales', partnerId: string, from: string, to: string) =>
  db.selectFrom(table).where('partner_id', '=', partnerId).where(day, '>=', from).where(day, '<=', to)

/** Clicks, leads, sales and (from the ledger) commissions per UTC day, `from` to `to` (`YYYY-MM-DD`, inclusive). */
export async function dailyFacts(db: Db, partnerId: string, from: string, to: string): Promise<DailyFacts> {
  const perDay = (table: 'clicks' | 'customers') => onDays(db, table, partnerId, from, to).select([day.as('day'), count.as('n')]).groupBy(day).execute()
  const [clicks, leads, sales, commissions] = await Promise.all([
    perDay('clicks'),
    perDay('customers'),
    onDays(db, 'sales', partnerId, from, to)
      .select([day.as('day'), 'currency', count.as('n'), (eb) => eb.fn.sum<number>('amount_minor').as('amountMinor')])
      .groupBy([day, 'currency'])
      .execute(),
    dailyEarnings(db, partnerId, from, to),
  ])
  const counts = (rows: Array<{ day: string; n: number }>) => rows.map((r) => ({ day: r.day, n: Number(r.n) }))
  return {
    clicks: counts(clicks),
    leads: counts(leads),
    sales: sales.map((r) => ({ day: r.day, currency: r.currency, n: Number(r.n), amountMinor: Number(r.amountMinor) })),
    commissions,
  }
}

/**
 * Lifetime clicks, leads and sales of each of the partner's links (leads and sales through the click
 * they were credited for). Leads and sales start from the partner's rows: far fewer than its clicks.
 */
export async function linkStats(db: Db, partnerId: string, linkIds: string[]): Promise<Map<string, { clicks: number; leads: number; sales: number }>> {
  const stats = new Map(linkIds.map((id) => [id, { clicks: 0, leads: 0, sales: 0 }]))
  if (linkIds.length === 0) return stats
  const throughClick = (table: 'customers' | 'sales') =>
    db
      .selectFrom(table)
      .innerJoin('clicks', 'clicks.id', `${table}.click_id`)
      .select(['clicks.link_id', count.as('n')])
      .where(`${table}.partner_id`, '=', partnerId)
      .where('clicks.link_id', 'in', linkIds)
      .groupBy('clicks.link_id')
      .execute()
  const [clicks, leads, sales] = await Promise.all([
    db.selectFrom('clicks').select(['link_id', count.as('n')]).where('link_id', 'in', linkIds).groupBy('link_id').execute(),
    throughClick('customers'),
    throughClick('sales'),
  ])
  for (const r of clicks) stats.get(r.link_id)!.clicks = Number(r.n)
  for (const r of leads) stats.get(r.link_id)!.leads = Number(r.n)
  for (const r of sales) stats.get(r.link_id)!.sales = Number(r.n)
  return stats
}

export async function countPartnerLinks(db: Db, partnerId: string): Promise<number> {
  const row = await db.selectFrom('links').select((eb) => eb.fn.countAll<number>().as('n')).where('partner_id', '=', partnerId).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The partner's commissions, newest first, each with the sale it is for. */
export function partnerCommissionsPage(db: Db, programId: string, partnerId: string, page: PageQuery): Promise<Page<PortalCommission>> {
  const query = db
    .selectFrom(shownCommissions(db).as('commissions'))
    .leftJoin('sales', 'sales.id', 'commissions.sale_id')
    .selectAll('commissions')
    .select(['sales.invoice_id', 'sales.amount_minor as sale_amount_minor', 'sales.currency as sale_currency', 'sales.occurred_at'])
    .where('commissions.program_id', '=', programId)
    .where('commissions.partner_id', '=', partnerId)
  return paginate(query, 'commissions.id', page, (r): PortalCommission => ({
    ...toCommission(r),
    sale:
      r.invoice_id === null
        ? null
        : { invoiceId: r.invoice_id, amountMinor: Number(r.sale_amount_minor), currency: r.sale_currency!, occurredAt: r.occurred_at! },
  }))
}
