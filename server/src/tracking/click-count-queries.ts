// A partner's clicks as expressions correlated on `partners.id`. The partner list reads click figures only
// through these, so moving them to daily rollups changes this file alone.
import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../kernel/db/schema.ts'

type OnPartners = ExpressionBuilder<Database, 'partners'>

/** All-time clicks of the partner: one range of the (partner_id, created_at) index. */
export const partnerClickCount = (eb: OnPartners) =>
  eb.selectFrom('clicks').select((c) => c.fn.countAll<number>().as('n')).whereRef('clicks.partner_id', '=', 'partners.id')

/** The partner's latest click, or null: the last entry of that index range. */
export const partnerLastClickAt = (eb: OnPartners) =>
  eb.selectFrom('clicks').select((c) => c.fn.max<string | null>('clicks.created_at').as('at')).whereRef('clicks.partner_id', '=', 'partners.id')
