// A partner's clicks for reads outside stats (the partner list, segments, challenges, onboarding): counts from the daily
// rollups, first and last click from the raw clicks and the span of those the retention deleted, so that
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

/**
 * The partner's latest click, or null: the last entry of the raw clicks' (partner_id, day, created_at)
 * index (one seek), or the latest one the retention deleted when that is later (the clicks kept are then
 * only older ones a customer or sale came through).
 */
export const partnerLastClickAt = (eb: OnPartners) =>
  eb
    .selectFrom(
      eb
        .selectFrom('clicks')
        .select((c) => c.fn.max<string | null>('clicks.created_at').as('at'))
        .whereRef('clicks.partner_id', '=', 'partners.id')
        .unionAll(eb.selectFrom('pruned_click_spans').select('pruned_click_spans.last_at as at').whereRef('pruned_click_spans.partner_id', '=', 'partners.id'))
        .as('k'),
    )
    .select((c) => c.fn.max<string | null>('k.at').as('at'))

/** Whether the partner clicked at or after `since` (an ISO time): a raw click, or the last one the retention deleted. */
export const clickedSince = (eb: OnPartners, programId: string, since: string) =>
  eb.or([
    eb.exists(
      eb
        .selectFrom('clicks')
        .select(sql<number>`1`.as('one'))
        .whereRef('clicks.partner_id', '=', 'partners.id')
        .where('clicks.program_id', '=', programId)
        .where('clicks.created_at', '>=', since),
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

/** The partner's first click's time, or null: the earliest raw click, or the earliest the retention deleted. */
export async function partnerFirstClickAt(db: Db | Tx, programId: string, partnerId: string): Promise<string | null> {
  const row = await db
    .selectFrom(
      db
        .selectFrom('clicks')
        .select((c) => c.fn.min<string | null>('clicks.created_at').as('at'))
        .where('clicks.partner_id', '=', partnerId)
        .where('clicks.program_id', '=', programId)
        .unionAll(db.selectFrom('pruned_click_spans').select('pruned_click_spans.first_at as at').where('pruned_click_spans.partner_id', '=', partnerId).where('pruned_click_spans.program_id', '=', programId))
        .as('k'),
    )
    .select((c) => c.fn.min<string | null>('k.at').as('at'))
    .executeTakeFirst()
  return row?.at ?? null
}
