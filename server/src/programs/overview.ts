// The program at a glance (the console's overview): partners by status, activity over a window, and
// commissions by state. Each figure is one aggregate query; nothing is loaded row by row.
import type { PartnerStatus, ProgramOverview, ProgramOverviewQuery } from '@afflio/sdk/types'
import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { orderByCurrency } from '../ledger/index.ts'
import { ledgerTotals } from '../ledger/index.ts'
import type { ProgramRow } from './queries.ts'

const DAY_MS = 86_400_000
const STATUSES: PartnerStatus[] = ['active', 'approved', 'pending', 'suspended']

export async function getProgramOverview(db: Db, program: ProgramRow, query: ProgramOverviewQuery, now: Date): Promise<ProgramOverview> {
  const to = now.toISOString()
  const from = query.days === undefined ? null : new Date(now.getTime() - query.days * DAY_MS).toISOString()
  const pid = program.id
  const n = sql<number>`count(*)`.as('n')

  const [partners, joined, clicks, leads, sales, commissions, applications, deals] = await Promise.all([
    db.selectFrom('partners').select(['status', n]).where('program_id', '=', pid).groupBy('status').execute(),
    db.selectFrom('partners').select(n).where('program_id', '=', pid).$if(from !== null, (q) => q.where('created_at', '>=', from!)).executeTakeFirstOrThrow(),
    db.selectFrom('clicks').select(n).where('program_id', '=', pid).$if(from !== null, (q) => q.where('created_at', '>=', from!)).executeTakeFirstOrThrow(),
    db
      .selectFrom('customers')
      .select(n)
      .where('program_id', '=', pid)
      .where('partner_id', 'is not', null)
      .$if(from !== null, (q) => q.where('created_at', '>=', from!))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sales')
      .select([
        'currency',
        sql<number>`sum(case when refunded_minor < amount_minor then 1 else 0 end)`.as('sales'),
        sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`.as('revenue'),
      ])
      .where('program_id', '=', pid)
      .where('partner_id', 'is not', null)
      .$if(from !== null, (q) => q.where('occurred_at', '>=', from!))
      .groupBy('currency')
      .orderBy('currency')
      .execute(),
    ledgerTotals(db, { programId: pid }),
    db.selectFrom('applications').select(n).where('program_id', '=', pid).where('status', '=', 'pending').executeTakeFirstOrThrow(),
    db.selectFrom('deals').select(n).where('program_id', '=', pid).where('status', '=', 'pending').executeTakeFirstOrThrow(),
  ])

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<PartnerStatus, number>
  for (const r of partners) byStatus[r.status] = Number(r.n)
  return {
    from,
    to,
    currency: program.currency,
    partners: { total: STATUSES.reduce((sum, s) => sum + byStatus[s], 0), byStatus },
    newPartners: Number(joined.n),
    clicks: Number(clicks.n),
    leads: Number(leads.n),
    sales: sales.reduce((sum, r) => sum + Number(r.sales), 0),
    revenue: sales.map((r) => ({ currency: r.currency, amountMinor: Number(r.revenue) })),
    commissions: orderByCurrency(commissions, program.currency),
    waiting: { applications: Number(applications.n), deals: Number(deals.n) },
  }
}
