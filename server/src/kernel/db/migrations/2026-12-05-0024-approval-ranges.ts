// Frozen: a payout run claims by watermark. Each commission gets a number from the ledger's approval
// sequence when it becomes approved; a payout records the range of numbers it covers for its partner and
// currency, and `in_payout` / `paid` are derived from that range instead of being written on every
// commission (which cost a run ~17x the balances' GROUP BY at a million commissions).
// Existing data: approved and claimed commissions are numbered so that each payout's commissions are
// consecutive (payout by payout, in payout order, then the unclaimed ones), each payout takes the range of
// its own, and claimed rows go back to the stored status `approved`: every commission keeps its payout.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commissions').addColumn('approval_seq', 'bigint').execute()
  await db.schema.alterTable('payouts').addColumn('seq_from', 'bigint', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('payouts').addColumn('seq_to', 'bigint', (c) => c.notNull().defaultTo(0)).execute()

  await sql`update commissions set approval_seq = n.seq
    from (select id, row_number() over (order by payout_id is null, payout_id, id) as seq
          from commissions where status in ('approved', 'in_payout', 'paid')) as n
    where commissions.id = n.id`.execute(db)
  // A payout's range: from just below its first commission's number to its last one's. Failed payouts have
  // no commissions (their commissions were owed again) and keep the empty range (0, 0].
  await sql`update payouts set seq_from = r.lo - 1, seq_to = r.hi
    from (select payout_id, min(approval_seq) as lo, max(approval_seq) as hi from commissions
          where payout_id is not null and status in ('in_payout', 'paid') group by payout_id) as r
    where payouts.id = r.payout_id`.execute(db)
  await db.updateTable('commissions').set({ status: 'approved' }).where('status', 'in', ['in_payout', 'paid']).execute()

  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.alterTable('commissions').dropColumn('payout_id').execute()
  // What covers a commission: its partner's payouts in its currency, by the end of their range.
  await db.schema.createIndex('payouts_cover').on('payouts').columns(['partner_id', 'currency', 'seq_to']).execute()

  const last = Number(((await sql<{ n: number | string | null }>`select max(approval_seq) as n from commissions`.execute(db)).rows[0]?.n ?? 0) || 0)
  if (isPostgres(db)) {
    await sql`create sequence commission_approval_seq`.execute(db)
    if (last > 0) await sql`select setval('commission_approval_seq', ${last})`.execute(db)
  } else {
    await db.schema.createTable('commission_approval_seq').addColumn('value', 'bigint', (c) => c.notNull()).execute()
    await db.insertInto('commission_approval_seq').values({ value: last }).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop sequence commission_approval_seq`.execute(db)
  else await db.schema.dropTable('commission_approval_seq').execute()
  await db.schema.dropIndex('payouts_cover').execute()
  await db.schema.alterTable('commissions').addColumn('payout_id', 'text').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').columns(['payout_id', 'amount_minor']).where(sql.ref('payout_id'), 'is not', null).execute()
  await sql`update commissions set payout_id = p.id, status = case when p.status = 'paid' then 'paid' else 'in_payout' end
    from payouts as p
    where commissions.status = 'approved' and p.status <> 'failed' and p.partner_id = commissions.partner_id and p.currency = commissions.currency
      and commissions.approval_seq > p.seq_from and commissions.approval_seq <= p.seq_to`.execute(db)
  await db.schema.alterTable('commissions').dropColumn('approval_seq').execute()
  await db.schema.alterTable('payouts').dropColumn('seq_from').execute()
  await db.schema.alterTable('payouts').dropColumn('seq_to').execute()
}
