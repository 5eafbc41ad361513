// The retention job's SQL: programs and how long each keeps clicks; a batch of expired clicks, deleted.
import { sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { type ClickSpan, clickSpans } from './retention-rules.ts'

export function programRetentions(db: Db) {
  return db.selectFrom('programs').select(['id', 'click_retention_days']).orderBy('id').execute()
}

/**
 * Deletes up to `limit` of the program's clicks with ids from `after` (exclusive) to `before` (ids sort by
 * creation: kernel/ids.ts), except those a customer or sale was credited through: attribution's evidence.
 * Each partner's span of them is kept first (pruned_click_spans), so its first and last click stay known.
 * Returns how many it deleted and the last id it looked at, where the next batch starts.
 */
export async function deleteExpiredClicks(db: Db, programId: string, after: string, before: string, limit: number): Promise<{ deleted: number; last: string | null }> {
  return db.transaction().execute(async (tx) => {
    const batch = await tx
      .selectFrom('clicks')
      .select(['id', 'partner_id', 'created_at'])
      .where('program_id', '=', programId)
      .where('id', '>', after)
      .where('id', '<', before)
      .orderBy('id')
      .limit(limit)
      .execute()
    const last = batch.at(-1)?.id ?? null
    if (!last) return { deleted: 0, last }
    // Spans of the whole batch, evidence kept too: a click that stays moves no first or last click.
    for (const span of clickSpans(batch)) await widenSpan(tx, programId, span)
    const result = await tx
      .deleteFrom('clicks')
      .where('id', 'in', batch.map((r) => r.id))
      .where((eb) =>
        eb.and([
          eb.not(eb.exists(eb.selectFrom('customer_clicks').select('click_id').whereRef('customer_clicks.click_id', '=', 'clicks.id'))),
          eb.not(eb.exists(eb.selectFrom('customers').select('id').whereRef('customers.click_id', '=', 'clicks.id'))),
          eb.not(eb.exists(eb.selectFrom('sales').select('id').whereRef('sales.click_id', '=', 'clicks.id'))),
        ]),
      )
      .executeTakeFirst()
    return { deleted: Number(result.numDeletedRows), last }
  })
}

const earlier = sql<string>`case when excluded.first_at < pruned_click_spans.first_at then excluded.first_at else pruned_click_spans.first_at end`
const later = sql<string>`case when excluded.last_at > pruned_click_spans.last_at then excluded.last_at else pruned_click_spans.last_at end`

function widenSpan(tx: Tx, programId: string, span: ClickSpan) {
  return tx
    .insertInto('pruned_click_spans')
    .values({ partner_id: span.partnerId, program_id: programId, first_at: span.first, last_at: span.last })
    .onConflict((oc) => oc.column('partner_id').doUpdateSet({ first_at: earlier, last_at: later }))
    .execute()
}
