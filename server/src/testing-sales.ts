// A program with partners and a way to credit them sales through real clicks, for tests of what sales
// earn (budgets, backtests). Each click comes from an address of its own, like a person's browser.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { BROWSER_UA, type TestContext } from './testing.ts'

/**
 * A program paying 10% by default, with partners P0…P(n-1) (`p0@acme.io`, link code `P0`). Needs
 * `rateLimit: { trustProxy: true }`. `program`: one made before (a migration test makes it on the old schema).
 */
export async function salesProgram(ctx: TestContext, partners: number, program?: Awaited<ReturnType<TestContext['createProgram']>>) {
  const keys = program ?? (await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } }))
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  const codes: string[] = []
  const ids: string[] = []
  for (let i = 0; i < partners; i++) {
    ids.push((await afflio.partners.create({ email: `p${i}@acme.io`, linkCode: `P${i}` })).id)
    codes.push(`P${i}`)
  }
  let ip = 0
  /** `n` clicks on the partner's link: their ids. */
  const clicks = async (code: string, n: number) => {
    const out: string[] = []
    for (let i = 0; i < n; i++) {
      ip++
      const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': `10.3.${ip >> 8}.${ip & 255}`, 'user-agent': BROWSER_UA }, body: JSON.stringify({ key: keys.publishableKey, code }) })
      out.push((await res.json()).clickId)
    }
    return out
  }
  /** The partner's portal client, through a fresh embed token. */
  const portalOf = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
  return { keys, afflio, codes, partnerIds: ids, clicks, portalOf }
}

/** Alice (P0) earns 35%, Carol (P1) 30% with code CAROL10; the program splits a sale that a click and a code of two partners both claim. */
export async function splitSalesProgram(ctx: TestContext) {
  const p = await salesProgram(ctx, 2)
  const [alice, carol] = p.partnerIds as [string, string]
  await p.afflio.settings.update({ couponPolicy: { conflict: 'split' } })
  await p.afflio.rules.create({ name: 'Performance tiers', event: 'sale', type: 'percent', value: 3500, partnerId: alice })
  await p.afflio.rules.create({ name: 'Coupon sites', event: 'sale', type: 'percent', value: 3000, partnerId: carol })
  await p.afflio.couponCodes.create({ partnerId: carol, code: 'CAROL10' })
  return { ...p, alice, carol }
}
