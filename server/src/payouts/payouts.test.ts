// Payouts end to end, through the SDK: balances, runs (idempotent, concurrent), minimums per currency,
// clawbacks carried, failures, CSV exports for PayPal and Wise, and Stripe Connect transfers.
import { AfflioApiError, AfflioPortal } from '@afflio/sdk'
import type { PayoutRun } from '@afflio/sdk/types'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPayoutRun } from './run-payouts.ts'
import { shownCommissions } from '../ledger/index.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { type Earner, json, localServer, payoutProgram, type Recorded } from '../testing-payouts.ts'

describe.each(dialects)('payouts on %s', (dialect) => {
  let ctx: TestContext
  let stripe: Awaited<ReturnType<typeof localServer>>
  // Stripe's answers by destination: a refusal, a flaky 500 (then success), or a transfer.
  let flakyFailures = 0
  const transfers = new Map<string, string>() // idempotency key -> transfer id, as Stripe replays

  beforeAll(async () => {
    stripe = await localServer((req: Recorded, res) => {
      const form = new URLSearchParams(req.body)
      const key = String(req.headers['idempotency-key'])
      if (form.get('destination') === 'acct_declined01') {
        return json(res, 400, { error: { type: 'invalid_request_error', code: 'account_invalid', message: 'The destination account cannot receive transfers.' } })
      }
      if (form.get('destination') === 'acct_flaky0001' && flakyFailures-- > 0) {
        return json(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred' } })
      }
      const id = transfers.get(key) ?? `tr_${Math.random().toString(36).slice(2, 14)}`
      transfers.set(key, id)
      json(res, 200, { id, object: 'transfer', amount: Number(form.get('amount')), currency: form.get('currency'), destination: form.get('destination'), transfer_group: form.get('transfer_group') })
    })
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true }, stripe: { baseUrl: stripe.url } })
  })
  afterAll(async () => {
    await ctx.close()
    await stripe.close()
  })

  // As every surface shows them: in_payout and paid derived from the payout covering each.
  const commissionsOf = (partnerId: string) => ctx.db.selectFrom(shownCommissions(ctx.db).as('commissions')).selectAll().where('partner_id', '=', partnerId).orderBy('id').execute()

  it('pays every partner at or over the minimum, once per currency, and reports who was left out', async () => {
    const p = await payoutProgram(ctx, { payoutMinimums: { USD: 5000 } })
    const alice = await p.partner('Alice', { method: 'paypal', email: 'alice@paypal.test' })
    const bob = await p.partner('Bob', { method: 'wise', email: 'bob@wise.test' })
    const carol = await p.partner('Carol')
    await p.earn(alice, [[3000], [3000], [700, 'EUR']])
    await p.earn(bob, [[4999]])
    await p.earn(carol, [[9000]])

    // Still in the holding period: nothing is owed yet, and a run pays no one.
    expect(await p.afflio.payouts.balances({ partnerId: alice.id })).toEqual([
      { partnerId: alice.id, currency: 'EUR', approvedMinor: 0, pendingMinor: 700, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 0 },
      { partnerId: alice.id, currency: 'USD', approvedMinor: 0, pendingMinor: 6000, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 0 },
    ])
    // Nothing to pay: no run is recorded (never an empty "paid" one), and the answer says so.
    const early = await p.afflio.payouts.runs.create().catch((e: unknown) => e)
    expect(early).toMatchObject({ status: 422, code: 'nothing_to_pay' })
    expect((await p.afflio.payouts.runs.list()).data).toEqual([])
    expect(await p.afflio.payouts.runs.preview()).toEqual({ payees: [], skipped: [], nextPayoutDate: null })

    await p.settle()
    expect((await p.afflio.payouts.balances({ partnerId: alice.id })).map((b) => [b.currency, b.approvedMinor])).toEqual([
      ['EUR', 700],
      ['USD', 6000],
    ])

    const run = await p.afflio.payouts.runs.create({ idempotencyKey: 'november-run' })
    expect(run.status).toBe('created')
    expect(run.payouts.map((x) => [x.partnerId, x.currency, x.amountMinor, x.status, x.method, x.destination, x.provider])).toEqual([
      [alice.id, 'EUR', 700, 'pending', 'paypal', 'alice@paypal.test', 'manual'],
      [alice.id, 'USD', 6000, 'pending', 'paypal', 'alice@paypal.test', 'manual'],
    ])
    expect(run.skipped).toEqual(
      expect.arrayContaining([
        { partnerId: bob.id, currency: 'USD', approvedMinor: 4999, reason: 'below_minimum' },
        { partnerId: carol.id, currency: 'USD', approvedMinor: 9000, reason: 'missing_payout_details' },
      ]),
    )
    expect(run.skipped).toHaveLength(2)

    // Alice's commissions are in her payouts, paid; nobody else's moved.
    const usdPayout = run.payouts.find((x) => x.currency === 'USD')!
    for (const c of await commissionsOf(alice.id)) {
      expect(c.status).toBe('in_payout')
      expect(c.payout_id).toBe(run.payouts.find((x) => x.currency === c.currency)!.id)
    }
    expect((await commissionsOf(bob.id)).map((c) => c.status)).toEqual(['approved'])
    expect(await p.afflio.payouts.balances({ partnerId: alice.id })).toEqual([
      { partnerId: alice.id, currency: 'EUR', approvedMinor: 0, pendingMinor: 0, onHoldMinor: 0, inPayoutMinor: 700, paidMinor: 0 },
      { partnerId: alice.id, currency: 'USD', approvedMinor: 0, pendingMinor: 0, onHoldMinor: 0, inPayoutMinor: 6000, paidMinor: 0 },
    ])

    // The same Idempotency-Key replays the run; a new run pays no one twice.
    const replay = await p.afflio.payouts.runs.create({ idempotencyKey: 'november-run' })
    expect(replay.id).toBe(run.id)
    const preview = await p.afflio.payouts.runs.preview()
    expect(preview.payees).toEqual([])
    expect(preview.skipped.map((s) => s.partnerId).sort()).toEqual([bob.id, carol.id].sort())
    const again = await p.afflio.payouts.runs.create().catch((e: unknown) => e)
    expect(again).toMatchObject({ status: 422, code: 'nothing_to_pay' })

    const fetched = await p.afflio.payouts.runs.get(run.id)
    expect(fetched.payouts.map((x) => x.id)).toEqual(run.payouts.map((x) => x.id))
    const listed = await p.afflio.payouts.runs.list()
    expect(listed.data.map((r) => r.id)).toEqual([run.id])
    expect(listed.data.find((r) => r.id === run.id)!.payouts.find((x) => x.id === usdPayout.id)?.amountMinor).toBe(6000)
  })

  it('pays each commission once when two runs race', async () => {
    const p = await payoutProgram(ctx)
    const partners = []
    for (const name of ['Dora', 'Eli', 'Fay']) {
      const who = await p.partner(name, { method: 'paypal', email: `${name.toLowerCase()}@paypal.test` })
      await p.earn(who, [[1000], [2000], [500, 'EUR']])
      partners.push(who)
    }
    await p.settle()
    // Two API calls at once (different keys), and two more straight at the service.
    const program = await ctx.db.selectFrom('programs').selectAll().where('id', '=', (await p.afflio.program.get()).id).executeTakeFirstOrThrow()
    // The runs that find nothing left to pay answer nothing_to_pay and record nothing.
    const nothing = (e: unknown) => {
      if ((e as { code?: string }).code === 'nothing_to_pay') return null
      throw e
    }
    const runs = await Promise.all([
      p.afflio.payouts.runs.create().catch(nothing),
      p.afflio.payouts.runs.create().catch(nothing),
      createPayoutRun(ctx.db, program, ctx.clock.now()).catch(nothing),
      createPayoutRun(ctx.db, program, ctx.clock.now()).catch(nothing),
    ])
    const payouts = runs.flatMap((r) => r?.payouts ?? [])
    expect((await p.afflio.payouts.runs.list()).data).toHaveLength(runs.filter(Boolean).length)
    expect(payouts).toHaveLength(6) // 3 partners x 2 currencies, across all the runs together
    expect(new Set(payouts.map((x) => `${x.partnerId} ${x.currency}`)).size).toBe(6)
    expect(payouts.filter((x) => x.currency === 'USD').every((x) => x.amountMinor === 3000)).toBe(true)
    for (const who of partners) {
      for (const c of await commissionsOf(who.id)) {
        expect(c.status).toBe('in_payout')
        expect(payouts.filter((x) => x.id === c.payout_id)).toHaveLength(1)
      }
    }
  })

  it('carries a clawback after payout into the next payout, and pays nothing while the net is negative', async () => {
    const p = await payoutProgram(ctx)
    const gil = await p.partner('Gil', { method: 'paypal', email: 'gil@paypal.test' })
    const [first] = await p.earn(gil, [[5000]])
    await p.settle()
    const run1 = await p.afflio.payouts.runs.create()
    expect(run1.payouts.map((x) => x.amountMinor)).toEqual([5000])
    await p.afflio.payouts.runs.markPaid(run1.id)

    // The customer is refunded after the payout: a negative commission, owed back at once.
    const refund = await p.afflio.track.refund({ invoiceId: first!.invoiceId })
    expect(refund.commissions.map((c) => [c.amountMinor, c.status])).toEqual([[-5000, 'approved']])
    expect((await p.afflio.payouts.balances({ partnerId: gil.id }))[0]).toMatchObject({ approvedMinor: -5000, paidMinor: 5000 })

    await p.earn(gil, [[2000]])
    await p.settle()
    expect(await p.afflio.payouts.runs.preview()).toEqual({ payees: [], skipped: [{ partnerId: gil.id, currency: 'USD', approvedMinor: -3000, reason: 'owed_back' }], nextPayoutDate: null })
    const run2 = await p.afflio.payouts.runs.create().catch((e: unknown) => e)
    expect(run2).toMatchObject({ status: 422, code: 'nothing_to_pay', message: expect.stringContaining('1 owed back') })

    await p.earn(gil, [[8000]])
    await p.settle()
    const run3 = await p.afflio.payouts.runs.create()
    expect(run3.payouts.map((x) => x.amountMinor)).toEqual([5000]) // 2000 + 8000 - 5000
    const settled = await commissionsOf(gil.id)
    expect(settled.map((c) => c.status)).toEqual(['paid', 'in_payout', 'in_payout', 'in_payout']) // the first payout was marked paid; the clawback rides in the next
    expect(settled.filter((c) => c.payout_id === run3.payouts[0]!.id).map((c) => Number(c.amount_minor)).sort((a, b) => a - b)).toEqual([-5000, 2000, 8000])
  })

  it('returns a failed payout to the balance, and the next run pays it', async () => {
    const p = await payoutProgram(ctx)
    const hal = await p.partner('Hal', { method: 'paypal', email: 'hal@paypal.test' })
    await p.earn(hal, [[1500], [2500]])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const payout = run.payouts[0]!
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/payouts', events: ['payout.failed', 'payout.paid'] })

    const failed = await p.afflio.payouts.fail(payout.id, { reason: 'PayPal account closed' })
    expect(failed).toMatchObject({ id: payout.id, status: 'failed', failureReason: 'PayPal account closed' })
    expect((await commissionsOf(hal.id)).map((c) => [c.status, c.payout_id])).toEqual([
      ['approved', null],
      ['approved', null],
    ])
    expect((await p.afflio.payouts.balances({ partnerId: hal.id }))[0]).toMatchObject({ approvedMinor: 4000, inPayoutMinor: 0, paidMinor: 0 })
    expect((await p.afflio.payouts.fail(payout.id, { reason: 'again' })).failureReason).toBe('PayPal account closed') // no-op
    expect((await p.afflio.payouts.runs.get(run.id)).status).toBe('paid') // nothing left waiting in it

    const next = await p.afflio.payouts.runs.create()
    expect(next.payouts.map((x) => [x.partnerId, x.amountMinor])).toEqual([[hal.id, 4000]])
    const paid = await p.afflio.payouts.runs.markPaid(next.id)
    expect(paid.status).toBe('paid')
    expect(paid.paidAt).toBe(ctx.clock.now().toISOString())
    expect(paid.payouts.map((x) => x.status)).toEqual(['paid'])
    expect((await p.afflio.payouts.runs.markPaid(next.id)).paidAt).toBe(paid.paidAt) // idempotent

    const refused = await p.afflio.payouts.fail(next.payouts[0]!.id, { reason: 'too late' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AfflioApiError)
    expect((refused as AfflioApiError).status).toBe(409)
    const missing = await p.afflio.payouts.fail('po_00000000000000000000000000', { reason: 'x' }).catch((e: unknown) => e)
    expect((missing as AfflioApiError).status).toBe(404)

    // The program's backend heard of the failure once (failing again changed nothing), and of the payment
    // (by type: the test's clock stood still, and ids of one millisecond are in no set order).
    const programId = (await p.afflio.program.get()).id
    const hooks = await ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'payload']).where('program_id', '=', programId).orderBy('event_type').execute()
    expect(hooks.map((h) => [h.event_type, JSON.parse(h.payload).data.id])).toEqual([
      ['payout.failed', payout.id],
      ['payout.paid', next.payouts[0]!.id],
    ])
    expect(JSON.parse(hooks[0]!.payload)).toMatchObject({ type: 'payout.failed', data: failed })
  })

  it("exports a partner's name so that no spreadsheet runs it as a formula, whatever separator it splits on", async () => {
    const p = await payoutProgram(ctx)
    const names = ['=HYPERLINK("http://evil.test","Pay")', '+cmd|/C calc', '@SUM(A1)', '-1+1', 'Ann;=1+1', 'Bo\t@SUM(A1)', 'Cy, "Jr"\n-2+3']
    const fetchApp = async (input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)
    for (const [i, name] of names.entries()) {
      const partner = await p.afflio.partners.create({ email: `n${i}@partners.test`, name, linkCode: `NAME${i}` })
      const { token } = await p.afflio.embedTokens.create({ partnerId: partner.id })
      await new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 }).payoutDetails.update({ method: 'wise', email: `n${i}@wise.test` })
      await p.earn({ id: partner.id, code: `NAME${i}` }, [[1000 + i]])
    }
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const csv = await p.afflio.payouts.runs.export(run.id, { format: 'wise' })
    const rows = parse(csv, { columns: true }) as Record<string, string>[]
    // The lead a spreadsheet takes as a formula is gone; the rest of the name is kept.
    expect(rows.map((r) => r.name).sort()).toEqual(['1+1', 'Ann;=1+1', 'Bo\t@SUM(A1)', 'Cy, "Jr"\n-2+3', 'HYPERLINK("http://evil.test","Pay")', 'SUM(A1)', 'cmd|/C calc'].sort())
    // A spreadsheet set to split on semicolons or tabs (Excel in much of Europe) starts no cell inside a name:
    // a name holding a separator is quoted, so it stays one cell.
    for (const delimiter of [';', '\t']) {
      const cells = (parse(csv, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][]).flat()
      expect(cells.filter((cell) => /^[=+\-@]/.test(cell)), JSON.stringify(delimiter)).toEqual([])
    }
  })

  it('exports the manual payouts as PayPal Payouts and Wise batch files', async () => {
    const p = await payoutProgram(ctx)
    const ida = await p.partner('Ida', { method: 'paypal', email: 'ida@paypal.test' })
    const jon = await p.partner('Jon', { method: 'wise', email: 'jon@wise.test' })
    const kim = await p.partner('Kim', { method: 'bank', accountRef: 'DE89 3704 0044 0532 0130 00' })
    const lev = await p.partner('Lev', { method: 'bank', accountRef: '12345678 / 020304' })
    await p.earn(ida, [[123456], [995, 'EUR']])
    await p.earn(jon, [[5000, 'JPY']])
    await p.earn(kim, [[1005, 'EUR']])
    await p.earn(lev, [[777]])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts).toHaveLength(5)
    const idOf = (partnerId: string, currency: string) => run.payouts.find((x) => x.partnerId === partnerId && x.currency === currency)!.id

    // PayPal takes one currency per file.
    const mixed = await p.afflio.payouts.runs.export(run.id, { format: 'paypal' }).catch((e: unknown) => e)
    expect((mixed as AfflioApiError).status).toBe(400)
    expect((mixed as AfflioApiError).field).toBe('currency')

    const res = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=paypal&currency=usd`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="afflio-${run.id}-paypal-usd.csv"`)
    const usd = await res.text()
    expect(usd.endsWith('\r\n')).toBe(true)
    expect(parse(usd)).toEqual([['ida@paypal.test', '1234.56', 'USD', idOf(ida.id, 'USD'), 'Affiliate commission payout', 'PAYPAL']])
    const eur = await p.afflio.payouts.runs.export(run.id, { format: 'paypal', currency: 'EUR' })
    expect(parse(eur)).toEqual([['ida@paypal.test', '9.95', 'EUR', idOf(ida.id, 'EUR'), 'Affiliate commission payout', 'PAYPAL']])

    // Wise: email recipients and IBANs; an account number without an IBAN cannot go in this file.
    const wise = await p.afflio.payouts.runs.export(run.id, { format: 'wise' })
    const rows = parse(wise, { columns: true }) as Record<string, string>[]
    expect(Object.keys(rows[0]!)).toEqual(['name', 'recipientEmail', 'paymentReference', 'receiverType', 'amountCurrency', 'amount', 'sourceCurrency', 'targetCurrency', 'IBAN'])
    expect(rows.map((r) => [r.name, r.recipientEmail, r.amount, r.sourceCurrency, r.targetCurrency, r.IBAN, r.amountCurrency, r.receiverType])).toEqual([
      ['Kim', '', '10.05', 'EUR', 'EUR', 'DE89370400440532013000', 'target', 'PERSON'],
      ['Jon', 'jon@wise.test', '5000', 'JPY', 'JPY', '', 'target', 'PERSON'],
    ])
    expect(rows.every((r) => r.paymentReference!.length <= 18)).toBe(true)
    const head = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=wise`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect([head.headers.get('afflio-export-count'), head.headers.get('afflio-export-excluded')]).toEqual(['2', '3'])
    // The SDK reads them, with the file's name
    expect(await p.afflio.payouts.runs.exportFile(run.id, { format: 'wise' })).toEqual({ csv: wise, filename: `afflio-${run.id}-wise.csv`, count: 2, excluded: 3 })
    // One currency's file is named after it, as PayPal's are: two currencies' files do not overwrite each other.
    const wiseEur = await p.afflio.payouts.runs.exportFile(run.id, { format: 'wise', currency: 'EUR' })
    expect(wiseEur).toMatchObject({ filename: `afflio-${run.id}-wise-eur.csv`, count: 1 })
    expect(await p.afflio.payouts.runs.exportFile(run.id, { format: 'wise', currency: 'JPY' })).toMatchObject({ filename: `afflio-${run.id}-wise-jpy.csv`, count: 1 })
    // and so does the console, on another origin: the headers are exposed to it
    const manager = (await p.afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
    const fromConsole = await ctx.app.request(`/console/v1/payout-runs/${run.id}/export?format=wise`, { headers: { authorization: `Bearer ${manager}`, origin: 'https://host.test' } })
    expect(fromConsole.headers.get('access-control-expose-headers')?.toLowerCase().split(',')).toEqual(expect.arrayContaining(['content-disposition', 'afflio-export-count', 'afflio-export-excluded']))

    // Once paid, nothing is left to export (a second upload would pay twice).
    await p.afflio.payouts.runs.markPaid(run.id)
    expect(parse(await p.afflio.payouts.runs.export(run.id, { format: 'wise' }), { columns: true })).toEqual([])
    // Its file again, on demand: the paid payouts as the run stored them, whatever the partners changed since
    await p.afflio.partners.update(kim.id, { name: 'Kim Renamed' })
    const { token } = await p.afflio.embedTokens.create({ partnerId: ida.id })
    await new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: async (input, init) => ctx.app.request(input as string, init), maxRetries: 0 }).payoutDetails.update({ method: 'paypal', email: 'ida-new@paypal.test' })
    const again = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=wise&status=paid`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect(again.headers.get('content-disposition')).toBe(`attachment; filename="afflio-${run.id}-wise-paid.csv"`)
    const againEur = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=wise&status=paid&currency=eur`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect(againEur.headers.get('content-disposition')).toBe(`attachment; filename="afflio-${run.id}-wise-eur-paid.csv"`)
    expect((parse(await again.text(), { columns: true }) as Record<string, string>[]).map((r) => [r.amount, r.targetCurrency, r.IBAN || r.recipientEmail])).toEqual([
      ['10.05', 'EUR', 'DE89370400440532013000'],
      ['5000', 'JPY', 'jon@wise.test'],
    ])
    expect(parse(await p.afflio.payouts.runs.export(run.id, { format: 'paypal', currency: 'USD', status: 'paid' }))).toEqual([
      ['ida@paypal.test', '1234.56', 'USD', idOf(ida.id, 'USD'), 'Affiliate commission payout', 'PAYPAL'],
    ])
    // Only the program's own run
    const other = await ctx.createProgram({ currency: 'USD' })
    const stranger = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=wise&status=paid`, { headers: { authorization: `Bearer ${other.secretKey}` } })
    expect(stranger.status).toBe(404)
    const wrong = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=wise&status=failed`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect(wrong.status).toBe(400)

    const bad = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=excel`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
    expect(bad.status).toBe(400)
    const anonymous = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=wise`)
    expect(anonymous.status).toBe(401)
  })

  it('writes HUF, JPY and TWD to PayPal in whole units, and leaves out an amount with a fraction PayPal cannot take', async () => {
    const p = await payoutProgram(ctx)
    const ann = await p.partner('Ann', { method: 'paypal', email: 'ann@paypal.test' })
    const ben = await p.partner('Ben', { method: 'paypal', email: 'ben@paypal.test' })
    await p.earn(ann, [[150_000, 'HUF'], [5000, 'JPY'], [30_000, 'TWD']]) // 1,500 Ft, ¥5,000, NT$300
    await p.earn(ben, [[150_050, 'HUF'], [30_001, 'TWD']]) // 1,500.50 Ft and NT$300.01: PayPal refuses decimals
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts).toHaveLength(5)
    const idOf = (partnerId: string, currency: string) => run.payouts.find((x) => x.partnerId === partnerId && x.currency === currency)!.id
    const file = async (currency: string) => {
      const res = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=paypal&currency=${currency}`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
      expect(res.status).toBe(200)
      return { rows: parse(await res.text()).map((r: string[]) => [r[0], r[1], r[2], r[3]]), count: res.headers.get('afflio-export-count'), excluded: res.headers.get('afflio-export-excluded') }
    }
    expect(await file('HUF')).toEqual({ rows: [['ann@paypal.test', '1500', 'HUF', idOf(ann.id, 'HUF')]], count: '1', excluded: '4' })
    expect(await file('JPY')).toEqual({ rows: [['ann@paypal.test', '5000', 'JPY', idOf(ann.id, 'JPY')]], count: '1', excluded: '4' })
    expect(await file('TWD')).toEqual({ rows: [['ann@paypal.test', '300', 'TWD', idOf(ann.id, 'TWD')]], count: '1', excluded: '4' })
  })

  it('leaves a payout in a currency PayPal does not pay in out of the PayPal file, counted as excluded', async () => {
    const p = await payoutProgram(ctx)
    const ann = await p.partner('Ann', { method: 'paypal', email: 'ann@paypal.test' })
    const ben = await p.partner('Ben', { method: 'paypal', email: 'ben@paypal.test' })
    await p.earn(ann, [[2000, 'USD'], [2469, 'KWD']]) // 2.469 KWD: a real currency, not one of PayPal's
    await p.earn(ben, [[50_000, 'INR']])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    expect(run.payouts.map((x) => x.currency).sort()).toEqual(['INR', 'KWD', 'USD'])
    const file = async (query: string) => {
      const res = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=paypal${query}`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
      expect(res.status).toBe(200)
      return { rows: parse(await res.text()).map((r: string[]) => [r[0], r[1], r[2]]), count: res.headers.get('afflio-export-count'), excluded: res.headers.get('afflio-export-excluded') }
    }
    // USD is the only currency PayPal can carry here: no currency to choose, the others counted as left out
    expect(await file('')).toEqual({ rows: [['ann@paypal.test', '20.00', 'USD']], count: '1', excluded: '2' })
    for (const currency of ['KWD', 'INR']) expect(await file(`&currency=${currency}`)).toEqual({ rows: [], count: '0', excluded: '3' })
  })

  it('sends Stripe Connect transfers shaped as Stripe wants them, one idempotency key per payout', async () => {
    const p = await payoutProgram(ctx, { payoutProvider: 'stripe_connect', stripeApiKey: 'sk_test_platform0001' })
    const mia = await p.partner('Mia', { method: 'stripe_connect', accountRef: 'acct_mia0000001' })
    const ned = await p.partner('Ned', { method: 'stripe_connect', accountRef: 'acct_declined01' })
    const ola = await p.partner('Ola', { method: 'stripe_connect', accountRef: 'acct_flaky0001' })
    const pia = await p.partner('Pia', { method: 'paypal', email: 'pia@paypal.test' })
    await p.earn(mia, [[4200], [800]])
    await p.earn(ned, [[3000]])
    await p.earn(ola, [[1234, 'EUR']])
    await p.earn(pia, [[999]])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const byPartner = (id: string) => run.payouts.find((x) => x.partnerId === id)!
    expect(run.payouts.map((x) => [x.partnerId, x.provider])).toEqual(
      expect.arrayContaining([
        [mia.id, 'stripe_connect'],
        [ned.id, 'stripe_connect'],
        [ola.id, 'stripe_connect'],
        [pia.id, 'manual'],
      ]),
    )

    flakyFailures = 1
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/stripe-payouts', events: ['payout.failed'] })
    const before = stripe.requests.length
    const sent = await p.afflio.payouts.runs.send(run.id)
    const calls = stripe.requests.slice(before)
    expect(calls).toHaveLength(3) // the PayPal partner is left for the CSV export

    const toMia = calls.find((r) => new URLSearchParams(r.body).get('destination') === 'acct_mia0000001')!
    expect(toMia.method).toBe('POST')
    expect(toMia.url).toBe('/v1/transfers')
    expect(toMia.headers.authorization).toBe('Bearer sk_test_platform0001')
    expect(toMia.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(toMia.headers['idempotency-key']).toBe(`afflio_${byPartner(mia.id).id}`)
    expect(Object.fromEntries(new URLSearchParams(toMia.body))).toEqual({
      amount: '5000',
      currency: 'usd',
      destination: 'acct_mia0000001',
      transfer_group: run.id,
      description: `Afflio payout ${byPartner(mia.id).id}`,
      'metadata[afflio_payout_id]': byPartner(mia.id).id,
      'metadata[afflio_run_id]': run.id,
      'metadata[afflio_partner_id]': mia.id,
    })
    const toOla = calls.find((r) => new URLSearchParams(r.body).get('destination') === 'acct_flaky0001')!
    expect(new URLSearchParams(toOla.body).get('currency')).toBe('eur')

    const after = (id: string) => sent.payouts.find((x) => x.partnerId === id)!
    expect(after(mia.id)).toMatchObject({ status: 'paid', providerRef: expect.stringMatching(/^tr_/), paidAt: ctx.clock.now().toISOString() })
    expect(after(ned.id)).toMatchObject({ status: 'failed', failureReason: 'Stripe: The destination account cannot receive transfers. (account_invalid)' })
    expect(after(ola.id)).toMatchObject({ status: 'processing', failureReason: 'Stripe: An unknown error occurred' })
    expect(after(pia.id).status).toBe('pending')
    expect((await commissionsOf(ned.id)).map((c) => [c.status, c.payout_id])).toEqual([['approved', null]])
    expect(sent.status).toBe('created')
    // The refused transfer failed its payout: one event (the unanswered one is no failure).
    const failedHooks = await ctx.db.selectFrom('webhook_deliveries').select('payload').where('program_id', '=', (await p.afflio.program.get()).id).execute()
    expect(failedHooks.map((h) => JSON.parse(h.payload))).toMatchObject([{ type: 'payout.failed', data: after(ned.id) }])

    // Sending again retries only the unanswered transfer, under the same key.
    const resent = await p.afflio.payouts.runs.send(run.id)
    const retry = stripe.requests.slice(before + 3)
    expect(retry).toHaveLength(1)
    expect(retry[0]!.headers['idempotency-key']).toBe(toOla.headers['idempotency-key'])
    expect(resent.payouts.find((x) => x.partnerId === ola.id)).toMatchObject({ status: 'paid', failureReason: null })

    // The manual payout is paid by hand; then the run is closed.
    const closed = await p.afflio.payouts.runs.markPaid(run.id)
    expect(closed.status).toBe('paid')
    expect(closed.payouts.map((x) => x.status).sort()).toEqual(['failed', 'paid', 'paid', 'paid'])
  })

  it('marks paid only what was paid by hand: Stripe Connect payouts wait for send, and files count them as excluded', async () => {
    const p = await payoutProgram(ctx, { payoutProvider: 'stripe_connect', stripeApiKey: 'sk_test_platform0003' })
    const carol = await p.partner('Carol', { method: 'paypal', email: 'carol@paypal.test' })
    const dave = await p.partner('Dave', { method: 'stripe_connect', accountRef: 'acct_dave000001' })
    const ola = await p.partner('Ola', { method: 'stripe_connect', accountRef: 'acct_flaky0001' })
    await p.earn(carol, [[1500]])
    await p.earn(dave, [[2500]])
    await p.earn(ola, [[3500]])
    await p.settle()
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/paid', events: ['payout.paid'] })
    const run = await p.afflio.payouts.runs.create()
    const id = (who: Earner) => run.payouts.find((x) => x.partnerId === who.id)!.id
    expect(run.payouts.map((x) => [x.partnerId, x.provider, x.status])).toEqual(
      expect.arrayContaining([
        [carol.id, 'manual', 'pending'],
        [dave.id, 'stripe_connect', 'pending'],
        [ola.id, 'stripe_connect', 'pending'],
      ]),
    )
    const headers = async (format: string) => {
      const res = await ctx.app.request(`/v1/payout-runs/${run.id}/export?format=${format}`, { headers: { authorization: `Bearer ${p.keys.secretKey}` } })
      expect(res.status).toBe(200)
      return [res.headers.get('afflio-export-count'), res.headers.get('afflio-export-excluded')]
    }
    // The PayPal file carries Carol; the two Stripe Connect payouts waiting are counted as left out.
    expect(await headers('paypal')).toEqual(['1', '2'])
    expect(await headers('wise')).toEqual(['0', '3'])

    // Marking the run paid pays Carol only: no money went to Dave or Ola, so they stay waiting, and so does the run.
    const marked = await p.afflio.payouts.runs.markPaid(run.id)
    const status = (r: PayoutRun) => Object.fromEntries(r.payouts.map((x) => [x.id, [x.status, x.providerRef, x.failureReason]]))
    expect(marked.status).toBe('created')
    expect(status(marked)).toEqual({ [id(carol)]: ['paid', null, null], [id(dave)]: ['pending', null, null], [id(ola)]: ['pending', null, null] })
    expect((await commissionsOf(dave.id)).map((c) => [c.status, c.payout_id])).toEqual([['in_payout', id(dave)]])
    const paidHooks = async () =>
      (await ctx.db.selectFrom('webhook_deliveries').select('payload').where('program_id', '=', (await p.afflio.program.get()).id).execute()).map((h) => (JSON.parse(h.payload) as { data: { id: string } }).data.id)
    expect(await paidHooks()).toEqual([id(carol)])
    const audit = (await p.afflio.auditLog.list({ action: 'payout_run.marked_paid' })).data
    expect(audit.map((e) => e.after)).toEqual([{ payoutsPaid: [id(carol)], payoutsLeft: [id(dave), id(ola)].sort() }])
    expect(await headers('paypal')).toEqual(['0', '2'])

    // Nothing is left to pay by hand: marking again is refused, naming what waits for Stripe.
    const refused = (await p.afflio.payouts.runs.markPaid(run.id).catch((e: unknown) => e)) as AfflioApiError
    expect([refused.status, refused.code]).toEqual([409, 'conflict'])
    expect(refused.message).toContain('2 Stripe Connect payouts')
    for (const who of [dave, ola]) expect(refused.message).toContain(id(who))
    expect(refused.message).toContain(`/v1/payout-runs/${run.id}/send`)

    // Send pays Dave; Stripe does not answer for Ola, whose payout stays processing with the error.
    flakyFailures = 1
    const sent = await p.afflio.payouts.runs.send(run.id)
    expect(status(sent)[id(dave)]).toEqual(['paid', expect.stringMatching(/^tr_/), null])
    expect(status(sent)[id(ola)]).toEqual(['processing', null, 'Stripe: An unknown error occurred'])
    // A processing payout is Stripe's to settle: marking paid refuses and changes nothing.
    const again = (await p.afflio.payouts.runs.markPaid(run.id).catch((e: unknown) => e)) as AfflioApiError
    expect([again.status, again.message]).toEqual([409, expect.stringContaining(`1 Stripe Connect payout (${id(ola)}) is paid only by sending`)])
    expect(status(await p.afflio.payouts.runs.get(run.id))[id(ola)]).toEqual(['processing', null, 'Stripe: An unknown error occurred'])
    expect(await headers('paypal')).toEqual(['0', '1'])

    // The retry settles it; the run is paid, and marking it paid again answers it as it is.
    const done = await p.afflio.payouts.runs.send(run.id)
    expect(status(done)[id(ola)]).toEqual(['paid', expect.stringMatching(/^tr_/), null])
    expect(done.status).toBe('paid')
    expect(await p.afflio.payouts.runs.markPaid(run.id)).toEqual(done)
    expect((await paidHooks()).sort()).toEqual([id(carol), id(dave), id(ola)].sort())
  })

  it('sends amounts as Stripe counts them: ISK in hundredths of a króna; part of an ariary fails the payout', async () => {
    const p = await payoutProgram(ctx, { payoutProvider: 'stripe_connect', stripeApiKey: 'sk_test_platform0002' })
    const uma = await p.partner('Uma', { method: 'stripe_connect', accountRef: 'acct_uma0000001' })
    const vic = await p.partner('Vic', { method: 'stripe_connect', accountRef: 'acct_vic0000001' })
    await p.earn(uma, [[1500, 'ISK']])
    await p.earn(vic, [[250_050, 'MGA']])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const before = stripe.requests.length
    const sent = await p.afflio.payouts.runs.send(run.id)
    const forms = stripe.requests.slice(before).map((r) => new URLSearchParams(r.body))
    expect(forms.map((f) => [f.get('destination'), f.get('amount'), f.get('currency')])).toEqual([['acct_uma0000001', '150000', 'isk']])
    expect(sent.payouts.find((x) => x.partnerId === uma.id)).toMatchObject({ status: 'paid', amountMinor: 1500 })
    expect(sent.payouts.find((x) => x.partnerId === vic.id)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('Stripe counts MGA in whole units') })
  })

  it('refuses to send a run of a program that pays out manually', async () => {
    const p = await payoutProgram(ctx)
    await p.earn(await p.partner('Pat', { method: 'paypal', email: 'pat@paypal.test' }), [[1000]])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const err = await p.afflio.payouts.runs.send(run.id).catch((e: unknown) => e)
    expect((err as AfflioApiError).status).toBe(409)
    expect((err as AfflioApiError).message).toMatch(/export the run as CSV/)
    const missing = await p.afflio.payouts.runs.get('prun_0000000000000000000000000').catch((e: unknown) => e)
    expect((missing as AfflioApiError).status).toBe(404)
  })

  it('keeps programs apart', async () => {
    const a = await payoutProgram(ctx)
    const b = await payoutProgram(ctx)
    const quinn = await a.partner('Quinn', { method: 'paypal', email: 'quinn@paypal.test' })
    await a.earn(quinn, [[4000]])
    await a.settle()
    const run = await a.afflio.payouts.runs.create()
    expect(run.payouts).toHaveLength(1)
    expect(await b.afflio.payouts.balances()).toEqual([])
    expect(await b.afflio.payouts.runs.create().catch((e: unknown) => e)).toMatchObject({ code: 'nothing_to_pay' })
    expect(((await b.afflio.payouts.runs.get(run.id).catch((e: unknown) => e)) as AfflioApiError).status).toBe(404)
    expect(((await b.afflio.payouts.fail(run.payouts[0]!.id, { reason: 'x' }).catch((e: unknown) => e)) as AfflioApiError).status).toBe(404)
  })
})
