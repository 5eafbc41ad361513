// Frozen: coupon and promotion codes (coupons/). A code belongs to one partner of one program; `code_key`
// (upper case) makes codes unique per program whatever their case. A sale keeps the code it was reported
// with (`coupon_code`, as given) and the program's code it matched, if any. The program's coupon policy
// (JSON, '{}' = the defaults of coupons/coupon-rules.ts).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coupon_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('stripe_promotion_code_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute()
  await db.schema.createIndex('coupon_codes_code').on('coupon_codes').columns(['program_id', 'code_key']).unique().execute()
  await db.schema.createIndex('coupon_codes_partner').on('coupon_codes').columns(['partner_id', 'id']).execute()
  await db.schema.createIndex('coupon_codes_stripe').on('coupon_codes').columns(['program_id', 'stripe_promotion_code_id']).execute()
  await db.schema.alterTable('sales').addColumn('coupon_code', 'text').execute()
  await db.schema.alterTable('sales').addColumn('coupon_code_id', 'text').execute()
  await db.schema.alterTable('programs').addColumn('coupon_policy', 'text', (c) => c.notNull().defaultTo('{}')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').dropColumn('coupon_policy').execute()
  await db.schema.alterTable('sales').dropColumn('coupon_code_id').execute()
  await db.schema.alterTable('sales').dropColumn('coupon_code').execute()
  await db.schema.dropTable('coupon_codes').execute()
}
