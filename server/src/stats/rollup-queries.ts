// The rollups' SQL: adding to a day (one upsert, prepared: the click path runs it per click) and reading
// days back for the portal, the console and a link's stats. Every read filters on partner_id first (the
// tables' keys start with it) or on program_id and day (their second index).
import { sql } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import { toColumns, unnestRows } from '../kernel/db/unnest.ts'
import type { ClickTable, LinkDayTable } from '../kernel/db/schema.ts'
import { SHARED } from './rollup-keys.ts'

/** A rollup row's key: the table's own columns. */
export type DayKey = Pick<LinkDayTable, 'partner_id' | 'link_id' | 'day' | 'sub_id' | 'ref_domain' | 'program_id'>

export interface DayCounts {
  clicks: number
  leads: number
  sales: number
}

export interface SaleMoney {
  sales: number
  amount_minor: number
  refunded_minor: number
  refunded_sales: number
}

const dayKey = ['partner_id', 'link_id', 'day', 'sub_id', 'ref_domain'] as const
const plus = (col: string) => sql<number>`${sql.ref(col)} + excluded.${sql.ref(col.split('.')[1]!)}`

/** The first and last click a row counts (null on a lead's or a sale's count). */
interface ClickTimes {
  first_click_at: string | null
  last_click_at: string | null
}

// A row keeps the earliest and the latest click it was given, whichever order batches commit in; a lead's
// or a sale's count (null) leaves them.
const widened = (col: 'first_click_at' | 'last_click_at', keep: '<=' | '>=') =>
  sql<string | null>`case when excluded.${sql.ref(col)} is null or (link_days.${sql.ref(col)} is not null and link_days.${sql.ref(col)} ${sql.raw(keep)} excluded.${sql.ref(col)}) then link_days.${sql.ref(col)} else excluded.${sql.ref(col)} end`
const clickTimesSet = { first_click_at: widened('first_click_at', '<='), last_click_at: widened('last_click_at', '>=') }

const addDay = prepare<DayKey & DayCounts & ClickTimes, never>((db, arg) =>
  db
    .insertInto('link_days')
    .values({
      partner_id: arg('partner_id'),
      link_id: arg('link_id'),
      day: arg('day'),
      sub_id: arg('sub_id'),
      ref_domain: arg('ref_domain'),
      program_id: arg('program_id'),
      clicks: arg('clicks'),
      leads: arg('leads'),
      sales: arg('sales'),
      first_click_at: arg('first_click_at'),
      last_click_at: arg('last_click_at'),
    })
    .onConflict((oc) => oc.columns(dayKey).doUpdateSet({ clicks: plus('link_days.clicks'), leads: plus('link_days.leads'), sales: plus('link_days.sales'), ...clickTimesSet })),
)

type MoneyKey = Omit<DayKey, 'sub_id' | 'ref_domain'> & { currency: string }

const addMoney = prepare<MoneyKey & SaleMoney, never>((db, arg) =>
  db
    .insertInto('link_day_sales')
    .values({
      partner_id: arg('partner_id'),
      link_id: arg('link_id'),
      day: arg('day'),
      currency: arg('currency'),
      program_id: arg('program_id'),
      sales: arg('sales'),
      amount_minor: arg('amount_minor'),
      refunded_minor: arg('refunded_minor'),
      refunded_sales: arg('refunded_sales'),
    })
    .onConflict((oc) =>
      oc.columns(['partner_id', 'link_id', 'day', 'currency']).doUpdateSet({
        sales: plus('link_day_sales.sales'),
        amount_minor: plus('link_day_sales.amount_minor'),
        refunded_minor: plus('link_day_sales.refunded_minor'),
        refunded_sales: plus('link_day_sales.refunded_sales'),
      }),
    ),
)

const noClicks: ClickTimes = { first_click_at: null, last_click_at: null }

/** Adds counts (negative to take away) to one day of one link, sub-id and referrer domain; `times`, the clicks' it adds. */
export async function addToDay(tx: Db | Tx, key: DayKey, counts: DayCounts, times: ClickTimes = noClicks): Promise<void> {
  await addDay.execute(tx, Object.assign({}, key, counts, times)) // not spreads: kernel/extended.ts says why
}

// Postgres: a batch of clicks' days in one upsert, one array a column (tracking/queries.ts says why).
const clickDayColumns = ['partner_id', 'link_id', 'day', 'sub_id', 'ref_domain', 'program_id', 'clicks', 'first_click_at', 'last_click_at'] as const
export type ClickDay = DayKey & { clicks: number; first_click_at: string; last_click_at: string }

const addClickDays = prepare<{ [K in keyof ClickDay]: Array<ClickDay[K]> }, never>((db, arg) =>
  db
    .insertInto('link_days')
    .columns(clickDayColumns)
    .expression(sql`select ${sql.join(clickDayColumns.map((c) => sql.ref(`d.${c}`)))} from ${unnestRows(arg, 'd', { ...Object.fromEntries(clickDayColumns.map((c) => [c, 'text'])), clicks: 'integer' })}`)
    .onConflict((oc) => oc.columns(dayKey).doUpdateSet({ clicks: plus('link_days.clicks'), ...clickTimesSet })),
)

