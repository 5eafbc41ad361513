// Writes a client or a manager can send twice at once, sent at once through two servers (two apps, each with
// its own pool) on one database, many times over: each must happen exactly once, the other answer the same
// outcome or a 4xx, never a 500, and the records written (audit entries, rows) must tell one story.
// Races covered elsewhere: claims (claims.test.ts), bounty approvals and caps (bounties.test.ts, bonus-budgets),
// payout runs (payouts.test.ts, scheduled-runs.test.ts), budgets (budgets.test.ts), a challenge's bonus
// (challenges.test.ts), one invoice or refund twice (loop.test.ts, stripe.test.ts), a refund and a payout run
// (ledger-races.test.ts), a deal registered twice (deals.test.ts).
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from './app.ts'
import { eventBusOf } from './kernel/events.ts'
import { ADMIN_TOKEN, createTestContext, dialects, LOOPBACK, type TestContext, WAITING_ON_ME } from './testing.ts'
import { payoutProgram } from './testing-payouts.ts'

/** Each race this many times: interleavings differ run to run. SQLite takes one writer at a time. */
const ROUNDS = process.env.AFFLIO_TEST_POSTGRES_URL ? 20 : 3
vi.setConfig({ testTimeout: 180_000 }) // 20 rounds of a few writes each, on a busy machine

