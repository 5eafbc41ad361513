// link_day_earnings in SQL: adding to a day (one upsert, prepared: every commission written runs it) and the
// days read back for the portal overview's series and a link's stats. Which rows count: earning-days.ts.
import { sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { LinkDayEarningsTable } from '../kernel/db/schema.ts'

const addEarned = prepare<LinkDayEarningsTable, never>((db, arg) =>
  db
    .insertInto('link_day_earnings')
    .values({ partner_id: arg('partner_id'), link_id: arg('link_id'), day: arg('day'), currency: arg('currency'), program_id: arg('program_id'), earned_minor: arg('earned_minor') })
    .onConflict((oc) => oc.columns(['partner_id', 'link_id', 'day', 'currency']).doUpdateSet({ earned_minor: sql<number>`link_day_earnings.earned_minor + excluded.earned_minor` })),
)

/** Adds `earned_minor` (negative to take away) to one partner, link, day and currency. */
export async function addEarnedDay(tx: Tx, row: LinkDayEarningsTable): Promise<void> {
  await addEarned.execute(tx, row)
}

/**
 * What the partner earned per UTC day and currency, `from` to `to` (`YYYY-MM-DD`, inclusive), through one
 * link when `linkId` is given: the overview's series, a link's stats. The sums of link_day_earnings
 * (earning-days.ts), which count what any balance counts: ~365 rows for a year, not every commission.
 */
export async function earnedByDay(db: Db, partnerId: string, from: string, to: string, linkId?: string): Promise<Array<{ day: string; currency: string; amountMinor: number }>> {
  const rows = await db
    .selectFrom('link_day_earnings')
    .select(['day', 'currency', (eb) => eb.fn.sum<number>('earned_minor').as('amountMinor')])
    .where('partner_id', '=', partnerId)
    .$if(linkId !== undefined, (q) => q.where('link_id', '=', linkId!))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'currency'])
    .execute()
  return rows.map((r) => ({ day: r.day, currency: r.currency, amountMinor: Number(r.amountMinor) }))
}
