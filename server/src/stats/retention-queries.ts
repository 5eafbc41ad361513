// The retention job's SQL: programs and how long each keeps clicks; a batch of expired clicks, deleted.
import type { Db } from '../kernel/db/connect.ts'

export function programRetentions(db: Db) {
  return db.selectFrom('programs').select(['id', 'click_retention_days']).orderBy('id').execute()
}

/**
 * Deletes up to `limit` of the program's clicks with ids from `after` (exclusive) to `before` (ids sort by
 * creation: kernel/ids.ts), except those a customer or sale was credited through: attribution's evidence.
 * Returns how many it deleted and the last id it looked at, where the next batch starts.
 */
export async function deleteExpiredClicks(db: Db, programId: string, after: string, before: string, limit: number): Promise<{ deleted: number; last: string | null }> {
  return db.transaction().execute(async (tx) => {
    const batch = await tx
      .selectFrom('clicks')
      .select('id')
      .where('program_id', '=', programId)
      .where('id', '>', after)
      .where('id', '<', before)
      .orderBy('id')
      .limit(limit)
      .execute()
    const last = batch.at(-1)?.id ?? null
    if (!last) return { deleted: 0, last }
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
