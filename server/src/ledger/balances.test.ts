// Which currencies a partner's balances list: every currency it has a commission in, at zero when none of
// them counts any more (all reversed or fraud), the same on every surface that reads ledger/queries.ts.
import { AfflioPortal } from '@afflio/sdk'
import type { LedgerTotals } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

const zero = (currency: string): LedgerTotals => ({ currency, pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 })

describe.each(dialects)('balances on %s', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
  })
  afterAll(async () => {
    await ctx.close()
  })

  it('keeps a currency whose commissions were all reversed or marked fraud, at zero, on every surface', async () => {
    const p = await payoutProgram(ctx)
    const from = ctx.clock.now().toISOString().slice(0, 10)
    const rita = await p.partner('Rita', { method: 'paypal', email: 'rita@paypal.test' })
    const [usd] = await p.earn(rita, [[2500]])
    const [eur] = await p.earn(rita, [[700, 'EUR']])
    const [gbp] = await p.earn(rita, [[900, 'GBP']])
    await p.earn(rita, [[400, 'CAD']])
    // USD and EUR refunded in full before any payout (reversed); GBP marked fraud; CAD still pending.
    await p.afflio.track.refund({ invoiceId: usd!.invoiceId })
    await p.afflio.track.refund({ invoiceId: eur!.invoiceId })
    await p.afflio.commissions.markFraud(gbp!.commission.id, 'stolen card')
    const statuses = (await p.afflio.commissions.list({ partnerId: rita.id })).data.map((c) => [c.currency, c.status]).sort()
    expect(statuses).toEqual([
      ['CAD', 'pending'],
      ['EUR', 'reversed'],
      ['GBP', 'fraud'],
      ['USD', 'reversed'],
    ])
    const cad = { ...zero('CAD'), pendingMinor: 400 }

    // GET /v1/balances, for the partner and for the program: one entry per currency, the zero ones kept.
    const balances = [cad, zero('EUR'), zero('GBP'), zero('USD')].map((t) => ({ partnerId: rita.id, ...t }))
    expect(await p.afflio.payouts.balances({ partnerId: rita.id })).toEqual(balances)
    expect(await p.afflio.payouts.balances()).toEqual(balances)

    // The portal and the partner's page in the console: the same currencies (the program's first).
    const portalBalances = [zero('USD'), cad, zero('EUR'), zero('GBP')].map((t) => ({ ...t, minimumMinor: 0, nextPayout: null }))
    const { token } = await p.afflio.embedTokens.create({ partnerId: rita.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 })
    expect((await portal.payouts.get()).balances).toEqual(portalBalances)
    expect((await p.afflio.partners.payouts(rita.id)).balances).toEqual(portalBalances)
    // The period's earnings, in the portal and on the partner's page, and the program's totals.
    const to = ctx.clock.now().toISOString().slice(0, 10)
    const earnings = [zero('USD'), cad, zero('EUR'), zero('GBP')]
    expect((await portal.overview({ from, to })).earnings).toEqual(earnings)
    expect((await p.afflio.partners.overview(rita.id, { from, to })).earnings).toEqual(earnings)
    expect((await p.afflio.program.overview()).commissions).toEqual(earnings)
  })
})
