// A partner's email about a commission says why it has its amount in the steps the portal shows: a split
// sale stepped down by a budget, through the real app and database, the budget unnamed in both.
import { inEnglish, reasonSteps } from '@afflio/sdk/reason'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatMoney, formatPercent } from '../kernel/money.ts'
import { splitSalesProgram } from '../testing-sales.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { deliverEmails, type MailTransport } from './deliver-emails.ts'

type Sent = Parameters<MailTransport['sendMail']>[0]

describe.each(dialects)('a commission’s email on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => void (ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  it('a split, stepped-down commission: the email says the portal’s steps, with the same money, the budget unnamed', async () => {
    // Alice (P0) earns 35%, Carol (P1) 30%; the program splits a click and a code of two partners, and a budget steps down to half.
    const p = await splitSalesProgram(ctx)
    const { alice } = p
    await p.afflio.budgets.create({ name: 'Monthly', scope: 'program', period: 'month', amountMinor: 1, currency: 'USD', overCap: 'step_down', stepDownBps: 5000 })
    const [click] = await p.clicks('P0', 1)
    ctx.clock.set('2026-11-01T13:00:00.000Z')
    const own = (await p.afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId: click!, couponCode: 'carol10' })).commission!
    expect(own).toMatchObject({ partnerId: alice, amountMinor: 750 })

    const sent: Sent[] = []
    await ctx.drain()
    await deliverEmails(ctx.db, { now: ctx.clock.now(), transport: { sendMail: async (m) => void sent.push(m) }, from: 'Afflio <no-reply@afflio.test>', publicUrl: 'http://afflio.test' })
    const mail = sent.find((m) => m.to === 'p0@acme.io')!
    expect(mail.subject).toBe('You earned USD 7.50')
    expect(mail.text).toContain(
      'You earned USD 7.50 (Performance tiers v1: 35% of a USD 100.00 sale = USD 35.00. ' +
        'Shared with another partner: 50% of USD 30.00, the lower of the two partners’ commissions = USD 15.00. ' +
        'The program’s commission budget for this period is reached: 50% of USD 15.00 = USD 7.50).',
    )
    expect(`${mail.text}${mail.html}`).not.toMatch(/Monthly|bud_/)

    // What Alice's portal lists, in its steps (the widgets' renderer, with English words and the email's money): the email's, one by one.
    const portal = await p.portalOf(alice)
    const listed = (await portal.commissions.list()).data.find((c) => c.id === own.id)!
    const steps = reasonSteps(listed.reasonData!, { t: inEnglish, money: formatMoney, rate: formatPercent, count: String }, listed)
    expect(steps).toHaveLength(3)
    expect(mail.text).toContain(`(${steps.join('. ')})`)
    expect((await portal.notices.list()).data[0]).toMatchObject({ kind: 'commission_earned', body: expect.stringContaining(steps.join('. ')) })
  })
})
