// The partner list with its performance columns, in any of their orders, a keyset page at a time. Each
// figure is a subquery correlated on the partner and served by a covering index (migration 0028): clicks
// through tracking's expressions, earnings through the ledger's, sales here. Sorting by a figure computes
// it for every partner the filters leave. The creation and name orders are columns of the partner: a page
// is first found in an index, (program_id, id) or (program_id, name key, id) (migration 0062), and the
// figures are then computed for that page's partners only.
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
  /** The program whose partners `query` selects */
  programId: string
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
export function matchingTerm(query: PartnersQuery, programId: string, term: string): PartnersQuery {
  const pattern = containsPattern(term)
  const like = (column: ReturnType<typeof sql.ref>) => sql<boolean>`${column} like ${pattern} escape '\\'`
  // The partners whose links match are found once, in one pass over the program's links: a lookup of each
  // partner's links, in the name order's walk, cost SQLite a random read per partner (50,000 partners: 200 ms
  // a page against 37 ms).
  return query.where((eb) =>
    eb.or([
      like(sql.ref('partners.name_key')),
      like(sql.ref('partners.email')),
      eb('partners.id', 'in', eb.selectFrom('links').select('links.partner_id').where('links.program_id', '=', programId).where(like(sql`lower(links.code)`))),
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

/**
 * The value of a sort that is the partner's own column, as written in SQL on `partners`; null for the sorts
 * by a figure. The name's is the expression migration 0062 indexes, written alike (or neither database
 * uses the index): the name's sort key, or the email without a name, in code-point order on both databases.
 */
function keyOf(db: Db, sort: PartnerSort) {
  if (sort === 'createdAt') return sql<string>`partners.id`
  if (sort === 'name') return sql<string>`coalesce(partners.name_sort_key, partners.email)${sql.raw(isPostgres(db) ? ' collate "C"' : '')}`
  return null
}

/** The partners of `query`, each with its figures in `currency` and its value in `sort` (`sort_value`). */
function withFigures(db: Db, query: PartnersQuery, sort: PartnerSort, currency: string) {
  const inner = query.selectAll('partners').select((eb) => [
    keyOf(db, 'name')!.as('sort_name'),
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
  const key = keyOf(db, sort)
  if (key) return (await programPartners(db, programId).where('partners.id', '=', partnerId).select(key.as('v')).executeTakeFirst())?.v
  const row = await withFigures(db, programPartners(db, programId).where('partners.id', '=', partnerId), sort, currency).rows.executeTakeFirst()
  return row?.sort_value
}

export async function partnersPerformancePage(db: Db, query: PartnersQuery, page: PerformancePage): Promise<Page<PartnerListItem>> {
  const key = keyOf(db, page.sort)
  const rows = key ? await keyedPage(db, query, page, key) : await figuresPage(db, query, page)
  const more = rows.length > page.limit
  const data = (more ? rows.slice(0, page.limit) : rows).map((r) => toListItem(r, page.currency))
  const last = rows[page.limit - 1]
  return { data, nextCursor: more && last ? cursorAfter(page.sort, page.order, cursorValue(page.sort, last.sort_value), last.id) : null }
}

type FiguresRow = Awaited<ReturnType<ReturnType<typeof withFigures>['rows']['execute']>>[number]

/** A page (and one more row) in the order of a figure: every partner of `query` with its figures, sorted. */
function figuresPage(db: Db, query: PartnersQuery, page: PerformancePage): Promise<FiguresRow[]> {
  const { sortValue, rows: all } = withFigures(db, query, page.sort, page.currency)
  const cmp = page.order === 'desc' ? sql.raw('<') : sql.raw('>')
  const after = page.after
  return all
    .$if(!!after, (q) => q.where(sql<boolean>`(${sortValue} ${cmp} ${after!.value} or (${sortValue} = ${after!.value} and p.id ${cmp} ${after!.id}))`))
    .orderBy(sql`${sortValue}`, page.order)
    .orderBy('p.id', page.order)
    .limit(page.limit + 1)
    .execute()
}

/**
 * A page (and one more row) in the order of a partner's column: the ids found through the index of that
 * order, from the cursor on (a row comparison, which both databases seek to), then the figures of those
 * partners alone, in the same order.
 */
async function keyedPage(db: Db, query: PartnersQuery, page: PerformancePage, key: NonNullable<ReturnType<typeof keyOf>>): Promise<FiguresRow[]> {
  const [cmp, from] = page.order === 'desc' ? [sql.raw('<'), sql.raw('<=')] : [sql.raw('>'), sql.raw('>=')]
  const after = page.after
  // The bound on the key alone is what SQLite seeks to (it walks a row comparison on an expression's index).
  const place = !after
    ? null
    : page.sort === 'createdAt'
      ? sql<boolean>`partners.id ${cmp} ${after.id}`
      : sql<boolean>`${key} ${from} ${after.value} and (${key}, partners.id) ${cmp} (${after.value}, ${after.id})`
  const ids = await query
    .select(['partners.id', key.as('sort_value')])
    .$if(!!place, (q) => q.where(place!))
    .orderBy(key, page.order)
    .$if(page.sort !== 'createdAt', (q) => q.orderBy('partners.id', page.order))
    .limit(page.limit + 1)
    .execute()
  if (!ids.length) return []
  const pagePartners = programPartners(db, page.programId).where('partners.id', 'in', ids.map((r) => r.id))
  const figures = await withFigures(db, pagePartners, page.sort, page.currency).rows.execute()
  const byId = new Map(figures.map((r) => [r.id, r]))
  // A partner read in the first statement is in the second (partners are not deleted); the value is the first's.
  return ids.flatMap((r) => {
    const row = byId.get(r.id)
    return row ? [{ ...row, sort_value: r.sort_value }] : []
  })
}

function toListItem(r: FiguresRow, currency: string): PartnerListItem {
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
}

/** The sort value as the cursor keeps it: figures come back from Postgres as text when they are bigints. */
const cursorValue = (sort: PartnerSort, v: string | number): SortValue =>
  sort === 'createdAt' || sort === 'name' || sort === 'lastActivity' ? String(v) : Number(v)