describe.each(dialects)('writes sent twice at once through two servers on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  /** The same program's API through the second server */
  let other: Afflio
  let drainOther: () => Promise<void>
  let portalsOf: (partnerId: string) => Promise<[AfflioPortal, AfflioPortal]>
  beforeEach(async () => {
    // Each click comes from an address of its own (X-Forwarded-For): 20 rounds of clicks from one would
    // empty its rate-limit bucket, whose clock is the test's and never refills
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    p = await payoutProgram(ctx)
    const db = ctx.connectAgain()
    const app = createApp({ db, now: ctx.clock.now, adminToken: ADMIN_TOKEN, webhookNetworks: LOOPBACK, rateLimit: { trustProxy: true } })
    drainOther = () => eventBusOf(db)!.drain()
    const fetchOther = async (input: RequestInfo | URL, init?: RequestInit) => app.request(input as string, init)
    const fetchOne = async (input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)
    other = new Afflio({ secretKey: p.keys.secretKey, baseUrl: 'http://afflio.test', fetch: fetchOther, maxRetries: 0 })
    portalsOf = async (partnerId) => {
      const { token } = await p.afflio.embedTokens.create({ partnerId })
      return [fetchOne, fetchOther].map((f) => new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: f, maxRetries: 0 })) as [AfflioPortal, AfflioPortal]
    }
  })
  afterEach(async () => {
    await drainOther()
    await ctx.close()
  })

  /** Both calls at once; each answer as its status (200 for a success) and its value or error code. */
  const both = async <A, B>(a: () => Promise<A>, b: () => Promise<B>) => {
    const settled = await Promise.allSettled([a(), b()])
    return settled.map((s) => {
      if (s.status === 'fulfilled') return { status: 200, value: s.value as A & B, code: null, message: null }
      if (s.reason instanceof AfflioApiError) return { status: s.reason.status, value: undefined, code: s.reason.code as string, message: s.reason.message }
      throw s.reason
    })
  }
  const audits = (subjectId: string) =>
    ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('subject_id', '=', subjectId).orderBy('id').execute()

  it('approving an application twice, or approving and rejecting it, decides it once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const twice = await p.afflio.applications.create({ email: `twice${i}@apply.test`, name: 'Twice' })
      const answers = await both(() => p.afflio.applications.approve(twice.id), () => other.applications.approve(twice.id))
      expect(answers.map((a) => a.status)).toEqual([200, 200])
      expect(answers[0]!.value!.partner.id).toBe(answers[1]!.value!.partner.id)
      expect(await ctx.db.selectFrom('partners').select('id').where('email', '=', `twice${i}@apply.test`).execute()).toHaveLength(1)
      expect((await audits(twice.id)).map((a) => a.action)).toEqual(['application.approved'])

      const split = await p.afflio.applications.create({ email: `split${i}@apply.test`, name: 'Split' })
      const decided = await both(() => p.afflio.applications.approve(split.id), () => other.applications.reject(split.id, 'Not a fit'))
      expect(decided.map((a) => a.status).sort()).toEqual([200, 409])
      const won = decided[0]!.status === 200 ? 'approved' : 'rejected'
      expect((await p.afflio.applications.get(split.id)).status).toBe(won)
      expect(await ctx.db.selectFrom('partners').select('id').where('email', '=', `split${i}@apply.test`).execute()).toHaveLength(won === 'approved' ? 1 : 0)
      expect((await audits(split.id)).map((a) => a.action)).toEqual([`application.${won}`])
    }
  })

  it('deciding a deal twice at once decides it once; marking it won twice records one sale', async () => {
    const ann = await p.partner('Ann')
    const [mine] = await portalsOf(ann.id)
    for (let i = 0; i < ROUNDS; i++) {
      const register = (company: string) => mine.deals.register({ company: `${company} ${i}`, contactName: 'Bo', contactEmail: `bo@${company.toLowerCase()}${i}.test` })
      const a = await register('Approved')
      const approvals = await both(() => p.afflio.deals.approve(a.id), () => other.deals.approve(a.id))
      expect(answersOf(approvals)).toEqual([200, 200])
      expect((await audits(a.id)).map((x) => x.action)).toEqual(['deal.approved'])

      const b = await register('Decided')
      const split = await both(() => p.afflio.deals.approve(b.id), () => other.deals.reject(b.id, { reason: 'Ours already' }))
      expect(answersOf(split).sort()).toEqual([200, 409])
      expect((await audits(b.id)).map((x) => x.action)).toEqual([split[0]!.status === 200 ? 'deal.approved' : 'deal.rejected'])

      // Won twice with one invoice (a retry) or with two (two managers): one sale, one commission, one entry.
      const won = { invoiceId: `in_deal_${i}`, amountMinor: 1000, currency: 'USD' }
      const wins = await both(() => p.afflio.deals.markWon(a.id, won), () => other.deals.markWon(a.id, i % 2 ? won : { ...won, invoiceId: `in_deal_${i}_b` }))
      expect(answersOf(wins)).toEqual(i % 2 ? [200, 200] : expect.arrayContaining([200, 409]))
      const sales = await ctx.db.selectFrom('sales').select('id').where('invoice_id', 'like', `in_deal_${i}%`).where('invoice_id', 'not like', `in_deal_${i}0%`).execute()
      expect(sales).toHaveLength(1)
      expect(await ctx.db.selectFrom('commissions').select('id').where('sale_id', '=', sales[0]!.id).execute()).toHaveLength(1)
      expect((await audits(a.id)).map((x) => x.action)).toEqual(['deal.approved', 'deal.won'])

      // Won and lost at once: one of them.
      const c = await register('Closing')
      await p.afflio.deals.approve(c.id)
      const closing = await both(() => p.afflio.deals.markWon(c.id, { ...won, invoiceId: `in_close_${i}` }), () => other.deals.markLost(c.id, { reason: 'Went elsewhere' }))
      expect(answersOf(closing).sort()).toEqual([200, 409])
      const sold = await ctx.db.selectFrom('sales').select('id').where('invoice_id', '=', `in_close_${i}`).execute()
      expect(sold).toHaveLength(closing[0]!.status === 200 ? 1 : 0)
      expect((await audits(c.id)).map((x) => x.action)).toEqual(['deal.approved', closing[0]!.status === 200 ? 'deal.won' : 'deal.lost'])
    }
  })

  it.runIf(dialect === 'postgres')('a deal marked lost as it is won: the loss waits for the win, then answers 409', async () => {
    const ann = await p.partner('Ann')
    const [mine] = await portalsOf(ann.id)
    const deal = await mine.deals.register({ company: 'Closing', contactName: 'Bo', contactEmail: 'bo@closing.test' })
    await p.afflio.deals.approve(deal.id)
    // The win's own transaction, held open at the moment it has moved the deal (markDealWon does it in its sale's).
    const schema = (await ctx.db.selectNoFrom((e) => e.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s
    const winner = new pg.Client({ connectionString: process.env.AFFLIO_TEST_POSTGRES_URL })
    await winner.connect()
    try {
      await winner.query(`set search_path to "${schema}"`)
      await winner.query('begin')
      await winner.query(`update deals set status = 'won', invoice_id = 'in_won' where id = $1`, [deal.id])
      const lost = other.deals.markLost(deal.id, { reason: 'Went elsewhere' }).then(() => 200, (e: AfflioApiError) => e.status)
      let waiting = false
      for (let i = 0; i < 200 && !(waiting = (await winner.query(WAITING_ON_ME)).rows[0].n >= 1); i++) await new Promise((r) => setTimeout(r, 25))
      if (!waiting) throw new Error('the loss never waited on the win: no race was made')
      await winner.query('commit')
      expect(await lost).toBe(409)
    } finally {
      await winner.end()
    }
    expect((await p.afflio.deals.get(deal.id)).status).toBe('won')
    expect((await audits(deal.id)).map((x) => x.action)).toEqual(['deal.approved'])
  })

  it("a newsletter sent twice at once goes out once, to each recipient once", async () => {
    const ann = await p.partner('Ann')
    const bob = await p.partner('Bob')
    for (let i = 0; i < ROUNDS; i++) {
      const letter = await p.afflio.newsletters.create({ subject: `News ${i}`, body: 'Hello', audience: { partnerIds: [ann.id, bob.id] } })
      const sends = await both(() => p.afflio.newsletters.send(letter.id), () => other.newsletters.send(letter.id))
      expect(answersOf(sends).sort()).toEqual([200, 409])
      expect(await ctx.db.selectFrom('newsletter_recipients').select('partner_id').where('newsletter_id', '=', letter.id).execute()).toHaveLength(2)
      expect((await audits(letter.id)).filter((x) => x.action === 'newsletter.sent')).toHaveLength(1)
    }
  })

  it("a partner's payout details changed twice at once: one of them stands, and the log tells each change from the one before", async () => {
    const ann = await p.partner('Ann')
    const [mine, again] = await portalsOf(ann.id)
    for (let i = 0; i < ROUNDS; i++) {
      const answers = await both(
        () => mine.payoutDetails.update({ method: 'paypal', email: `ann${i}a@paypal.test` }),
        () => again.payoutDetails.update({ method: 'wise', email: `ann${i}b@wise.test` }),
      )
      expect(answers).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })])
    }
    const log = (await audits(ann.id)).filter((a) => a.action === 'partner.changed').map((a) => ({ before: JSON.parse(a.before!), after: JSON.parse(a.after!) }))
    expect(log).toHaveLength(2 * ROUNDS)
    // An entry names the fields that changed: each one's before is what the entries up to it made them.
    let state: Record<string, unknown> = { payoutMethod: null, payoutTo: null }
    for (const { before, after } of log) {
      expect({ ...state, ...before }).toEqual(state)
      state = { ...state, ...after }
    }
    const stored = await ctx.db.selectFrom('partner_payout_details').select(['method', 'email', 'account_ref']).where('partner_id', '=', ann.id).executeTakeFirstOrThrow()
    expect({ payoutMethod: stored.method, payoutTo: stored.email ?? stored.account_ref }).toEqual(state)
  })

  it('hold, release and mark fraud on one commission at once: each move made once, from the state the other left', async () => {
    const ann = await p.partner('Ann')
    const pairs = [
      ['hold', 'hold'],
      ['hold', 'mark_fraud'],
      ['mark_fraud', 'mark_fraud'],
      ['release', 'release'],
      ['release', 'mark_fraud'],
    ] as const
    for (let i = 0; i < ROUNDS; i++) {
      for (const [first, second] of pairs) {
        const { commission } = await p.sell(ann, 1000)
        if (first === 'release') await p.afflio.commissions.hold(commission.id, 'Review')
        const act = (api: Afflio, action: string) => () =>
          action === 'hold' ? api.commissions.hold(commission.id, 'Review') : action === 'release' ? api.commissions.release(commission.id, 'Fine') : api.commissions.markFraud(commission.id, 'Stolen card')
        const answers = await both(act(p.afflio, first), act(other, second))
        for (const a of answers) expect([200, 409]).toContain(a.status)
        const log = await audits(commission.id)
        // Each entry starts where the one before ended, and the last is where the commission stands.
        for (let n = 1; n < log.length; n++) expect(JSON.parse(log[n]!.before!).status).toBe(JSON.parse(log[n - 1]!.after!).status)
        const now = await ctx.db.selectFrom('commissions').select('status').where('id', '=', commission.id).executeTakeFirstOrThrow()
        expect(JSON.parse(log.at(-1)!.after!).status).toBe(now.status)
        if (first === second) expect(log).toHaveLength(first === 'release' ? 2 : 1) // the hold before a release, then one move
        if (second === 'mark_fraud') expect(now.status).toBe('fraud')
      }
    }
  })

  it('a bounty submitted twice at once takes one submission under a cap of one; one approved and rejected at once is decided once', async () => {
    const bounty = await p.afflio.challenges.create({ metric: 'bounty', name: 'Review us', reward: { amountMinor: 500, currency: 'USD' }, maxPerPartner: 1 })
    for (let i = 0; i < ROUNDS; i++) {
      const who = await p.partner(`Bounty${i}`)
      const [mine, again] = await portalsOf(who.id)
      const submits = await both(() => mine.challenges.submit(bounty.id, { url: `https://blog.test/${i}/a` }), () => again.challenges.submit(bounty.id, { url: `https://blog.test/${i}/b` }))
      expect(answersOf(submits).sort()).toEqual([200, 409])
      const [submitted] = submits.filter((a) => a.status === 200).map((a) => a.value!.id)
      const decided = await both(() => p.afflio.challenges.approveSubmission(submitted!), () => other.challenges.rejectSubmission(submitted!, { reason: 'Not found' }))
      expect(answersOf(decided).sort()).toEqual([200, 409])
      const bonuses = await ctx.db.selectFrom('commissions').select('id').where('partner_id', '=', who.id).execute()
      expect(bonuses).toHaveLength(decided[0]!.status === 200 ? 1 : 0)
      expect((await audits(submitted!)).map((x) => x.action)).toHaveLength(1)
    }
  })

  it('a payout run marked paid twice, or marked paid as one of its payouts is failed: each payout settles once', async () => {
    const partners = [await p.partner('Ann', { method: 'paypal', email: 'ann@paypal.test' }), await p.partner('Bob', { method: 'paypal', email: 'bob@paypal.test' })]
    for (let i = 0; i < ROUNDS; i++) {
      for (const who of partners) await p.earn(who, [[5000]])
      await p.settle()
      const run = await p.afflio.payouts.runs.create()
      expect(run.payouts).toHaveLength(2)
      const marks = i % 2
        ? await both(() => p.afflio.payouts.runs.markPaid(run.id), () => other.payouts.runs.markPaid(run.id))
        : await both(() => p.afflio.payouts.runs.markPaid(run.id), () => other.payouts.fail(run.payouts[0]!.id, { reason: 'Closed account' }))
      for (const a of marks) expect([200, 409]).toContain(a.status)
      const payouts = await ctx.db.selectFrom('payouts').select(['id', 'status']).where('run_id', '=', run.id).execute()
      const events = await ctx.db.selectFrom('internal_events').select('payload').where('type', '=', 'payout.sent').execute()
      for (const { id, status } of payouts) {
        expect(['paid', 'failed']).toContain(status)
        expect(events.filter((e) => JSON.parse(e.payload).payoutId === id)).toHaveLength(status === 'paid' ? 1 : 0)
      }
      // What is owed after: a failed payout's money again, nothing of a paid one.
      const failed = payouts.filter((x) => x.status === 'failed').length
      const balances = await p.afflio.payouts.balances()
      expect(balances.reduce((sum, b) => sum + b.approvedMinor, 0)).toBe(failed * 5000)
      if (failed) await p.afflio.payouts.runs.markPaid((await p.afflio.payouts.runs.create()).id)
    }
  })

  it('a refund sent with the sale of its invoice: the refund applies once the sale is there, or is refused; the ledger adds up', async () => {
    const ann = await p.partner('Ann')
    for (let i = 0; i < ROUNDS; i++) {
      const invoiceId = `in_rs_${i}`
      const clickId = await clickOn(ann.code)
      const answers = await both(
        () => p.afflio.track.sale({ invoiceId, amountMinor: 1000, currency: 'USD', clickId }),
        () => other.track.refund({ invoiceId, refundId: `re_${i}` }),
      )
      expect(answers[0]!.status).toBe(200)
      expect([200, 404, 409]).toContain(answers[1]!.status)
      const rows = await ctx.db.selectFrom('commissions').innerJoin('sales', 'sales.id', 'commissions.sale_id').select(['commissions.status', 'commissions.amount_minor']).where('sales.invoice_id', '=', invoiceId).execute()
      const refunds = await ctx.db.selectFrom('refunds').innerJoin('sales', 'sales.id', 'refunds.sale_id').select('refunds.id').where('sales.invoice_id', '=', invoiceId).execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]!.status).toBe(answers[1]!.status === 200 ? 'reversed' : 'pending')
      expect(refunds).toHaveLength(answers[1]!.status === 200 ? 1 : 0)
    }
  })

  it('two sales crossing a tier threshold at once are priced as if one came after the other', async () => {
    await p.afflio.rules.create({ name: 'Tiered', event: 'sale', type: 'percent', value: 1000, tiers: [{ name: 'Gold', from: 2, value: 2000 }], tierMetric: 'sales', tierPeriod: 'month' })
    for (let i = 0; i < ROUNDS; i++) {
      const who = await p.partner(`Tier${i}`)
      const clickIds: string[] = []
      for (let n = 0; n < 3; n++) clickIds.push(await clickOn(who.code))
      const first = await p.afflio.track.sale({ invoiceId: `in_t${i}_0`, amountMinor: 10_000, currency: 'USD', clickId: clickIds[0]! })
      const answers = await both(
        () => p.afflio.track.sale({ invoiceId: `in_t${i}_1`, amountMinor: 10_000, currency: 'USD', clickId: clickIds[1]! }),
        () => other.track.sale({ invoiceId: `in_t${i}_2`, amountMinor: 10_000, currency: 'USD', clickId: clickIds[2]! }),
      )
      expect(answersOf(answers)).toEqual([200, 200])
      // One after the other: the first of the two sales is the partner's second, the other its third.
      const amounts = answers.map((a) => a.value!.commission!.amountMinor).sort((x, y) => x - y)
      expect([first.commission!.amountMinor, ...amounts]).toEqual(await pricedOneAfterAnother(i))
    }
  })

  /** A click on the partner's link from a browser; its id. */
  const clickOn = async (code: string) => {
    clicks++
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'x-forwarded-for': `198.19.${clicks >> 8}.${clicks & 255}` },
      body: JSON.stringify({ key: p.keys.publishableKey, code }),
    })
    return ((await res.json()) as { clickId: string }).clickId
  }
  let clicks = 0

  /** What three sales of one partner earn, one after the other, under the same rule. */
  const pricedOneAfterAnother = async (i: number) => {
    const who = await p.partner(`Seq${i}`)
    const out: number[] = []
    for (let n = 0; n < 3; n++) {
      const sale = await p.afflio.track.sale({ invoiceId: `in_s${i}_${n}`, amountMinor: 10_000, currency: 'USD', clickId: await clickOn(who.code) })
      out.push(sale.commission!.amountMinor)
    }
    return out
  }
})

function answersOf(answers: Array<{ status: number }>) {
  return answers.map((a) => a.status)
}
