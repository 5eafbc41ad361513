// Aggregates for one partner's portal, computed in SQL. Day keys are `substr(created_at, 1, 10)`:
// timestamps are ISO text, so this groups by UTC day the same way on SQLite and Postgres. Filters
// and groups use that very expression: the (partner_id, day, …) indexes of the portal migration
// are on it, so each query reads one index range in order.
//
// Queries filter on partner_id alone: partner ids are unique across programs, and the portal's
// session already checked that the partner belongs to its program. That keeps each query on one
// covering (partner_id, day, …) index.
import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import type { DailyFacts } from './overview-rules.ts'
import { dailyEarnings } from '../ledger/index.ts'

const day = sql<string>`substr(created_at, 1, 10)`

/** Clicks, leads, sales and (from the ledger) commissions per UTC day, `from` to `to` (`YYYY-MM-DD`, inclusive). */
export async function dailyFacts(db: Db, partnerId: string, from: string, to: string): Promise<DailyFacts> {
  const [clicks, leads, sales, commissions] = await Promise.all([
    db
      .selectFrom('clicks')
      .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('partner_id', '=', partnerId)
      .where(day, '>=', from)
      .where(day, '<=', to)
      .groupBy(day)
      .execute(),
    db
      .selectFrom('customers')
      .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('partner_id', '=', partnerId)
      .where(day, '>=', from)
      .where(day, '<=', to)
      .groupBy(day)
      .execute(),
    db
      .selectFrom('sales')
      .select([day.as('day'), 'currency', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount_minor').as('amountMinor')])
      .where('partner_id', '=', partnerId)
      .where(day, '>=', from)
      .where(day, '<=', to)
      .groupBy([day, 'currency'])
      .execute(),
    dailyEarnings(db, partnerId, from, to),
  ])
  return {
    clicks: clicks.map((r) => ({ day: r.day, n: Number(r.n) })),
    leads: leads.map((r) => ({ day: r.day, n: Number(r.n) })),
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
  const [clicks, leads, sales] = await Promise.all([
    db.selectFrom('clicks').select(['link_id', (eb) => eb.fn.countAll<number>().as('n')]).where('link_id', 'in', linkIds).groupBy('link_id').execute(),
    db
      .selectFrom('customers')
      .innerJoin('clicks', 'clicks.id', 'customers.click_id')
      .select(['clicks.link_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('customers.partner_id', '=', partnerId)
      .where('clicks.link_id', 'in', linkIds)
      .groupBy('clicks.link_id')
      .execute(),
    db
      .selectFrom('sales')
      .innerJoin('clicks', 'clicks.id', 'sales.click_id')
      .select(['clicks.link_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sales.partner_id', '=', partnerId)
      .where('clicks.link_id', 'in', linkIds)
      .groupBy('clicks.link_id')
      .execute(),
  ])
  for (const r of clicks) stats.get(r.link_id)!.clicks = Number(r.n)
  for (const r of leads) stats.get(r.link_id)!.leads = Number(r.n)
  for (const r of sales) stats.get(r.link_id)!.sales = Number(r.n)
  return stats
}
