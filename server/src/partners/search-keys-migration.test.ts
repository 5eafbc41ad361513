// Migration 0058 keys the names and descriptions already stored, so that partners and programs written
// before it are found in any case and sort by their name's key.
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0058 (search keys) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-07-0055-clicks-partner-time' })
  })
  afterEach(() => ctx.close())

  it('keys every partner name, program name and listing description written before', async () => {
    const db = ctx.db as unknown as Kysely<any>
    const programId = 'prg_a'
    await db
      .insertInto('programs')
      .values({
        id: programId, name: 'Élan Öko', currency: 'USD', attribution_window_days: 30, attribution_model: 'last_click', default_commission_type: 'percent',
        default_commission_value: 1000, holding_days: 30, second_tier_rate_bps: 0, payout_minimums: '{}', payout_schedule: null, automatic_payout_runs: 1,
        payout_provider: 'manual', stripe_webhook_secret: null, stripe_api_key: null, fraud_rules: '{}', coupon_policy: '{}', click_retention_days: 90,
        brand_color: null, referral_reward: null, created_at: '2026-10-01T00:00:00.000Z',
      })
      .execute()
    await db
      .insertInto('marketplace_listings')
      .values({ program_id: programId, slug: 'elan', listed: 1, description: 'Über gut', category: 'health', logo_url: null, website_url: null, commission_summary: null, created_at: '2026-10-01T00:00:00.000Z', updated_at: '2026-10-01T00:00:00.000Z' })
      .execute()
    const partner = (id: string, name: string | null) => ({
      id, program_id: programId, email: `${id}@partners.test`, name, external_id: null, status: 'active', group_id: null,
      referred_by_id: null, country: null, tier_override: null, website: null, social: null, created_at: '2026-10-01T00:00:00.000Z',
    })
    await db.insertInto('partners').values([partner('prt_a', 'ÉMILE'), partner('prt_b', null)]).execute()
    await ctx.migrateToLatest()
    const rows = await db.selectFrom('partners').select(['id', 'name_key', 'name_sort_key']).where('id', 'in', ['prt_a', 'prt_b']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 'prt_a', name_key: 'émile', name_sort_key: 'emile' },
      { id: 'prt_b', name_key: null, name_sort_key: null },
    ])
    expect(await db.selectFrom('marketplace_listings').select(['name_key', 'description_key']).where('program_id', '=', programId).executeTakeFirst()).toEqual({ name_key: 'élan öko', description_key: 'über gut' })
    // Keyed: found in any case, by the directory.
    for (const q of ['%C3%9CBER', '%C3%89LAN']) {
      const found = await (await ctx.app.request(`/v1/marketplace?q=${q}`)).json()
      expect(found.data.map((l: { slug: string }) => l.slug)).toEqual(['elan'])
    }
  })
})
