// Frozen: a split sale names its second partner (a coupon code's, sharing the sale with a click's partner)
// and that partner's part of the sale's amount and refunds, so every figure of a partner's performance
// counts the sale for both (ledger/sale-credits.ts decides the parts). The split was stored nowhere a
// query could read: the coupon policy may change since, and a forfeited share leaves no commission.
// The partner-figure indexes are rebuilt to cover the new columns. Sales split before this are found by
// their code partner's commission (its reason says `split: { via: 'code', shareBps }`); their parts and
// the rollups (the click partner's share moved to the code partner's row) follow the same rules.
// Takes Kysely<any> and imports no app code.
import { type Kysely, sql } from 'kysely'

/** stats/rollup-keys.ts SHARED: the rollups' link id for a split's second partner */
const SHARED = '~shared'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sales').addColumn('split_partner_id', 'text', (c) => c.references('partners.id')).execute()
  await db.schema.alterTable('sales').addColumn('split_amount_minor', 'bigint', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('sales').addColumn('split_refunded_minor', 'bigint', (c) => c.notNull().defaultTo(0)).execute()
  await rebuildFigureIndexes(db, ['split_amount_minor', 'split_refunded_minor'])
  await db.schema
    .createIndex('sales_split_partner')
    .on('sales')
    .columns(['split_partner_id', 'occurred_at', 'currency', 'customer_id'])
    .where(sql.ref('split_partner_id'), 'is not', null)
    .execute()
  await backfill(db)
}

/** The indexes a partner's figures are read from (0012: tiers, 0028: the partner list), covering `extra` too. */
async function rebuildFigureIndexes(db: Kysely<any>, extra: string[]): Promise<void> {
  await db.schema.dropIndex('sales_partner_occurred').execute()
  await db.schema.createIndex('sales_partner_occurred').on('sales').columns(['partner_id', 'occurred_at', 'refunded_minor', 'amount_minor', 'customer_id', ...extra]).execute()
  await db.schema.dropIndex('sales_partner_figures').execute()
  await db.schema.createIndex('sales_partner_figures').on('sales').columns(['partner_id', 'currency', 'occurred_at', 'amount_minor', 'refunded_minor', ...extra]).execute()
}

/** The one rounding rule (kernel/money.ts divRound): half away from zero, for the non-negative amounts here. */
const divRound = (n: bigint, d: bigint): bigint => (n * 2n + d) / (d * 2n)

async function backfill(db: Kysely<any>): Promise<void> {
  const rows = await db
    .selectFrom('commissions as c')
    .innerJoin('sales as s', 's.id', 'c.sale_id')
    .leftJoin('clicks as k', 'k.id', 's.click_id')
    .select(['s.id', 's.program_id', 's.partner_id', 's.amount_minor', 's.refunded_minor', 's.currency', 's.created_at', 'k.link_id', 'c.partner_id as split_partner_id', 'c.reason_data'])
    .where('c.kind', 'in', ['sale', 'recurring'])
    .where('c.reverses_id', 'is', null)
    .where('c.reason_data', 'like', '%"via":"code"%')
    .whereRef('c.partner_id', '!=', 's.partner_id')
    .execute()
  for (const r of rows) {
    const split = (JSON.parse(r.reason_data) as { split?: { via: string; shareBps: number } }).split
    if (split?.via !== 'code') continue
    const [amount, refunded] = [BigInt(r.amount_minor), BigInt(r.refunded_minor)]
    // split.ts: the click side's share rounded, the code side the rest; refunds in the same proportion.
    const part = amount - divRound(amount * BigInt(10_000 - split.shareBps), 10_000n)
    const refundedPart = amount === 0n ? 0n : divRound(refunded * part, amount)
    await db.updateTable('sales').set({ split_partner_id: r.split_partner_id, split_amount_minor: Number(part), split_refunded_minor: Number(refundedPart) }).where('id', '=', r.id).execute()
    await moveRollups(db, { ...r, part, refundedPart, inFull: refunded >= amount }, 1n)
  }
}

/** Moves a split sale's second part from its first partner's rollups to its second partner's (`sign` -1: back). */
async function moveRollups(
  db: Kysely<any>,
  r: { program_id: string; partner_id: string; split_partner_id: string; link_id: string | null; currency: string; created_at: string; part: bigint; refundedPart: bigint; inFull: boolean },
  sign: 1n | -1n,
): Promise<void> {
  const day = String(r.created_at).slice(0, 10)
  const n = Number(sign)
  const money = (partner: string, link: string, by: bigint, sales: number) =>
    db
      .insertInto('link_day_sales')
      .values({ partner_id: partner, link_id: link, day, currency: r.currency, program_id: r.program_id, sales, amount_minor: Number(by * r.part), refunded_minor: Number(by * r.refundedPart), refunded_sales: r.inFull ? sales : 0 })
      .onConflict((oc) =>
        oc.columns(['partner_id', 'link_id', 'day', 'currency']).doUpdateSet({
          sales: sql`link_day_sales.sales + excluded.sales`,
          amount_minor: sql`link_day_sales.amount_minor + excluded.amount_minor`,
          refunded_minor: sql`link_day_sales.refunded_minor + excluded.refunded_minor`,
          refunded_sales: sql`link_day_sales.refunded_sales + excluded.refunded_sales`,
        }),
      )
      .execute()
  await money(r.partner_id, r.link_id ?? '', -sign, 0)
  await money(r.split_partner_id, SHARED, sign, n)
  await db
    .insertInto('link_days')
    .values({ partner_id: r.split_partner_id, link_id: SHARED, day, sub_id: '', ref_domain: '', program_id: r.program_id, clicks: 0, leads: 0, sales: n })
    .onConflict((oc) => oc.columns(['partner_id', 'link_id', 'day', 'sub_id', 'ref_domain']).doUpdateSet({ sales: sql`link_days.sales + excluded.sales` }))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  const split = await db
    .selectFrom('sales as s')
    .leftJoin('clicks as k', 'k.id', 's.click_id')
    .select(['s.program_id', 's.partner_id', 's.split_partner_id', 'k.link_id', 's.currency', 's.created_at', 's.split_amount_minor', 's.split_refunded_minor', 's.amount_minor', 's.refunded_minor'])
    .where('s.split_partner_id', 'is not', null)
    .execute()
  for (const r of split) {
    const inFull = BigInt(r.refunded_minor) >= BigInt(r.amount_minor)
    await moveRollups(db, { ...r, part: BigInt(r.split_amount_minor), refundedPart: BigInt(r.split_refunded_minor), inFull }, -1n)
  }
  await db.deleteFrom('link_days').where('link_id', '=', SHARED).where('clicks', '=', 0).where('leads', '=', 0).where('sales', '=', 0).execute()
  await db.deleteFrom('link_day_sales').where('link_id', '=', SHARED).where('sales', '=', 0).execute()
  await db.schema.dropIndex('sales_split_partner').execute()
  await rebuildFigureIndexes(db, [])
  await db.schema.alterTable('sales').dropColumn('split_refunded_minor').execute()
  await db.schema.alterTable('sales').dropColumn('split_amount_minor').execute()
  await db.schema.alterTable('sales').dropColumn('split_partner_id').execute()
}
