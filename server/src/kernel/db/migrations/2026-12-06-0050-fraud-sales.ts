// Frozen: a sale whose partner's own commission (kind sale or recurring) is marked fraud counts in no
// partner's performance: not in tiers, challenges, segments, the partner list, nor the daily rollups every
// overview reads (ledger/sale-credits.ts countsAsPerformance). The mark is stored on the sale, `fraud_at`,
// which the mark_fraud action sets and takes the sale out of the rollups with; the partner-figure indexes
// (0036) are rebuilt to cover it. Sales whose commission was marked fraud before this get it from that
// commission (when it was last changed: the mark, as fraud is final), and leave the rollups as the live
// mark does: each credited partner's count, money and refunds taken away at the key it was counted under
// (the first partner's click, a split's second partner under the shared link), on the sale's created day.
// Commissions already priced from those counts are not repriced. Takes Kysely<any> and imports no app code.
import { type Kysely, sql } from 'kysely'

/** stats/rollup-keys.ts SHARED and NONE */
const SHARED = '~shared'
const NONE = ''

/** stats/rollup-keys.ts referrerDomain, as it was written. */
function referrerDomain(referrer: string | null): string {
  if (!referrer) return NONE
  const scheme = referrer.indexOf('://')
  if (scheme < 0) return NONE
  let host = referrer.slice(scheme + 3)
  for (const stop of ['/', '?', '#', ':']) {
    const at = host.indexOf(stop)
    if (at >= 0) host = host.slice(0, at)
  }
  host = host.replace(/[A-Z]+/g, (s) => s.toLowerCase())
  const domain = host.startsWith('www.') ? host.slice(4) : host
  return domain.length > 100 ? [...domain].slice(0, 100).join('') : domain
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sales').addColumn('fraud_at', 'text').execute()
  await rebuildFigureIndexes(db, ['fraud_at'])
  const marked = await db
    .selectFrom('commissions')
    .select(['sale_id', sql<string>`min(updated_at)`.as('at')])
    .where('status', '=', 'fraud')
    .where('kind', 'in', ['sale', 'recurring'])
    .where('reverses_id', 'is', null)
    .where('sale_id', 'is not', null)
    .groupBy('sale_id')
    .execute()
  for (const m of marked) await db.updateTable('sales').set({ fraud_at: m.at }).where('id', '=', m.sale_id).execute()
  await moveFraudSales(db, -1)
}

export async function down(db: Kysely<any>): Promise<void> {
  await moveFraudSales(db, 1)
  await rebuildFigureIndexes(db, [])
  await db.schema.alterTable('sales').dropColumn('fraud_at').execute()
}

/** The indexes a partner's figures are read from, as 0036 left them, covering `extra` too. */
async function rebuildFigureIndexes(db: Kysely<any>, extra: string[]): Promise<void> {
  const split = ['split_amount_minor', 'split_refunded_minor']
  await db.schema.dropIndex('sales_partner_occurred').execute()
  await db.schema.createIndex('sales_partner_occurred').on('sales').columns(['partner_id', 'occurred_at', 'refunded_minor', 'amount_minor', 'customer_id', ...split, ...extra]).execute()
  await db.schema.dropIndex('sales_partner_figures').execute()
  await db.schema.createIndex('sales_partner_figures').on('sales').columns(['partner_id', 'currency', 'occurred_at', 'amount_minor', 'refunded_minor', ...split, ...extra]).execute()
}

/** Adds (`by` 1) or takes away (-1) each sale marked fraud in the rollups, for each partner it credited, as the live writes counted it. */
async function moveFraudSales(db: Kysely<any>, by: 1 | -1): Promise<void> {
  const rows = await db
    .selectFrom('sales as s')
    .leftJoin('clicks as k', 'k.id', 's.click_id')
    .select(['s.program_id', 's.partner_id', 's.split_partner_id', 's.currency', 's.created_at', 's.amount_minor', 's.refunded_minor', 's.split_amount_minor', 's.split_refunded_minor', 'k.link_id', 'k.sub_id', 'k.referrer'])
    .where('s.fraud_at', 'is not', null)
    .where('s.partner_id', 'is not', null)
    .execute()
  for (const r of rows) {
    const day = String(r.created_at).slice(0, 10)
    const [amount, refunded, part, refundedPart] = [r.amount_minor, r.refunded_minor, r.split_amount_minor, r.split_refunded_minor].map(Number) as [number, number, number, number]
    const inFull = refunded > 0 && refunded >= amount
    const first = r.link_id ? { link_id: r.link_id, sub_id: r.sub_id ?? NONE, ref_domain: referrerDomain(r.referrer) } : { link_id: NONE, sub_id: NONE, ref_domain: NONE }
    await add(db, { program_id: r.program_id, partner_id: r.partner_id, currency: r.currency, day, ...first }, by, amount - part, refunded - refundedPart, inFull)
    if (r.split_partner_id) await add(db, { program_id: r.program_id, partner_id: r.split_partner_id, currency: r.currency, day, link_id: SHARED, sub_id: NONE, ref_domain: NONE }, by, part, refundedPart, inFull)
  }
}

/** One credited partner's count of a sale, `by` times: link_days' sale unless refunded in full, link_day_sales' sale and money. */
async function add(
  db: Kysely<any>,
  k: { program_id: string; partner_id: string; currency: string; day: string; link_id: string; sub_id: string; ref_domain: string },
  by: 1 | -1,
  amount: number,
  refunded: number,
  inFull: boolean,
): Promise<void> {
  if (!inFull)
    await db
      .insertInto('link_days')
      .values({ partner_id: k.partner_id, link_id: k.link_id, day: k.day, sub_id: k.sub_id, ref_domain: k.ref_domain, program_id: k.program_id, clicks: 0, leads: 0, sales: by })
      .onConflict((oc) => oc.columns(['partner_id', 'link_id', 'day', 'sub_id', 'ref_domain']).doUpdateSet({ sales: sql`link_days.sales + excluded.sales` }))
      .execute()
  await db
    .insertInto('link_day_sales')
    .values({ partner_id: k.partner_id, link_id: k.link_id, day: k.day, currency: k.currency, program_id: k.program_id, sales: by, amount_minor: by * amount, refunded_minor: by * refunded, refunded_sales: inFull ? by : 0 })
    .onConflict((oc) =>
      oc.columns(['partner_id', 'link_id', 'day', 'currency']).doUpdateSet({
        sales: sql`link_day_sales.sales + excluded.sales`,
        amount_minor: sql`link_day_sales.amount_minor + excluded.amount_minor`,
        refunded_minor: sql`link_day_sales.refunded_minor + excluded.refunded_minor`,
        refunded_sales: sql`link_day_sales.refunded_sales + excluded.refunded_sales`,
      }),
    )
    .execute()
}
