// Frozen: link_day_earnings, what commissions earned per partner, link ('' for none), UTC day of the
// commission's created_at and currency, summing the commissions whose stored status counts towards a
// balance (pending, on_hold, approved: in_payout and paid are stored approved). A year's daily earnings
// (the portal overview's series, a link's stats) read ~365 of these rows instead of summing every
// commission of the year, which on Postgres cost 12-16 ms for a partner of 10,000.
// Filled here from the stored commissions by the rule the live writes follow (ledger/earning-days.ts).
// commissions_link_day (link_id, day, status, currency, amount_minor, created_at) served only the read this
// replaces: dropped, one b-tree fewer for every commission written.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('link_day_earnings')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('earned_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('link_day_earnings_pk', ['partner_id', 'link_id', 'day', 'currency'])
    .execute()
  await backfillEarnings(db)
  await db.schema.dropIndex('commissions_link_day').execute()
}

/** Fills link_day_earnings from the stored commissions (exported for the test that compares it with live writes). */
export async function backfillEarnings(db: Kysely<any>): Promise<void> {
  await sql`insert into link_day_earnings (partner_id, link_id, day, currency, program_id, earned_minor)
    select partner_id, coalesce(link_id, ''), substr(created_at, 1, 10), currency, min(program_id), sum(amount_minor)
    from commissions where status in ('pending', 'on_hold', 'approved')
    group by partner_id, coalesce(link_id, ''), substr(created_at, 1, 10), currency`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('commissions_link_day')
    .on('commissions')
    .expression(sql.raw('link_id, substr(created_at, 1, 10), status, currency, amount_minor, created_at'))
    .execute()
  await db.schema.dropTable('link_day_earnings').execute()
}
