// The payout schedule end to end: set in the program's settings, the next date and who will be left out
// (and why) in the run preview, and the next payout as each partner's portal shows it.
import { AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('payout schedule on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-03-10T09:00:00.000Z')
  })
  afterEach(() => ctx.close())

  const fetchApp = async (input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)

  it('dates the next payout, and says before a run and in the portal who will be left out and why', async () => {
    const p = await payoutProgram(ctx, { payoutMinimums: { USD: 5000 } })
    const alice = await p.partner('Alice', { method: 'paypal', email: 'alice@paypal.test' })
    const bob = await p.partner('Bob')
    const carol = await p.partner('Carol', { method: 'wise', email: 'carol@wise.test' })
    await p.earn(alice, [[6000], [900, 'EUR']])
    await p.earn(bob, [[7000]])
    await p.earn(carol, [[1000]])
    await p.settle() // 2026-04-10: all approved

    const settings = await p.afflio.settings.update({ payoutSchedule: { frequency: 'monthly', dayOfMonth: 15, currencies: ['USD'] } })
    expect(settings.payoutSchedule).toEqual({ frequency: 'monthly', dayOfMonth: 15, currencies: ['USD'] })
    expect(await p.afflio.payouts.runs.preview()).toEqual({
      payees: [{ partnerId: alice.id, currency: 'USD', amountMinor: 6000 }],
      skipped: [
        { partnerId: alice.id, currency: 'EUR', approvedMinor: 900, reason: 'currency_not_scheduled' },
        { partnerId: bob.id, currency: 'USD', approvedMinor: 7000, reason: 'missing_payout_details' },
        { partnerId: carol.id, currency: 'USD', approvedMinor: 1000, reason: 'below_minimum' },
      ].sort((a, b) => (a.partnerId === b.partnerId ? 0 : a.partnerId < b.partnerId ? -1 : 1)),
      nextPayoutDate: '2026-04-15',
    })

    const portal = async (partnerId: string) => new AfflioPortal({ token: (await p.afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const forAlice = await (await portal(alice.id)).payouts.get()
    expect(forAlice.nextPayoutAt).toBe('2026-04-15')
    expect(forAlice.balances.map((b) => [b.currency, b.nextPayout])).toEqual([
      ['USD', { included: true, reason: null }],
      ['EUR', { included: false, reason: 'currency_not_scheduled' }],
    ])
    expect((await (await portal(bob.id)).payouts.get()).balances[0]!.nextPayout).toEqual({ included: false, reason: 'missing_payout_details' })
    expect((await (await portal(carol.id)).payouts.get()).balances[0]!.nextPayout).toEqual({ included: false, reason: 'below_minimum' })

    // A run on the payout day pays it: the next date moves a month on. The EUR balance waits.
    ctx.clock.set('2026-04-15T08:00:00.000Z')
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts.map((x) => [x.partnerId, x.currency])).toEqual([[alice.id, 'USD']])
    expect((await p.afflio.payouts.runs.preview()).nextPayoutDate).toBe('2026-05-15')
    expect((await (await portal(alice.id)).payouts.get()).nextPayoutAt).toBe('2026-05-15')

    // Weekly, every currency; then no schedule at all.
    await p.afflio.settings.update({ payoutSchedule: { frequency: 'weekly', dayOfWeek: 5, currencies: null } })
    expect((await p.afflio.payouts.runs.preview()).nextPayoutDate).toBe('2026-04-17')
    expect((await (await portal(alice.id)).payouts.get()).balances.find((b) => b.currency === 'EUR')!.nextPayout).toEqual({ included: true, reason: null })
    await p.afflio.settings.update({ payoutSchedule: null })
    const unscheduled = await (await portal(alice.id)).payouts.get()
    expect([unscheduled.nextPayoutAt, unscheduled.balances[0]!.nextPayout]).toEqual([null, null])
  })

  it('refuses a schedule that is not one', async () => {
    const p = await payoutProgram(ctx)
    const bad = (payoutSchedule: unknown) => p.afflio.settings.update({ payoutSchedule } as never).then(() => null, (e: AfflioApiError) => [e.status, e.code])
    expect(await bad({ frequency: 'monthly', dayOfMonth: 32, currencies: null })).toEqual([400, 'invalid_request'])
    expect(await bad({ frequency: 'weekly', dayOfWeek: 0, currencies: null })).toEqual([400, 'invalid_request'])
    expect(await bad({ frequency: 'daily', currencies: null })).toEqual([400, 'invalid_request'])
    expect(await bad({ frequency: 'monthly', dayOfMonth: 1, currencies: ['ZZZ'] })).toEqual([400, 'invalid_request'])
    expect(await bad({ frequency: 'monthly', dayOfMonth: 1, currencies: [] })).toEqual([400, 'invalid_request'])
    expect((await p.afflio.settings.get()).payoutSchedule).toBeNull()
    const notBoolean = await p.afflio.settings.update({ automaticPayoutRuns: 'no' } as never).then(() => null, (e: AfflioApiError) => [e.status, e.code, e.field])
    expect(notBoolean).toEqual([400, 'invalid_request', 'automaticPayoutRuns'])
  })

  it('turns automatic runs off and on, audited with the other settings', async () => {
    const p = await payoutProgram(ctx)
    expect((await p.afflio.settings.get()).automaticPayoutRuns).toBe(true)
    expect((await p.afflio.settings.update({ automaticPayoutRuns: false })).automaticPayoutRuns).toBe(false)
    const [entry] = (await p.afflio.auditLog.list({ action: 'program.settings_changed' })).data
    expect([entry!.before, entry!.after]).toEqual([{ automaticPayoutRuns: true }, { automaticPayoutRuns: false }])
  })
})
