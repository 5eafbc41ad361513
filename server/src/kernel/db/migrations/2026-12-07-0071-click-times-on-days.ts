// Frozen: a partner's first and last click, "clicked since" and a claim's click evidence read the daily
// rollups instead of an index of the raw clicks by partner. That index (clicks_partner_time) was the one
// write of a click whose pages scatter over the partners: 25 of the 35 WAL pages a batch of 16 clicks wrote.
// link_days rows, which every click upserts already, now keep the first and last click they counted, and
// link_days_partner_day finds a partner's days (a new entry only for a link's first click of a day).
// Backfilled from the raw clicks still stored; the retention's pruned_click_spans keeps the rest.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('link_days').addColumn('first_click_at', 'text').execute()
  await db.schema.alterTable('link_days').addColumn('last_click_at', 'text').execute()
  await db.schema.createIndex('link_days_partner_day').on('link_days').columns(['partner_id', 'day']).execute()
  await backfill(db)
  await db.schema.dropIndex('clicks_partner_time').execute()
}

/** The first and last raw click of each row's key (exported for the test that compares it with live writes). */
export async function backfill(db: Kysely<any>): Promise<void> {
  const pos = isPostgres(db) ? 'strpos' : 'instr'
  // The referrer's domain as migration 0023 (and stats/rollup-keys.ts referrerDomain) computes it.
  const cut = (col: string, c: string) => `case when ${pos}(${col}, '${c}') > 0 then substr(${col}, 1, ${pos}(${col}, '${c}') - 1) else ${col} end`
  let from = `(select k.partner_id, k.link_id, substr(k.created_at, 1, 10) as day, coalesce(k.sub_id, '') as sub_id, k.created_at,
    case when ${pos}(coalesce(k.referrer, ''), '://') > 0 then substr(k.referrer, ${pos}(k.referrer, '://') + 3) else '' end as h0 from clicks k)`
  ;['/', '?', '#', ':'].forEach((c, i) => {
    from = `(select s${i}.*, ${cut(`s${i}.h${i}`, c)} as h${i + 1} from ${from} s${i})`
  })
  const domain = `substr(case when substr(lower(h4), 1, 4) = 'www.' then substr(lower(h4), 5) else lower(h4) end, 1, 100)`
  await sql
    .raw(
      `update link_days set first_click_at = t.first_at, last_click_at = t.last_at
       from (select partner_id, link_id, day, sub_id, ${domain} as ref_domain, min(created_at) as first_at, max(created_at) as last_at
             from ${from} d group by partner_id, link_id, day, sub_id, ${domain}) t
       where link_days.partner_id = t.partner_id and link_days.link_id = t.link_id and link_days.day = t.day
         and link_days.sub_id = t.sub_id and link_days.ref_domain = t.ref_domain`,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('clicks_partner_time').on('clicks').columns(['partner_id', 'created_at']).execute()
  await db.schema.dropIndex('link_days_partner_day').execute()
  await db.schema.alterTable('link_days').dropColumn('last_click_at').execute()
  await db.schema.alterTable('link_days').dropColumn('first_click_at').execute()
}
