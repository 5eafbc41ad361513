// A fixture for the suites on what a recruiter sees of its recruit's commissions: a program paying a
// recruiter 10% of its recruit's (no holding period), Rita who recruited Bee, and the recruiter's views.
import type { PayoutDetails } from '@afflio/sdk/types'
import { BROWSER_UA, type TestContext } from './testing.ts'
import { payoutProgram } from './testing-payouts.ts'

/** `recruiterDetails`: Rita's payout details, for a run to pay her. */
export async function recruiterProgram(ctx: TestContext, recruiterDetails?: PayoutDetails) {
  const p = await payoutProgram(ctx, { holdingDays: 0, secondTierRateBps: 1000 })
  const rita = await p.partner('Rita', recruiterDetails)
  const bee = await p.partner('Bee')
  await p.afflio.partners.update(bee.id, { referredById: rita.id })

  /** A browser's click on Bee's link: its click id. */
  const clickRecruit = async (): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-forwarded-for': '198.51.100.7', 'user-agent': BROWSER_UA },
      body: JSON.stringify({ key: p.keys.publishableKey, code: bee.code }),
    })
    return ((await res.json()) as { clickId: string }).clickId
  }
  /** Rita's latest commission as the program reads it. */
  const recruiterRow = async () => (await p.afflio.commissions.list({ partnerId: rita.id })).data[0]!
  /** What Rita's portal answers at `path` (her commissions by default), as sent. */
  const recruiterPortal = async (path = '/v1/portal/commissions'): Promise<Response> => {
    const { token } = await p.afflio.embedTokens.create({ partnerId: rita.id })
    return ctx.app.request(path, { headers: { authorization: `Bearer ${token}` } })
  }
  return { ...p, rita, bee, clickRecruit, recruiterRow, recruiterPortal }
}
