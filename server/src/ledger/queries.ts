// The ledger's figures: every balance and total any surface shows (API, portal, console, emails, exports)
// is read here, as sums of commission records by status. Nothing keeps a second copy of a balance.
import type { Commission, CommissionStatus, LedgerTotals, ListCommissionsQuery, Page, PartnerBalance } from '@afflio/sdk/types'
import { type ExpressionBuilder, sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'
import { paginate } from '../kernel/db/page.ts'
import { toCommission } from './conversions.ts'
import { COUNTED, foldTotals } from './totals.ts'

export interface TotalsScope {
  programId: string
  partnerId?: string | undefined
  /** Only commissions created at or after this instant (ISO) */
  createdFrom?: string | null | undefined
}

async function sums(db: Db | Tx, scope: TotalsScope, perPartner: boolean) {
  const rows = await db
    .selectFrom('commissions')
    .select(['currency', 'status', sql<number>`sum(amount_minor)`.as('amount')])
    .$if(perPartner, (q) => q.select('partner_id'))
    .where('program_id', '=', scope.programId)
    .where('status', 'in', COUNTED)
    .$if(scope.partnerId !== undefined, (q) => q.where('partner_id', '=', scope.partnerId!))
    .$if(!!scope.createdFrom, (q) => q.where('created_at', '>=', scope.createdFrom!))
    .groupBy(perPartner ? ['partner_id', 'currency', 'status'] : ['currency', 'status'])
    .execute()
  return rows.map((r) => ({ key: 'partner_id' in r ? (r.partner_id as string) : '', currency: r.currency, status: r.status as CommissionStatus, amountMinor: Number(r.amount) }))
}

/** The program's (or one partner's) totals per currency. */
export async function ledgerTotals(db: Db | Tx, scope: TotalsScope): Promise<LedgerTotals[]> {
  return foldTotals(await sums(db, scope, false)).get('') ?? []
}

/** Each partner's totals per currency, ordered by partner then currency. */
export async function partnerBalances(db: Db | Tx, scope: TotalsScope): Promise<PartnerBalance[]> {
  const byPartner = foldTotals(await sums(db, scope, true))
  return [...byPartner.keys()].sort().flatMap((partnerId) => byPartner.get(partnerId)!.map((t) => ({ partnerId, ...t })))
}

/**
 * What a partner has earned in `currency`: its commissions that count towards any balance, as an
 * expression correlated on `partners.id` (the partner list's earnings column and its order).
 */
export const partnerEarned = (currency: string) => (eb: ExpressionBuilder<Database, 'partners'>) =>
  eb
    .selectFrom('commissions')
    .select(sql<number>`coalesce(sum(commissions.amount_minor), 0)`.as('n'))
    .whereRef('commissions.partner_id', '=', 'partners.id')
    .where('commissions.currency', '=', currency)
    .where('commissions.status', 'in', COUNTED)

/** One partner's commissions per UTC day, currency and status, `from` to `to` (`YYYY-MM-DD`, inclusive): the overview's series. */
export function dailyEarnings(db: Db, partnerId: string, from: string, to: string) {
  return earningsByDay(db, 'partner_id', partnerId, from, to)
}

/** The commissions earned through one link, per UTC day, currency and status: a link's stats. */
export function linkDailyEarnings(db: Db, linkId: string, from: string, to: string) {
  return earningsByDay(db, 'link_id', linkId, from, to)
}

async function earningsByDay(db: Db, by: 'partner_id' | 'link_id', id: string, from: string, to: string) {
  // The expression of the (partner_id | link_id, day, …) indexes, so the read is one index range.
  const day = sql<string>`substr(created_at, 1, 10)`
  const rows = await db
    .selectFrom('commissions')
    .select([day.as('day'), 'currency', 'status', (eb) => eb.fn.sum<number>('amount_minor').as('amountMinor')])
    .where(by, '=', id)
    .where(day, '>=', from)
    .where(day, '<=', to)
    .where('status', 'in', COUNTED)
    .groupBy([day, 'status', 'currency'])
    .execute()
  return rows.map((r) => ({ day: r.day, currency: r.currency, status: r.status as CommissionStatus, amountMinor: Number(r.amountMinor) }))
}

/** The program's commission records, filtered by partner and status, a cursor page. */
export function listCommissions(db: Db, programId: string, q: ListCommissionsQuery & { limit: number }): Promise<Page<Commission>> {
  return paginate(
    db
      .selectFrom('commissions')
      .selectAll()
      .where('program_id', '=', programId)
      .$if(!!q.partnerId, (b) => b.where('partner_id', '=', q.partnerId!))
      .$if(!!q.status, (b) => b.where('status', '=', q.status!))
      .$if(q.flagged !== undefined, (b) => b.where('fraud_data', q.flagged ? 'is not' : 'is', null)),
    'id',
    q,
    toCommission,
  )
}
