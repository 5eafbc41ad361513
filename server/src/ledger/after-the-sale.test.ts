// What happens after a sale (issue "One ledger", side effects after the ledger): the sale, its commission
// and a 'sale.credited' event commit in one transaction; onboarding, challenges and the partner's notice
// react to the event afterwards (kernel/events.ts). A failing reaction neither fails nor undoes the sale and
// is run again by the loop; an event whose process stopped is finished by the loop; a reaction run twice
// at once writes once.
import { Afflio } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { eventRetryDelayMs, runEvent, type InternalEvent } from '../kernel/events.ts'
import { newId } from '../kernel/ids.ts'

it('retries a failed reaction after 1m, 5m, 30m, 2h, 8h, 24h, 24h, then gives up', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8].map(eventRetryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 28_800_000, 86_400_000, 86_400_000, null])
})

describe.each(dialects)('after the sale on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  let ann = ''
  let clickId = ''

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    await afflio.settings.update({ holdingDays: 0 })
    await afflio.onboarding.setChecklist({ steps: [{ kind: 'first_sale', title: 'Make a sale' }] })
    await afflio.challenges.create({ name: 'First one', metric: 'sales', target: 1, startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z', reward: { amountMinor: 500, currency: 'USD' } })
    ann = (await afflio.partners.create({ email: 'ann@partners.test', linkCode: 'ANN' })).id
    const res = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.7' }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN' }) })
    clickId = ((await res.json()) as { clickId: string }).clickId
  })
  afterEach(() => ctx.close())

  const sale = async () =>
    ctx.app.request('/v1/track/sale', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceId: 'inv_1', amountMinor: 10_000, currency: 'USD', clickId }),
    })
  const stored = async () => ({
    sales: (await ctx.db.selectFrom('sales').select('id').execute()).length,
    commissions: (await ctx.db.selectFrom('commissions').select(['kind', 'amount_minor']).orderBy('kind').execute()).map((c) => [c.kind, Number(c.amount_minor)]),
    firstSale: (await afflio.onboarding.progress(ann)).steps[0]!.done,
    notices: (await ctx.db.selectFrom('messages').select('subject').where('partner_id', '=', ann).execute()).map((m) => m.subject),
    emails: (await ctx.db.selectFrom('email_outbox').select('id').where('partner_id', '=', ann).execute()).length,
  })
  const saleEvent = () => ctx.db.selectFrom('internal_events').selectAll().where('type', '=', 'sale.credited').executeTakeFirstOrThrow()
  const runs = async () =>
    (await ctx.db.selectFrom('internal_event_reactions').select('reaction').execute()).map((r) => r.reaction).sort()
  const everything = { sales: 1, commissions: [['bonus', 500], ['sale', 1000]], firstSale: true, notices: ['Challenge met: First one'], emails: 2 } // emails: the commission earned and the challenge met

  it('records the sale when a reaction throws, and the loop runs that reaction again later, the others once', async () => {
    const errors: unknown[] = []
    ctx.events.options.onError = (err) => void errors.push(err)
    let failing = true
    let calls = 0
    ctx.events.on('sale.credited', 'test.flaky', async (tx, e) => {
      calls++
      await tx.updateTable('partners').set({ name: `touched by ${e.id}` }).where('id', '=', e.data.partnerId).execute() // undone with the failure
      if (failing) throw new Error('boom')
    })

    const res = await sale()
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ sale: { invoiceId: 'inv_1', partnerId: ann }, commission: { amountMinor: 1000 }, duplicate: false })
    await ctx.drain()
    // The sale stands, and every other reaction ran: onboarding, the challenge bonus, its notice.
    expect(await stored()).toEqual(everything)
    expect(errors).toHaveLength(1)
    expect((await afflio.partners.get(ann)).name).toBeNull()
    expect(await saleEvent()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'test.flaky: boom' })

    // Not before its backoff; then the loop runs only what is not done, until it succeeds.
    expect(await ctx.dispatchDue()).toEqual({ attempted: 0, done: 0, failed: 0 })
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
    expect(await ctx.dispatchDue()).toEqual({ attempted: 1, done: 0, failed: 1 })
    expect(await saleEvent()).toMatchObject({ status: 'pending', attempts: 2 })
    failing = false
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 5 * 60_000).toISOString())
    expect(await ctx.dispatchDue()).toEqual({ attempted: 1, done: 1, failed: 0 })
    expect(calls).toBe(4) // the first run twice (without savepoints, then with them after the throw); retries with them
    const event = await saleEvent()
    expect(event).toMatchObject({ status: 'done', attempts: 2, next_attempt_at: null })
    expect((await afflio.partners.get(ann)).name).toBe(`touched by ${event.id}`)
    expect(await stored()).toEqual(everything)
    expect(await runs()).toEqual(['challenges.after_sale', 'messaging.commission_notice', 'messaging.notify_partner', 'onboarding.first_sale', 'test.flaky'])
    ctx.clock.advanceDays(1)
    expect(await ctx.dispatchDue()).toEqual({ attempted: 0, done: 0, failed: 0 })
  })

  it('finishes the reactions of a sale whose process stopped before them, from the loop after the lease', async () => {
    ctx.events.options.maxQueue = 0 // nothing runs in process: as if the server stopped right after the commit
    expect((await sale()).status).toBe(201)
    await ctx.drain()
    expect(await stored()).toEqual({ sales: 1, commissions: [['sale', 1000]], firstSale: false, notices: [], emails: 0 })
    expect(await ctx.dispatchDue()).toEqual({ attempted: 0, done: 0, failed: 0 }) // still the writer's (lease)

    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
    ctx.events.options.maxQueue = undefined
    expect(await ctx.dispatchDue()).toEqual({ attempted: 1, done: 1, failed: 0 })
    await ctx.drain() // the bonus's notice, an event of its own, ran in process
    expect(await stored()).toEqual(everything)
  })

  it('writes each reaction once when two processes run the same event at once', async () => {
    ctx.events.options.maxQueue = 0
    expect((await sale()).status).toBe(201)
    ctx.events.options.maxQueue = undefined
    const row = await saleEvent()
    const event: InternalEvent = { id: row.id, type: 'sale.credited', programId: row.program_id, data: JSON.parse(row.payload), createdAt: row.created_at, attempts: 0 }
    const now = ctx.clock.now()
    expect(await Promise.all([runEvent(ctx.events, event, now), runEvent(ctx.events, event, now), runEvent(ctx.events, event, now)])).toEqual([true, true, true])
    await ctx.drain()
    expect(await stored()).toEqual(everything)
    expect(await ctx.db.selectFrom('challenge_rewards').select('id').execute()).toHaveLength(1)
    expect(await runs()).toEqual(['challenges.after_sale', 'messaging.commission_notice', 'messaging.notify_partner', 'onboarding.first_sale'])
  })

  it('answers sales sent together each on its own: one naming an unknown click is 404, a repeated invoice is one sale, the rest are stored', async () => {
    // On SQLite these share one transaction (group commit); the failing one must not undo or fail the others.
    const unknownClick = newId('clk', ctx.clock.now().getTime()) // within the retention, so not a pruned click: 404
    const bodies = Array.from({ length: 12 }, (_, i) => ({ invoiceId: `inv_t${i === 9 ? 3 : i}`, amountMinor: 1000, currency: 'USD', clickId: i === 5 ? unknownClick : clickId }))
    const answers = await Promise.all(
      bodies.map((body) => ctx.app.request('/v1/track/sale', { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    )
    // inv_t3 twice (3 and 9): one of the two is stored (201; on Postgres either may win), the other answered with it (200).
    const statuses = answers.map((a) => a.status)
    const repeat = (i: number) => i === 3 || i === 9
    expect(statuses.map((s, i) => (repeat(i) ? 'repeat' : s))).toEqual(bodies.map((_, i) => (repeat(i) ? 'repeat' : i === 5 ? 404 : 201)))
    expect([statuses[3], statuses[9]].sort()).toEqual([200, 201])
    const repeated = await Promise.all([answers[3]!, answers[9]!].map(async (a) => ((await a.json()) as { sale: { id: string } }).sale.id))
    expect(repeated[0]).toBe(repeated[1])
    expect(((await answers[5]!.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const invoices = (await ctx.db.selectFrom('sales').select('invoice_id').execute()).map((r) => r.invoice_id).sort()
    expect(invoices).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 10, 11].map((i) => `inv_t${i}`).sort())
    const commissions = await ctx.db.selectFrom('commissions').select('sale_id').where('kind', '=', 'sale').execute()
    expect(new Set(commissions.map((c) => c.sale_id)).size).toBe(10)
    expect(commissions).toHaveLength(10)
    expect(await ctx.db.selectFrom('internal_events').select('id').where('type', '=', 'sale.credited').execute()).toHaveLength(10)
    await ctx.drain()
  })

  it('keeps a sale out of reach of a slow reaction: the answer does not wait for it', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let started = false
    ctx.events.on('sale.credited', 'test.slow', async () => {
      started = true
      await gate
    })
    const answered = await Promise.race([sale().then((r) => r.status), new Promise((resolve) => setTimeout(() => resolve('waited'), 2000))])
    expect(answered).toBe(201)
    release()
    await ctx.drain()
    expect(started).toBe(true)
    expect(await stored()).toEqual(everything)
  })
})
