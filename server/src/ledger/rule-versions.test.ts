// Editing a rule on each database: a new version prices sales from then on, the old one stays as it was,
// commissions keep (and say) the version that priced them, and every edit is in the audit log.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import type { Commission } from '@afflio/sdk/types'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as migration from '../kernel/db/migrations/2026-12-05-0026-rule-versions-payout-schedule.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

/** A program paying 10% by default, its partner ADA, and a $100 sale through a click on ADA's link. */
async function programWithAda(dialect: 'sqlite' | 'postgres') {
  const ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  await afflio.partners.create({ email: 'ada@acme.io', linkCode: 'ADA' })
  let ip = 0
  const sale = async (invoiceId: string) => {
    const click = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': `10.2.0.${++ip}` }, body: JSON.stringify({ key: keys.publishableKey, code: 'ADA' }) })
    return (await afflio.track.sale({ invoiceId, amountMinor: 10_000, currency: 'USD', clickId: (await click.json()).clickId })).commission!
  }
  return { ctx, keys, afflio, fetch, sale }
}

describe.each(dialects)('rule versions on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { program: { id: string } }
  let fetch: typeof globalThis.fetch
  let sale: (invoiceId: string) => Promise<Commission>
  beforeEach(async () => void ({ ctx, afflio, keys, fetch, sale } = await programWithAda(dialect)))
  afterEach(() => ctx.close())
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AfflioApiError ? { status: e.status, code: e.code, message: e.message } : e))

  it('prices sales after an edit with the new version; earlier commissions keep the version that priced them', async () => {
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    expect(rule).toMatchObject({ version: 1, versionCreatedAt: rule.createdAt })
    const before = await sale('in_1')
    expect(before).toMatchObject({ amountMinor: 2000, ruleId: rule.id, ruleVersion: 1, reason: 'Standard: 20% of sale', reasonData: { rule: { id: rule.id, name: 'Standard', version: 1 }, rateBps: 2000 } })

    ctx.clock.advanceDays(1)
    const edited = await afflio.rules.update(rule.id, { value: 2500, name: 'Standard+' })
    expect(edited).toMatchObject({ id: rule.id, version: 2, value: 2500, name: 'Standard+', createdAt: rule.createdAt, versionCreatedAt: ctx.clock.now().toISOString() })
    const after = await sale('in_2')
    expect(after).toMatchObject({ amountMinor: 2500, ruleVersion: 2, reason: 'Standard+ (v2): 25% of sale', reasonData: { rule: { id: rule.id, name: 'Standard+', version: 2 }, rateBps: 2500 } })

    // The first commission is untouched, and still says which version priced it.
    const listed = (await afflio.commissions.list()).data
    expect(listed.find((c) => c.id === before.id)).toMatchObject({ amountMinor: 2000, ruleVersion: 1, reason: 'Standard: 20% of sale', reasonData: { rule: { version: 1 }, rateBps: 2000 } })

    // Both versions, newest first; the old one as it was, until the edit.
    const versions = (await afflio.rules.versions(rule.id)).data
    expect(versions.map((v) => [v.version, v.name, v.value, v.createdAt, v.supersededAt])).toEqual([
      [2, 'Standard+', 2500, edited.versionCreatedAt, null],
      [1, 'Standard', 2000, rule.createdAt, edited.versionCreatedAt],
    ])
    expect((await afflio.rules.list()).data).toEqual([edited])

    const audit = (await afflio.auditLog.list({ subjectType: 'rule', subjectId: rule.id })).data
    expect(audit.map((a) => a.action)).toEqual(['rule.changed', 'rule.created'])
    expect(audit[0]).toMatchObject({ before: { value: 2000, name: 'Standard', version: 1 }, after: { value: 2500, name: 'Standard+', version: 2 } })
  })

  it('makes no version for an edit that changes nothing, so a retried PATCH is harmless', async () => {
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    const once = await afflio.rules.update(rule.id, { value: 3000 })
    const twice = await afflio.rules.update(rule.id, { value: 3000 })
    expect(twice).toEqual(once)
    expect((await afflio.rules.versions(rule.id)).data.map((v) => v.version)).toEqual([2, 1])
    expect((await afflio.auditLog.list({ subjectType: 'rule', subjectId: rule.id })).data).toHaveLength(2)
  })

  it('checks the edited rule as a whole, and keeps a rule’s event', async () => {
    const rule = await afflio.rules.create({ name: 'Flat', event: 'sale', type: 'flat', value: 500, currency: 'USD' })
    expect(await failure(afflio.rules.update(rule.id, { type: 'percent' }))).toMatchObject({ status: 400, code: 'invalid_request', message: 'currency: only a flat rule has a currency' })
    expect(await failure(afflio.rules.update(rule.id, { recurring: 'months' }))).toMatchObject({ status: 400, message: 'recurringLimit: required when recurring is months' })
    expect(await failure(afflio.rules.update(rule.id, { event: 'lead' } as never))).toMatchObject({ status: 400 })
    expect(await failure(afflio.rules.update(rule.id, { value: -1 }))).toMatchObject({ status: 400 })
    // Both changed together are a valid percent rule.
    expect(await afflio.rules.update(rule.id, { type: 'percent', currency: null, value: 1500 })).toMatchObject({ type: 'percent', currency: null, value: 1500, version: 2 })
    expect((await afflio.rules.versions(rule.id)).data).toHaveLength(2)
  })

  it('names the tier at fault (`tiers.1.from`), on a new rule, an edit and a backtest, so a form can show it on that tier', async () => {
    const failed = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AfflioApiError ? { status: e.status, field: e.field, message: e.message } : e))
    const gold = (from: number, value: number) => ({ name: `T${from}`, from, value })
    const base = { name: 'Tiered', event: 'sale', type: 'percent', value: 1000, tierMetric: 'sales' } as const
    expect(await failed(afflio.rules.create({ ...base, tiers: [gold(10, 1500), gold(20, 2000), gold(10, 2500)] }))).toEqual({
      status: 400,
      field: 'tiers.2.from',
      message: 'tiers.2.from: two tiers start at the same threshold',
    })
    expect(await failed(afflio.rules.create({ ...base, tiers: [gold(10, 1500), gold(20, 10_001)] }))).toEqual({
      status: 400,
      field: 'tiers.1.value',
      message: 'tiers.1.value: a percentage is at most 10000 basis points',
    })
    // Unordered thresholds are fine: stored in order
    expect((await afflio.rules.create({ ...base, tiers: [gold(20, 2000), gold(10, 1500)] })).tiers.map((t) => t.from)).toEqual([10, 20])
    const rule = await afflio.rules.create({ ...base, tiers: [gold(10, 1500)] })
    expect(await failed(afflio.rules.update(rule.id, { tiers: [gold(10, 1500), gold(10, 1600)] }))).toMatchObject({ status: 400, field: 'tiers.1.from' })
    expect(await failed(afflio.rules.backtest({ days: 30, add: { ...base, tiers: [gold(5, 20_000)] } }))).toMatchObject({ status: 400, field: 'add.tiers.0.value' })
  })

  it('edits only the program’s own rules in force, and lists versions of archived ones', async () => {
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    const other = await ctx.createProgram({ currency: 'USD' })
    const stranger = new Afflio({ secretKey: other.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    expect(await failure(stranger.rules.update(rule.id, { value: 1 }))).toMatchObject({ status: 404 })
    expect(await failure(stranger.rules.versions(rule.id))).toMatchObject({ status: 404 })
    await afflio.rules.archive(rule.id)
    expect(await failure(afflio.rules.update(rule.id, { value: 1 }))).toMatchObject({ status: 404 })
    expect((await afflio.rules.versions(rule.id)).data.map((v) => v.value)).toEqual([2000])
  })

  it('writes a version row once: the table refuses a second row for the same version', async () => {
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    const duplicate = sql`INSERT INTO commission_rule_versions (rule_id, version, program_id, name, event, type, value, recurring, created_at) VALUES (${rule.id}, 1, ${keys.program.id}, 'x', 'sale', 'percent', 1, 'none', 'now')`
    await expect(duplicate.execute(ctx.db)).rejects.toThrow()
  })

  it('migrates rules and their commissions from before versions: each rule and what it priced are version 1', async () => {
    const rule = await afflio.rules.create({ name: 'Standard', event: 'sale', type: 'percent', value: 2000 })
    const priced = await sale('in_1')
    await migration.down(ctx.db as never)
    await migration.up(ctx.db as never)
    expect((await afflio.commissions.list()).data.find((c) => c.id === priced.id)).toMatchObject({ ruleId: rule.id, ruleVersion: 1 })
    expect((await afflio.rules.versions(rule.id)).data).toEqual([{ ...(({ id: _i, versionCreatedAt: _v, ...r }) => r)(rule), ruleId: rule.id, supersededAt: null }])
    expect((await afflio.rules.list()).data).toEqual([rule])
  })
})
