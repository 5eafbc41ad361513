// The program at a glance (the console's overview): partners by status, activity over a window, and
// commissions by state. Each figure is one aggregate query; nothing is loaded row by row.
import type { PartnerStatus, ProgramOverview, ProgramOverviewQuery } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { lastDays } from '../kernel/days.ts'
import { ledgerTotals, orderByCurrency } from '../ledger/index.ts'
import { programCounts, programSales } from '../stats/index.ts'
import { partnersByStatus, partnersJoined, pendingApplications, pendingClaims, pendingDeals, pendingSubmissions } from './overview-queries.ts'
import type { ProgramRow } from './queries.ts'

const STATUSES: PartnerStatus[] = ['active', 'approved', 'pending', 'suspended']

export async function getProgramOverview(db: Db, program: ProgramRow, query: ProgramOverviewQuery, now: Date): Promise<ProgramOverview> {
  const to = now.toISOString()
  // The last `days` whole UTC days, today included, as a partner's overview counts them: clicks, leads and
  // sales come from daily rollups, so the window starts at its first day's midnight, new partners too.
  const fromDay = query.days === undefined ? null : lastDays(to.slice(0, 10), query.days).from
  const from = fromDay === null ? null : `${fromDay}T00:00:00.000Z`
  const pid = program.id

  const [partners, joined, counts, sales, commissions, applications, deals, claims, submissions] = await Promise.all([
    partnersByStatus(db, pid),
    partnersJoined(db, pid, from),
    programCounts(db, pid, fromDay),
    programSales(db, pid, fromDay),
    ledgerTotals(db, { programId: pid }),
    pendingApplications(db, pid),
    pendingDeals(db, pid),
    pendingClaims(db, pid),
    pendingSubmissions(db, pid),
  ])

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<PartnerStatus, number>
  for (const r of partners) byStatus[r.status] = Number(r.n)
  return {
    from,
    to,
    currency: program.currency,
    partners: { total: STATUSES.reduce((sum, s) => sum + byStatus[s], 0), byStatus },
    newPartners: Number(joined.n),
    clicks: Number(counts.clicks),
    leads: Number(counts.leads),
    sales: sales.reduce((sum, r) => sum + Number(r.sales), 0),
    revenue: sales.map((r) => ({ currency: r.currency, amountMinor: Number(r.revenue) })),
    commissions: orderByCurrency(commissions, program.currency),
    waiting: { applications: Number(applications.n), deals: Number(deals.n), claims: Number(claims.n), submissions: Number(submissions.n) },
  }
}