/**
 * Adds clicks to many days at once: on Postgres in one upsert, on SQLite one a day (statements are not
 * round trips there). No key twice (an upsert may not touch a row twice), and in key order, so concurrent
 * batches take the rows' locks in one order.
 */
export async function addClicksToDays(tx: Tx, days: readonly ClickDay[]): Promise<void> {
  if (isPostgres(tx)) await addClickDays.execute(tx, toColumns(days, clickDayColumns))
  else for (const { clicks, first_click_at, last_click_at, ...key } of days) await addToDay(tx, key, { clicks, leads: 0, sales: 0 }, { first_click_at, last_click_at })
}

/** Adds a sale's money (or a refund's) to one day of one link, in one currency. */
export async function addSaleMoney(tx: Tx, key: MoneyKey, money: SaleMoney): Promise<void> {
  await addMoney.execute(tx, Object.assign({}, key, money))
}

const originOf = prepare<{ id: string }, Pick<ClickTable, 'link_id' | 'sub_id' | 'referrer'>>((db, arg) =>
  db.selectFrom('clicks').select(['link_id', 'sub_id', 'referrer']).where('id', '=', arg('id')),
)

/** What the rollups need of a click: its link, sub-id and referrer. */
export async function clickOrigin(tx: Tx, clickId: string) {
  return (await originOf.execute(tx, { id: clickId })).rows[0]
}

const sum = (col: 'clicks' | 'leads' | 'sales') => sql<number>`sum(${sql.ref(col)})`.as(col)

/** The partner's clicks, leads and sales (not refunded in full) per day, `from` to `to` (inclusive). */
export function partnerCountsByDay(db: Db, partnerId: string, from: string, to: string, linkId?: string) {
  return db
    .selectFrom('link_days')
    .select(['day', sum('clicks'), sum('leads'), sum('sales')])
    .where('partner_id', '=', partnerId)
    .$if(linkId !== undefined, (q) => q.where('link_id', '=', linkId!))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('day')
    .execute()
}

/**
 * The partner's sales and revenue per day and currency, as every surface names them: credited sales not
 * refunded in full, and their amount net of refunds (as programSales counts the program's).
 */
export function partnerSalesByDay(db: Db, partnerId: string, from: string, to: string, linkId?: string) {
  return db
    .selectFrom('link_day_sales')
    .select(['day', 'currency', sql<number>`sum(sales - refunded_sales)`.as('n'), sql<number>`sum(amount_minor - refunded_minor)`.as('amountMinor')])
    .where('partner_id', '=', partnerId)
    .$if(linkId !== undefined, (q) => q.where('link_id', '=', linkId!))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'currency'])
    .execute()
}

/** Lifetime clicks, leads and sales (not refunded in full) of the partner's links. */
export function linkTotals(db: Db, partnerId: string, linkIds: string[]) {
  return db
    .selectFrom('link_days')
    .select(['link_id', sum('clicks'), sum('leads'), sum('sales')])
    .where('partner_id', '=', partnerId)
    .where('link_id', 'in', linkIds)
    .groupBy('link_id')
    .execute()
}

/** One link's clicks, leads and sales by sub-id or by referrer domain, `from` to `to`. */
export function linkBreakdown(db: Db, partnerId: string, linkId: string, by: 'sub_id' | 'ref_domain', from: string, to: string) {
  return db
    .selectFrom('link_days')
    .select([sql.ref<string>(by).as('value'), sum('clicks'), sum('leads'), sum('sales')])
    .where('partner_id', '=', partnerId)
    .where('link_id', '=', linkId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(by)
    .execute()
}

/** The program's clicks and leads from day `from` (all time when null). */
export function programCounts(db: Db, programId: string, from: string | null) {
  return db
    .selectFrom('link_days')
    .select([sql<number>`coalesce(sum(clicks), 0)`.as('clicks'), sql<number>`coalesce(sum(leads), 0)`.as('leads')])
    .where('program_id', '=', programId)
    .$if(from !== null, (q) => q.where('day', '>=', from!))
    .executeTakeFirstOrThrow()
}

/**
 * The program's credited sales not refunded in full, and their net revenue, per currency, from day `from`.
 * A split sale counts once (not under its second partner's SHARED rows); its partners' parts sum to its revenue.
 * A currency whose every sale was taken out (marked fraud: rollups.ts uncountSale leaves rows of zeros) is absent.
 */
export function programSales(db: Db, programId: string, from: string | null) {
  return db
    .selectFrom('link_day_sales')
    .select([
      'currency',
      sql<number>`sum(case when link_id = ${SHARED} then 0 else sales - refunded_sales end)`.as('sales'),
      sql<number>`sum(amount_minor - refunded_minor)`.as('revenue'),
    ])
    .where('program_id', '=', programId)
    .$if(from !== null, (q) => q.where('day', '>=', from!))
    .groupBy('currency')
    .having(sql<number>`sum(sales)`, '>', 0)
    .orderBy('currency')
    .execute()
}

/** A link of the program, with its partner. */
export function findLinkOf(db: Db, programId: string, linkId: string) {
  return db.selectFrom('links').select(['id', 'partner_id']).where('program_id', '=', programId).where('id', '=', linkId).executeTakeFirst()
}
