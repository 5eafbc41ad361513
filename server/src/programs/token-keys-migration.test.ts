// Migration 0056 on tokens minted before tokens named their key: those a key that is already revoked may
// have minted (after the key was made, before a day after its revocation: a console token lives a day at
// most and could mint embed tokens until then) are revoked, if still live; the others are left to expire.
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0056 (token keys) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-07-0055-clicks-partner-time' })
  })
  afterEach(() => ctx.close())

  it('revokes the live tokens a revoked key may have minted, and no other', async () => {
    const a = await ctx.createProgram({ name: 'Acme' })
    const b = await ctx.createProgram({ name: 'Other' })
    const db = ctx.db as unknown as Kysely<any>
    // Written as the schema of 0055 has it: the app of today writes columns later migrations add.
    const partnerId = 'prt_ada'
    await db
      .insertInto('partners')
      .values({ id: partnerId, program_id: a.program.id, email: 'ada@partners.test', name: null, external_id: null, status: 'active', group_id: null, referred_by_id: null, country: null, tier_override: null, website: null, social: null, created_at: '2026-10-01T00:00:00.000Z' })
      .execute()
    await db
      .insertInto('api_keys')
      .values({ id: 'key_revoked', program_id: a.program.id, kind: 'secret', key_hash: 'h', prefix: 'sk_live_xxxx', created_at: '2026-11-10T00:00:00.000Z', revoked_at: '2026-11-20T00:00:00.000Z' })
      .execute()
    const live = '2099-01-01T00:00:00.000Z'
    const consoleToken = (hash: string, createdAt: string, programId = a.program.id) => ({ token_hash: hash, program_id: programId, manager: 'dana', expires_at: live, created_at: createdAt })
    await db
      .insertInto('console_tokens')
      .values([
        consoleToken('c_before_key', '2026-11-05T00:00:00.000Z'),
        consoleToken('c_while_key', '2026-11-15T00:00:00.000Z'),
        consoleToken('c_day_after', '2026-11-20T23:59:59.000Z'),
        consoleToken('c_later', '2026-11-21T00:00:00.000Z'),
        consoleToken('c_other_program', '2026-11-15T00:00:00.000Z', b.program.id),
      ])
      .execute()
    const embedToken = (hash: string, createdAt: string, expiresAt = live) => ({ token_hash: hash, program_id: a.program.id, partner_id: partnerId, locale: null, expires_at: expiresAt, created_at: createdAt })
    await db
      .insertInto('embed_tokens')
      .values([embedToken('e_while_key', '2026-11-15T00:00:00.000Z'), embedToken('e_expired', '2026-11-15T00:00:00.000Z', '2026-11-16T00:00:00.000Z'), embedToken('e_later', '2026-11-25T00:00:00.000Z')])
      .execute()

    await ctx.migrateToLatest()

    const revoked = async (table: string) =>
      Object.fromEntries((await db.selectFrom(table).select(['token_hash', 'key_id', 'revoked_at']).execute()).map((r) => [r.token_hash, [r.key_id, r.revoked_at !== null]]))
    expect(await revoked('console_tokens')).toEqual({
      c_before_key: [null, false],
      c_while_key: [null, true],
      c_day_after: [null, true],
      c_later: [null, false],
      c_other_program: [null, false],
    })
    expect(await revoked('embed_tokens')).toEqual({ e_while_key: [null, true], e_expired: [null, false], e_later: [null, false] })
  })
})
