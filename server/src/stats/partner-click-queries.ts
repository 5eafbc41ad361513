// A partner's clicks as expressions correlated on `partners.id`, for the partner list's figures and sorts.
import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../kernel/db/schema.ts'

type OnPartners = ExpressionBuilder<Database, 'partners'>

/**
 * All-time clicks of the partner, from the daily rollups: a range of link_days' primary key (a row per
 * link, day, sub-id and referrer), never the raw clicks, which the retention deletes (a count of those
 * would fall as they age out) and which grow with every visit.
 */
export const partnerClickCount = (eb: OnPartners) =>
  eb.selectFrom('link_days').select((c) => c.fn.coalesce(c.fn.sum<number>('link_days.clicks'), c.lit(0)).as('n')).whereRef('link_days.partner_id', '=', 'partners.id')

/** The partner's latest click, or null: the last entry of the raw clicks' (partner_id, created_at) index (one seek). */
export const partnerLastClickAt = (eb: OnPartners) =>
  eb.selectFrom('clicks').select((c) => c.fn.max<string | null>('clicks.created_at').as('at')).whereRef('clicks.partner_id', '=', 'partners.id')
