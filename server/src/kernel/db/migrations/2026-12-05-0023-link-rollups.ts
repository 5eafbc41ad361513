// Frozen: daily per-link rollups, so portal and console reads never aggregate raw clicks, and a retention
// period for raw clicks (the rollups keep the history). Takes Kysely<any> and imports no app code.
//
// link_days: clicks, credited leads and credited sales per partner, link, UTC day, sub-id and referrer
// domain ('' for none; link_id '' for a sale credited without a link, as a won deal). link_day_sales: the
// same sales' money per currency. Both are backfilled here from the rows already stored, by the same rules
// the live writes follow (stats/rollup-keys.ts: the referrer's domain, the day of created_at).
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('link_days')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sub_id', 'text', (c) => c.notNull())
    .addColumn('ref_domain', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('leads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sales', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('link_days_pk', ['partner_id', 'link_id', 'day', 'sub_id', 'ref_domain'])
    .execute()
  // The console's window over the whole program; the counts ride along for an index-only read.
  await db.schema.createIndex('link_days_program_day').on('link_days').columns(['program_id', 'day', 'clicks', 'leads', 'sales']).execute()

  await db.schema
    .createTable('link_day_sales')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('sales', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    /** sales refunded in full */
    .addColumn('refunded_sales', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('link_day_sales_pk', ['partner_id', 'link_id', 'day', 'currency'])
    .execute()
  await db.schema.createIndex('link_day_sales_program_day').on('link_day_sales').columns(['program_id', 'day']).execute()

  // Commissions name the link they were earned through (null for overrides and bonuses), so a link's
  // earnings come from the ledger's own rows, by the same status rules as every balance.
  await db.schema.alterTable('commissions').addColumn('link_id', 'text').execute()
  await db.schema
    .createIndex('commissions_link_day')
    .on('commissions')
    .expression(sql.raw('link_id, substr(created_at, 1, 10), status, currency, amount_minor, created_at'))
    .execute()

  // Retention: raw clicks older than this are deleted, unless a customer or sale was credited through
  // them; these indexes let the deleting job check that per click.
  await db.schema.alterTable('programs').addColumn('click_retention_days', 'integer', (c) => c.notNull().defaultTo(400)).execute()
  await db.schema.createIndex('customer_clicks_click').on('customer_clicks').column('click_id').execute()
  await db.schema.createIndex('customers_click').on('customers').column('click_id').execute()
  await db.schema.createIndex('sales_click').on('sales').column('click_id').execute()

  await backfill(db)
}

/** Fills the rollups and commissions.link_id from the stored rows (exported for the test that compares it with live writes). */
export async function backfill(db: Kysely<any>): Promise<void> {
  const pos = isPostgres(db) ? 'strpos' : 'instr'
  // The referrer's domain, as stats/rollup-keys.ts referrerDomain: after '://', cut at '/', '?', '#', ':',
  // lower case, without 'www.', at most 100 characters. One step per nested select keeps the SQL linear.
  const cut = (col: string, c: string) => `case when ${pos}(${col}, '${c}') > 0 then substr(${col}, 1, ${pos}(${col}, '${c}') - 1) else ${col} end`
  const facts = `
    select k.partner_id, k.link_id, substr(k.created_at, 1, 10) as day, k.sub_id, k.referrer, k.program_id, 1 as clicks, 0 as leads, 0 as sales from clicks k
    union all
    select c.partner_id, coalesce(k.link_id, ''), substr(c.created_at, 1, 10), k.sub_id, k.referrer, c.program_id, 0, 1, 0
      from customers c left join clicks k on k.id = c.click_id where c.partner_id is not null
    union all
    select s.partner_id, coalesce(k.link_id, ''), substr(s.created_at, 1, 10), k.sub_id, k.referrer, s.program_id, 0, 0, 1
      from sales s left join clicks k on k.id = s.click_id where s.partner_id is not null`
  let from = `(select f.*, case when ${pos}(coalesce(f.referrer, ''), '://') > 0 then substr(f.referrer, ${pos}(f.referrer, '://') + 3) else '' end as h0 from (${facts}) f)`
  ;['/', '?', '#', ':'].forEach((c, i) => {
    from = `(select s${i}.*, ${cut(`s${i}.h${i}`, c)} as h${i + 1} from ${from} s${i})`
  })
  const host = `lower(h4)`
  const domain = `substr(case when substr(${host}, 1, 4) = 'www.' then substr(${host}, 5) else ${host} end, 1, 100)`
  await sql
    .raw(
      `insert into link_days (partner_id, link_id, day, sub_id, ref_domain, program_id, clicks, leads, sales)
       select partner_id, link_id, day, sub_id, ref_domain, min(program_id), sum(clicks), sum(leads), sum(sales)
       from (select partner_id, link_id, day, coalesce(sub_id, '') as sub_id, ${domain} as ref_domain, program_id, clicks, leads, sales from ${from} d) x
       group by partner_id, link_id, day, sub_id, ref_domain`,
    )
    .execute(db)

  await sql
    .raw(
      `insert into link_day_sales (partner_id, link_id, day, currency, program_id, sales, amount_minor, refunded_minor, refunded_sales)
       select s.partner_id, coalesce(k.link_id, ''), substr(s.created_at, 1, 10), s.currency, min(s.program_id), count(*),
              sum(s.amount_minor), sum(s.refunded_minor), sum(case when s.refunded_minor >= s.amount_minor then 1 else 0 end)
       from sales s left join clicks k on k.id = s.click_id where s.partner_id is not null
       group by s.partner_id, coalesce(k.link_id, ''), substr(s.created_at, 1, 10), s.currency`,
    )
    .execute(db)

  await sql
    .raw(
      `update commissions set link_id = (select k.link_id from sales s join clicks k on k.id = s.click_id where s.id = commissions.sale_id)
       where sale_id is not null and kind in ('sale', 'recurring')`,
    )
    .execute(db)
  await sql
    .raw(
      `update commissions set link_id = (select k.link_id from customers c join clicks k on k.id = c.click_id where c.id = commissions.customer_id)
       where kind = 'lead' and customer_id is not null`,
    )
    .execute(db)
  await sql
    .raw(`update commissions set link_id = (select o.link_id from commissions o where o.id = commissions.reverses_id) where reverses_id is not null`)
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['sales_click', 'customers_click', 'customer_clicks_click', 'commissions_link_day']) await db.schema.dropIndex(i).execute()
  await db.schema.alterTable('programs').dropColumn('click_retention_days').execute()
  await db.schema.alterTable('commissions').dropColumn('link_id').execute()
  await db.schema.dropTable('link_day_sales').execute()
  await db.schema.dropTable('link_days').execute()
}
