// A partner's payout history past its first page: the portal's payouts answer carries the 50 newest and a
// cursor, and the rest pages on (the portal and the console's partner page alike), so nothing is cut off.
import { AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { payoutProgram } from '../testing-payouts.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('payout history on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterEach(() => ctx.close())

  it('pages every payout, newest first, in the portal and for the program', { timeout: 120_000 }, async () => {
    const p = await payoutProgram(ctx)
    const ada = await p.partner('Ada', { method: 'paypal', email: 'ada@paypal.test' })
    const bob = await p.partner('Bob', { method: 'paypal', email: 'bob@paypal.test' })
    const ids: string[] = []
    for (let i = 0; i < 53; i++) {
      await p.earn(ada, [[1_000 + i]])
      if (i === 0) await p.earn(bob, [[500]])
      await p.settle()
      const run = await p.afflio.payouts.runs.create()
      await p.afflio.payouts.runs.markPaid(run.id)
      ids.unshift(run.payouts.find((x) => x.partnerId === ada.id)!.id)
    }
    const { token } = await p.afflio.embedTokens.create({ partnerId: ada.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })

    const first = await portal.payouts.get()
    expect(first.history.map((x) => x.id)).toEqual(ids.slice(0, 50))
    expect(first.historyNextCursor).toBe(ids[49])
    const rest = await portal.payouts.history({ cursor: first.historyNextCursor! })
    expect(rest).toEqual({ data: expect.any(Array), nextCursor: null })
    expect(rest.data.map((x) => [x.id, x.amountMinor, x.status])).toEqual([
      [ids[50], 1_002, 'paid'],
      [ids[51], 1_001, 'paid'],
      [ids[52], 1_000, 'paid'],
    ])
    // The paid total is the sum of the whole history, as the portal's cards say
    const all = [...first.history, ...rest.data]
    expect(all.reduce((sum, x) => sum + x.amountMinor, 0)).toBe(first.balances[0]!.paidMinor)

    // The console's partner page reads the same pages
    const view = await p.afflio.partners.payouts(ada.id)
    expect([view.history.map((x) => x.id), view.historyNextCursor]).toEqual([first.history.map((x) => x.id), first.historyNextCursor])
    expect(await p.afflio.partners.payoutHistory(ada.id, { cursor: view.historyNextCursor!, limit: 2 })).toEqual({ data: rest.data.slice(0, 2), nextCursor: ids[51] })
    // listAll's walk, page by page to the end (a page of 50 and one of 3; of 20, 20 and 13)
    const walked = async (all: AsyncGenerator<{ id: string }>) => {
      const out: string[] = []
      for await (const x of all) out.push(x.id)
      return out
    }
    expect(await walked(portal.payouts.historyAll())).toEqual(ids)
    expect(await walked(p.afflio.partners.payoutHistoryAll(ada.id, { limit: 20 }))).toEqual(ids)

    // Only the partner's own: Bob's payout is not in Ada's history, and a cursor that is no payout id is refused
    expect(all.some((x) => x.amountMinor === 500)).toBe(false)
    const bobs = await p.afflio.partners.payouts(bob.id)
    expect([bobs.history.map((x) => x.amountMinor), bobs.historyNextCursor]).toEqual([[500], null])
    const bad = await portal.payouts.history({ cursor: 'com_nope' }).catch((e: unknown) => e)
    expect([(bad as AfflioApiError).status, (bad as AfflioApiError).field]).toEqual([400, 'cursor'])
  })
})
