// Frozen: drops three indexes no query reads any more, each of them one more b-tree every sale, commission or
// lead writes (found by explaining every statement the server's tests run, on a fresh and an analysed database).
// - sales_partner_day and customers_partner_day served the portal's sales and leads per day, which the daily
//   rollups (0023) serve now. The partner's customer list, which read the latter by partner_id alone, reads
//   customers_partner_time as well.
// - commissions_partner (partner_id, status): every read by partner and status reads commissions_partner_earned
//   (partner_id, currency, status, amount_minor) instead, or the partner's other indexes.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  for (const i of ['sales_partner_day', 'customers_partner_day', 'commissions_partner']) await db.schema.dropIndex(i).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  const byDay = (name: string, table: string, columns: string) =>
    db.schema.createIndex(name).on(table).expression(sql.raw(`partner_id, substr(created_at, 1, 10), ${columns}`)).execute()
  await byDay('customers_partner_day', 'customers', 'created_at')
  await byDay('sales_partner_day', 'sales', 'currency, amount_minor, created_at')
  await db.schema.createIndex('commissions_partner').on('commissions').columns(['partner_id', 'status']).execute()
}
