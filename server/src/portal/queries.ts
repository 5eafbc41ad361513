// One partner's portal in SQL: daily facts, link stats, its link count and commissions. Clicks, leads and
// sales come from the daily rollups (stats/), never from raw clicks; earnings from the ledger's (its daily
// earnings for the series, its rows for the period's totals by status).
//
// Queries filter on partner_id alone: partner ids are unique across programs, and the portal's
// session already checked that the partner belongs to its program.
import type { Page, PortalCommission } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { type PageQuery, paginate } from '../kernel/db/page.ts'
import type { DailyFacts } from './overview-rules.ts'
import { earnedByDay, ledgerTotals, shownCommissions, toCommission } from '../ledger/index.ts'
import { linkTotals, partnerCountsByDay, partnerSalesByDay } from '../stats/index.ts'


/**
 * Clicks, leads, sales (the daily rollups) and earnings (the ledger's) per UTC day, `from` to `to`
 * (`YYYY-MM-DD`, inclusive), and the period's commissions by status now (the ledger's totals).
 */
export async function dailyFacts(db: Db, programId: string, partnerId: string, from: string, to: string): Promise<DailyFacts> {
  const [counts, sales, earned, earnings] = await Promise.all([
    partnerCountsByDay(db, partnerId, from, to),
    partnerSalesByDay(db, partnerId, from, to),
    earnedByDay(db, partnerId, from, to),
    ledgerTotals(db, { programId, partnerId, days: { from, to } }),
  ])
  const perDay = (key: 'clicks' | 'leads') => counts.filter((r) => Number(r[key]) !== 0).map((r) => ({ day: r.day, n: Number(r[key]) }))
  return {
    clicks: perDay('clicks'),
    leads: perDay('leads'),
    sales: sales.map((r) => ({ day: r.day, currency: r.currency, n: Number(r.n), amountMinor: Number(r.amountMinor) })),
    earned,
    earnings,
  }
}

/** Lifetime clicks, leads and sales of each of the partner's links, from the daily rollups. */
export async function linkStats(db: Db, partnerId: string, linkIds: string[]): Promise<Map<string, { clicks: number; leads: number; sales: number }>> {
  const stats = new Map(linkIds.map((id) => [id, { clicks: 0, leads: 0, sales: 0 }]))
  if (linkIds.length === 0) return stats
  for (const r of await linkTotals(db, partnerId, linkIds)) stats.set(r.link_id, { clicks: Number(r.clicks), leads: Number(r.leads), sales: Number(r.sales) })
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
