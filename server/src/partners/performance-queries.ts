// The partner list with its performance columns, in any of their orders, a keyset page at a time. Each
// figure is a subquery correlated on the partner and served by a covering index (migration 0028): clicks
// through tracking's expressions, earnings through the ledger's, sales here. Sorting by a figure computes
// it for every partner the filters leave; the creation order pages through (program_id, id) and computes
// figures for the page only.
import type { Page, PartnerListItem, PartnerSort } from '@afflio/sdk/types'
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely'
import { type Db, isPostgres } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'
import { type CreditedField, creditedSales, netRevenue, partnerEarned, type SalesQuery, unrefunded } from '../ledger/index.ts'
import { partnerClickCount, partnerLastClickAt } from '../stats/index.ts'
import { containsPattern } from '../kernel/text-keys.ts'
import { cursorAfter, type SortValue } from './partner-order.ts'
import { toPartner } from './queries.ts'

type OnPartners = ExpressionBuilder<Database, 'partners'>
export type PartnersQuery = SelectQueryBuilder<Database, 'partners', object>

export interface PerformancePage {
  sort: PartnerSort
  order: 'asc' | 'desc'
  /** Revenue and earnings count this currency */
  currency: string
  /** Where the page starts: read from the cursor (a value it left out already read again) */
  after: { value: SortValue; id: string } | null
  limit: number
}

/** All the program's partners, to filter and page. */
export const programPartners = (db: Db, programId: string): PartnersQuery => db.selectFrom('partners').where('partners.program_id', '=', programId)

/**
 * Name, email or any of its link codes contains the term, any case (kernel/text-keys.ts): the name by its
 * stored key; the email as stored, lower-cased by JavaScript on the way in (kernel/http/schemas.ts `email`);
 * link codes are ASCII (`linkCode`), which SQL's lower() folds alike on both databases.
 */
export function matchingTerm(query: PartnersQuery, term: string): PartnersQuery {
  const pattern = containsPattern(term)
  const like = (column: ReturnType<typeof sql.ref>) => sql<boolean>`${column} like ${pattern} escape '\\'`
  return query.where((eb) =>
    eb.or([
      like(sql.ref('partners.name_key')),
      like(sql.ref('partners.email')),
      eb.exists(eb.selectFrom('links').select(sql<number>`1`.as('one')).whereRef('links.partner_id', '=', 'partners.id').where(like(sql`lower(links.code)`))),
    ]),
  )
}

/** The partner's sales as it counts them (the ledger's creditedSales: a split sale is both partners'), narrowed. */
const salesOf = <F extends CreditedField>(db: Db, eb: OnPartners, fields: readonly F[], narrow: (q: SalesQuery) => SalesQuery = (q) => q) =>
  eb.selectFrom(creditedSales(db, fields, (q, partner) => narrow(q.where(partner, '=', sql.ref<string>('partners.id')))).as('s'))

/** The sort columns' SQL names in the derived table `p`. */
const SORT_COLUMN: Record<PartnerSort, string> = {
  createdAt: 'p.id',
  name: 'p.sort_name',
  clicks: 'p.clicks',
  sales: 'p.sales',
  revenue: 'p.revenue',
  earnings: 'p.earnings',
  lastActivity: 'p.last_activity',
}

/** The partners of `query`, each with its figures in `currency` and its value in `sort` (`sort_value`). */
function withFigures(db: Db, query: PartnersQuery, sort: PartnerSort, currency: string) {
  const inner = query.selectAll('partners').select((eb) => [
    // By the name's sort key, or the email without a name; in code-point order on both databases.
    sql<string>`coalesce(partners.name_sort_key, partners.email)${sql.raw(isPostgres(db) ? ' collate "C"' : '')}`.as('sort_name'),
    partnerClickCount(eb).as('clicks'),
    partnerLastClickAt(eb).as('last_click_at'),
    salesOf(db, eb, [], unrefunded)
      .select((s) => s.fn.countAll<number>().as('n'))
      .as('sales'),
    salesOf(db, eb, ['amount_minor', 'refunded_minor'], (q) => q.where('sales.currency', '=', currency))
      .select(netRevenue.as('n'))
      .as('revenue'),
    salesOf(db, eb, ['occurred_at'])
      .select((s) => s.fn.max<string | null>('s.occurred_at').as('at'))
      .as('last_sale_at'),
    partnerEarned(currency)(eb).as('earnings'),
  ])
  const sortValue = sortValueSql(db, sort)
  return { sortValue, rows: db.selectFrom(inner.as('p')).selectAll('p').select(sql<string | number>`${sortValue}`.as('sort_value')) }
}

function sortValueSql(db: Db, sort: PartnerSort) {
  const latest = isPostgres(db) ? 'greatest' : 'max' // of two values; both NULL-free below, so they agree
  return sort === 'lastActivity' ? sql`${sql.raw(latest)}(coalesce(p.last_click_at, ''), coalesce(p.last_sale_at, ''))` : sql`${sql.ref(SORT_COLUMN[sort])}`
}

/**
 * The partner's value in `sort` now, as the database has it, for a cursor that names the partner alone
 * (partner-order.ts); undefined when the program has no such partner. Read whatever the list's filters,
 * so a partner that left them since still marks the place.
 */
export async function sortValueOf(db: Db, programId: string, partnerId: string, sort: PartnerSort, currency: string): Promise<SortValue | undefined> {
  const row = await withFigures(db, programPartners(db, programId).where('partners.id', '=', partnerId), sort, currency).rows.executeTakeFirst()
  return row?.sort_value
}

export async function partnersPerformancePage(db: Db, query: PartnersQuery, page: PerformancePage): Promise<Page<PartnerListItem>> {
  const { currency } = page
  const { sortValue, rows: all } = withFigures(db, query, page.sort, currency)
  const cmp = page.order === 'desc' ? sql.raw('<') : sql.raw('>')
  let outer = all
  const after = page.after
  if (after) outer = outer.where(sql<boolean>`(${sortValue} ${cmp} ${after.value} or (${sortValue} = ${after.value} and p.id ${cmp} ${after.id}))`)
  const rows = await outer
    .orderBy(sql`${sortValue}`, page.order)
    .orderBy('p.id', page.order)
    .limit(page.limit + 1)
    .execute()
  const more = rows.length > page.limit
  const data = (more ? rows.slice(0, page.limit) : rows).map((r): PartnerListItem => {
    const lastActivity = [r.last_click_at, r.last_sale_at].filter((x): x is string => !!x).sort().pop() ?? null
    return {
      ...toPartner(r),
      performance: {
        clicks: Number(r.clicks),
        sales: Number(r.sales),
        revenue: { amountMinor: Number(r.revenue), currency },
        earnings: { amountMinor: Number(r.earnings), currency },
        lastActivityAt: lastActivity,
      },
    }
  })
  const last = rows[page.limit - 1]
  return { data, nextCursor: more && last ? cursorAfter(page.sort, page.order, cursorValue(page.sort, last.sort_value), last.id) : null }
}

/** The sort value as the cursor keeps it: figures come back from Postgres as text when they are bigints. */
const cursorValue = (sort: PartnerSort, v: string | number): SortValue =>
  sort === 'createdAt' || sort === 'name' || sort === 'lastActivity' ? String(v) : Number(v)
