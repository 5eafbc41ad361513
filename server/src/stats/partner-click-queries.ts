// A partner's clicks for reads outside stats (the partner list, segments, challenges, onboarding), from the
// daily rollups and the span of clicks the retention deleted before the rollups kept click times, so that
// deleting old raw clicks changes no figure and no segment.
import { type ExpressionBuilder, sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'

type OnPartners = ExpressionBuilder<Database, 'partners'>

/**
 * All-time clicks of the partner, from the daily rollups: a range of link_days' primary key (a row per
 * link, day, sub-id and referrer), never the raw clicks, which the retention deletes (a count of those
 * would fall as they age out) and which grow with every visit.
 */
export const partnerClickCount = (eb: OnPartners) =>
  eb.selectFrom('link_days').select((c) => c.fn.coalesce(c.fn.sum<number>('link_days.clicks'), c.lit(0)).as('n')).whereRef('link_days.partner_id', '=', 'partners.id')

// A partner's first and last click come from the rollups' click times (migration 0071): its days in order
// by link_days_partner_day, skipping days with only leads or sales, then the day's rows. The raw clicks
// have no index by partner: that index's pages were most of what a click wrote.
type Side = { time: 'first_click_at' | 'last_click_at'; pruned: 'first_at' | 'last_at'; order: 'asc' | 'desc' }
const LAST: Side = { time: 'last_click_at', pruned: 'last_at', order: 'desc' }
const FIRST: Side = { time: 'first_click_at', pruned: 'first_at', order: 'asc' }

/**
 * The partner's first or last click, or null: the first or last click time of its first or last day with a
 * click, or the earliest or latest click the retention deleted before the rollups kept click times, when
 * that is earlier or later.
 */
function partnerClickAt(eb: OnPartners, side: Side) {
  const pick = (col: string) => sql<string | null>`${sql.raw(side.order === 'desc' ? 'max' : 'min')}(${sql.ref(col)})`
  return eb
    .selectFrom(
      eb
        .selectFrom('link_days as ld')
        .select(pick(`ld.${side.time}`).as('at'))
        .whereRef('ld.partner_id', '=', 'partners.id')
        .where('ld.day', '=', clickDay(eb, side))
        .unionAll(eb.selectFrom('pruned_click_spans').select(`pruned_click_spans.${side.pruned} as at`).whereRef('pruned_click_spans.partner_id', '=', 'partners.id'))
        .as('k'),
    )
    .select(pick('k.at').as('at'))
}

/** The partner's first or last day with a click: one step along link_days_partner_day, past days with none. */
function clickDay(eb: OnPartners, { time, order }: Side) {
  return eb.selectFrom('link_days as d').select('d.day').whereRef('d.partner_id', '=', 'partners.id').where(`d.${time}`, 'is not', null).orderBy('d.day', order).limit(1)
}

/** The partner's latest click, or null (partnerClickAt). */
export const partnerLastClickAt = (eb: OnPartners) => partnerClickAt(eb, LAST)

/** Whether the partner clicked at or after `since` (an ISO time): a click counted on its day or later, or the last one the retention deleted. */
export const clickedSince = (eb: OnPartners, programId: string, since: string) =>
  eb.or([
    eb.exists(
      eb
        .selectFrom('link_days')
        .select(sql<number>`1`.as('one'))
        .whereRef('link_days.partner_id', '=', 'partners.id')
        .where('link_days.program_id', '=', programId)
        .where('link_days.day', '>=', since.slice(0, 10))
        .where('link_days.last_click_at', '>=', since),
    ),
    eb.exists(eb.selectFrom('pruned_click_spans').select(sql<number>`1`.as('one')).whereRef('pruned_click_spans.partner_id', '=', 'partners.id').where('pruned_click_spans.last_at', '>=', since)),
  ])

/** UTC days [from, to) (`YYYY-MM-DD`; null: unbounded) */
export interface DayRange {
  from: string | null
  to: string | null
}

const clickSum = sql<number>`sum(link_days.clicks)`

/** The program's clicks on the days, by partner, from the rollups. */
function clicksOnDays(db: Db | Tx, programId: string, days: DayRange) {
  return db
    .selectFrom('link_days')
    .where('link_days.program_id', '=', programId)
    .$if(days.from !== null, (q) => q.where('link_days.day', '>=', days.from!))
    .$if(days.to !== null, (q) => q.where('link_days.day', '<', days.to!))
    .groupBy('link_days.partner_id')
}

/** The program's partners with at least `atLeast` clicks on the days, from the rollups: as a subquery of partner ids. */
export function partnersWithClicks(db: Db | Tx, programId: string, days: DayRange, atLeast: number) {
  return clicksOnDays(db, programId, days).select('link_days.partner_id').having(clickSum, '>=', atLeast)
}

/** Each partner's clicks on the days (those with any), from the rollups; `partnerId` narrows it to one. */
export function clicksByPartner(db: Db | Tx, programId: string, days: DayRange, partnerId?: string) {
  return clicksOnDays(db, programId, days)
    .$if(partnerId !== undefined, (q) => q.where('link_days.partner_id', '=', partnerId!))
    .select(['link_days.partner_id', clickSum.as('value')])
    .having(clickSum, '>', 0)
    .execute()
}

/** The partner's first click's time, or null (partnerClickAt). */
export async function partnerFirstClickAt(db: Db | Tx, programId: string, partnerId: string): Promise<string | null> {
  const row = await db
    .selectFrom('partners')
    .select((eb) => partnerClickAt(eb, FIRST).as('at'))
    .where('partners.id', '=', partnerId)
    .where('partners.program_id', '=', programId)
    .executeTakeFirst()
  return row?.at ?? null
}
