// Migration 0051 on links whose codes differ only by case (they could coexist before): the oldest of each
// such group keeps its code, each later one is renamed to the first free `-2`, `-3`, … in (created_at, id)
// order and reported on the console; then the codes are unique whatever their case, and found in any case.
import { Afflio } from '@afflio/sdk'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { newId } from '../kernel/ids.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('migration 0051 (link code keys) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, migratedUpTo: '2026-12-06-0049-step-down-zero', rateLimit: { trustProxy: true } })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await ctx.close()
  })

  it('keeps the oldest of case twins, renames the later ones deterministically and reports them, then keys every code', async () => {
    const a = await ctx.createProgram({ name: 'Acme' })
    const b = await ctx.createProgram({ name: 'Other' })
    const db = ctx.db as unknown as Kysely<any>
    const p = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [n, newId('prt', Date.parse('2026-10-01T00:00:00Z') + n)]))
    const partner = (id: string, programId = a.program.id) => ({
      id, program_id: programId, email: `${id}@partners.test`, name: null, external_id: null, status: 'active', group_id: null,
      referred_by_id: null, country: null, tier_override: null, website: null, social: null, created_at: '2026-10-01T00:00:00.000Z',
    })
    const link = (id: string, partnerId: string, code: string, createdAt: string, programId = a.program.id) => ({
      id, program_id: programId, partner_id: partnerId, code, destination_url: null, created_at: createdAt,
    })
    await db.insertInto('partners').values([partner(p[1]!), partner(p[2]!), partner(p[3]!), partner(p[4]!), partner(p[5]!, b.program.id)]).execute()
    const long = 'x'.repeat(64)
    // As links were written before: case twins side by side. Inserted out of order: age decides, then id.
    await db
      .insertInto('links')
      .values([
        link('lnk_c', p[3]!, 'Alice', '2026-10-02T00:00:00.000Z'),
        link('lnk_b', p[2]!, 'alice', '2026-10-02T00:00:00.000Z'),
        link('lnk_a', p[1]!, 'ALICE', '2026-10-01T00:00:00.000Z'),
        link('lnk_d', p[4]!, 'alice-2', '2026-10-03T00:00:00.000Z'), // already has the first suffix
        link('lnk_e', p[4]!, long.toUpperCase(), '2026-10-01T00:00:00.000Z'),
        link('lnk_f', p[4]!, long, '2026-10-04T00:00:00.000Z'),
        link('lnk_g', p[4]!, 'Bob', '2026-10-01T00:00:00.000Z'),
        link('lnk_h', p[5]!, 'alice', '2026-10-05T00:00:00.000Z', b.program.id), // another program's: no twin
      ])
      .execute()

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await ctx.migrateToLatest()

    const rows = await db.selectFrom('links').select(['id', 'code', 'code_key']).orderBy('id').execute()
    expect(rows.map((r) => [r.id, r.code, r.code_key])).toEqual([
      ['lnk_a', 'ALICE', 'ALICE'],
      ['lnk_b', 'alice-3', 'ALICE-3'],
      ['lnk_c', 'Alice-4', 'ALICE-4'],
      ['lnk_d', 'alice-2', 'ALICE-2'],
      ['lnk_e', long.toUpperCase(), long.toUpperCase()],
      ['lnk_f', `${'x'.repeat(62)}-2`, `${'X'.repeat(62)}-2`],
      ['lnk_g', 'Bob', 'BOB'],
      ['lnk_h', 'alice', 'ALICE'],
    ])
    const reported = warn.mock.calls.map(([message]) => String(message))
    expect(reported).toHaveLength(3)
    expect(reported[0]).toContain(`link lnk_b of program ${a.program.id} renamed from alice to alice-3`)
    expect(reported[1]).toContain('link lnk_c')
    expect(reported[1]).toContain('renamed from Alice to Alice-4')
    expect(reported[2]).toContain('link lnk_f')

    // From now on: any case finds the one link, and a case twin is refused.
    const click = async (code: string, ip: string) => {
      const res = await ctx.app.request('/v1/track/click', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
        body: JSON.stringify({ key: a.publishableKey, code }),
      })
      return (await res.json()).partnerId
    }
    expect(await click('alice', '203.0.113.1')).toBe(p[1]!)
    expect(await click('ALICE-3', '203.0.113.2')).toBe(p[2]!)
    const afflio = new Afflio({ secretKey: a.secretKey, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
    await expect(afflio.links.create({ partnerId: p[2]!, code: 'BOB' })).rejects.toMatchObject({ status: 409, field: 'code' })
  })
})
