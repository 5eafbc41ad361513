// Stripe webhooks end to end: real-shaped events (fixtures/stripe/), signed as Stripe signs them, posted to
// the public endpoint of a real, migrated database; then the ledger is read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signStripePayload } from './signature.ts'
import { type Json, stripeEvent } from '../testing-stripe.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

const SECRET = 'whsec_test'


describe.each(dialects)('Stripe webhooks on %s', (dialect) => {
  let ctx: TestContext
  let keys: { id: string; publishableKey: string; secretKey: string }
  let alice: string
  let ip = 0

  const seconds = () => Math.floor(ctx.clock.now().getTime() / 1000)

  /** A recorded event at the test clock's now, with the given changes to `data.object`. */
  const event = (name: string, id: string, object: Json = {}) => stripeEvent(name, id, seconds(), object)

  const post = (body: string, { programId = keys.id, header }: { programId?: string; header?: string | null } = {}) =>
    ctx.app.request(`/v1/stripe/webhooks/${programId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        ...(header !== null && { 'stripe-signature': header ?? signStripePayload(SECRET, body, seconds()) }),
      },
      body,
    })
  const send = async (e: Json) => {
    const res = await post(JSON.stringify(e, null, 2)) // Stripe pretty-prints: the signature is over those bytes
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json()
  }

  const click = async (code = 'ALICE'): Promise<string> => {
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.100.${++ip}` },
      body: JSON.stringify({ key: keys.publishableKey, code }),
    })
    expect(res.status).toBe(201)
    return (await res.json()).clickId
  }

  const sale = (invoiceId: string) => ctx.db.selectFrom('sales').selectAll().where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow()
  const commissionsOf = (saleId: string) => ctx.db.selectFrom('commissions').selectAll().where('sale_id', '=', saleId).orderBy('id').execute()
  const counts = async () => {
    const n = async (t: 'sales' | 'commissions' | 'customers' | 'refunds' | 'stripe_events') =>
      Number((await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return { sales: await n('sales'), commissions: await n('commissions'), customers: await n('customers'), refunds: await n('refunds'), events: await n('stripe_events') }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    const created = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } })
    keys = { id: created.program.id, publishableKey: created.publishableKey, secretKey: created.secretKey }
    // Set directly: PATCH /v1/program/settings is not what is under test here.
    await ctx.db.updateTable('programs').set({ stripe_webhook_secret: SECRET }).where('id', '=', keys.id).execute()
    const res = await ctx.app.request('/v1/partners', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@partners.test', linkCode: 'ALICE' }),
    })
    alice = (await res.json()).id
  })
  afterAll(() => ctx.close())

  it('checkout.session.completed (payment) ties the customer to the click and pays the partner', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    const result = await send(event('checkout.session.completed.payment', 'evt_checkout_payment', { client_reference_id: clickId }))
    expect(result).toMatchObject({ received: true, saleId: expect.stringMatching(/^sal_/), commissionId: expect.stringMatching(/^com_/) })

    const s = await sale('pi_3QpZ4mLkdIwHu7ix0PaY0001')
    expect(s).toMatchObject({ id: result.saleId, partner_id: alice, click_id: clickId, currency: 'USD', subscription_id: null })
    expect(Number(s.amount_minor)).toBe(4900)
    const customer = await ctx.db.selectFrom('customers').selectAll().where('id', '=', s.customer_id!).executeTakeFirstOrThrow()
    expect(customer).toMatchObject({ external_id: 'cus_RiAbCdEfGh0001', email: 'bob@buyer.test', name: 'Bob Buyer', partner_id: alice })
    const [commission] = await commissionsOf(s.id)
    expect(commission).toMatchObject({ id: result.commissionId, partner_id: alice, currency: 'USD', status: 'pending', kind: 'sale' })
    expect(Number(commission!.amount_minor)).toBe(980)
  })

  it('answers a replayed event id as a duplicate and changes nothing, whatever the signature time', async () => {
    const body = JSON.stringify(event('checkout.session.completed.payment', 'evt_checkout_payment', { client_reference_id: await click() }))
    const before = await counts()
    const again = await post(body)
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    ctx.clock.advanceDays(1) // Stripe's retries are signed afresh
    expect(await (await post(body)).json()).toEqual({ received: true, duplicate: true })
    expect(await counts()).toEqual(before)
  })

  it('records one sale when deliveries of one event race each other', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    const body = JSON.stringify(event('checkout.session.completed.payment', 'evt_raced', { client_reference_id: clickId, payment_intent: 'pi_raced', customer: 'cus_raced' }))
    const before = await counts()
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body)))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    const bodies = await Promise.all(answers.map((r) => r.json()))
    expect(new Set(bodies.filter((b) => !b.duplicate).map((b) => b.commissionId)).size).toBe(1)
    expect(await counts()).toEqual({ ...before, sales: before.sales + 1, commissions: before.commissions + 1, customers: before.customers + 1, events: before.events + 1 })
  })

  it('checkout.session.completed (subscription) records the first invoice; invoice.paid for it is the same sale; a renewal is payment 2', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    const first = await send(
      event('checkout.session.completed.subscription', 'evt_checkout_sub', {
        client_reference_id: 'user_42', // the host's own reference, not a click: ignored
        metadata: { afflio_click_id: clickId, plan: 'pro' },
      }),
    )
    const s1 = await sale('in_1QpZ9pLkdIwHu7ixFirst0001')
    expect(s1).toMatchObject({ id: first.saleId, partner_id: alice, click_id: clickId, subscription_id: 'sub_1QpZ9pLkdIwHu7ixPro00001', payment_number: 1 })
    expect(Number(s1.amount_minor)).toBe(2900)
    expect(Number((await commissionsOf(s1.id))[0]!.amount_minor)).toBe(580)

    const before = await counts()
    const paid = await send(event('invoice.paid', 'evt_invoice_first'))
    expect(paid).toMatchObject({ received: true, saleId: s1.id, commissionId: first.commissionId })
    expect(await counts()).toEqual({ ...before, events: before.events + 1 })

    // A month later, past the 30-day click window: renewals stay with the partner who brought the subscription.
    ctx.clock.advanceDays(31)
    const renewal = await send(event('invoice.paid.basil', 'evt_invoice_renewal'))
    const s2 = await sale('in_1SbA2aLkdIwHu7ixRenew0002')
    expect(s2).toMatchObject({ id: renewal.saleId, partner_id: alice, subscription_id: 'sub_1QpZ9pLkdIwHu7ixPro00001', payment_number: 2, currency: 'USD' })
    expect(s2.occurred_at).toBe(new Date((seconds() - 2) * 1000).toISOString()) // status_transitions.paid_at
    // The program default (20%, recurring forever, no rules) pays every renewal.
    const [recurring] = await commissionsOf(s2.id)
    expect(recurring).toMatchObject({ id: renewal.commissionId, partner_id: alice, kind: 'recurring' })
    expect(Number(recurring!.amount_minor)).toBe(580)
  })

  it('keys a guest checkout (no Stripe customer) by the address, one the API’s email check refuses included, so the guest’s next checkout is theirs', async () => {
    const clickId = await click()
    const guest = (id: string, email: string, extra: Json = {}) => event('checkout.session.completed.payment', `evt_${id}`, { id: `cs_${id}`, payment_intent: `pi_${id}`, customer: null, customer_details: { email, name: 'Jörg' }, ...extra })
    const long = `${'j'.repeat(240)}@example.de`
    for (const [n, email] of [['a', 'jörg@example.de'], ['b', 'a&b@example.com'], ['c', long]] as const) {
      await send(guest(`guest_${n}1`, email, { client_reference_id: clickId }))
      await send(guest(`guest_${n}2`, email.toUpperCase())) // no click: the same guest buys again
      const [first, again] = [await sale(`pi_guest_${n}1`), await sale(`pi_guest_${n}2`)]
      expect(again.customer_id).toBe(first.customer_id)
      expect(again.partner_id).toBe(alice)
    }
  })

  it('charge.refunded without a refunds list (API ≥ 2022-11-15): partial, then full, by the cumulative amount', async () => {
    const s = await sale('pi_3QpZ4mLkdIwHu7ix0PaY0001')
    const [original] = await commissionsOf(s.id)
    const partial = await send(event('charge.refunded', 'evt_refund_partial'))
    expect(partial).toEqual({ received: true, saleId: s.id, refundedMinor: 1000 })
    const rows = await commissionsOf(s.id)
    expect(rows.map((r) => [Number(r.amount_minor), r.reverses_id, r.kind])).toEqual([
      [980, null, 'sale'],
      [-200, original!.id, 'clawback'],
    ])

    const full = await send(event('charge.refunded', 'evt_refund_full', { amount_refunded: 4900, refunded: true }))
    expect(full).toEqual({ received: true, saleId: s.id, refundedMinor: 4900 })
    expect((await commissionsOf(s.id)).every((r) => r.status === 'reversed')).toBe(true)

    // The partial refund's event delivered again under a new id (out of order): nothing left to take.
    const before = await counts()
    expect(await send(event('charge.refunded', 'evt_refund_late'))).toEqual({ received: true, saleId: s.id, refundedMinor: 4900 })
    expect(await counts()).toEqual({ ...before, events: before.events + 1 })
  })

  it('charge.refunded with a refunds list (older API versions): each refund once, by its id, via charge.invoice', async () => {
    const s = await sale('in_1QpZ9pLkdIwHu7ixFirst0001')
    expect(await send(event('charge.refunded.legacy', 'evt_legacy_refund_1'))).toEqual({ received: true, saleId: s.id, refundedMinor: 900 })
    expect((await commissionsOf(s.id)).map((r) => Number(r.amount_minor))).toEqual([580, -180])

    ctx.clock.advanceDays(1)
    const second = event('charge.refunded.legacy', 'evt_legacy_refund_2', { amount_refunded: 2900, refunded: true })
    const first = second.data.object.refunds.data[0]
    second.data.object.refunds.data = [{ ...first, id: 're_3QpZ9pLkdIwHu7ix1Refund02', amount: 2000, created: first.created + 60 }, first]
    expect(await send(second)).toEqual({ received: true, saleId: s.id, refundedMinor: 2900 })
    const refunds = await ctx.db.selectFrom('refunds').select(['external_id', 'amount_minor']).where('sale_id', '=', s.id).orderBy('created_at').orderBy('id').execute()
    expect(refunds.map((r) => [r.external_id, Number(r.amount_minor)])).toEqual([
      ['re_3QpZ9pLkdIwHu7ix1Refund01', 900],
      ['re_3QpZ9pLkdIwHu7ix1Refund02', 2000],
    ])
    expect((await commissionsOf(s.id)).every((r) => r.status === 'reversed')).toBe(true)
  })

  it('charge.dispute.created reverses the commission of the disputed payment', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_checkout_disputed', { client_reference_id: clickId, payment_intent: 'pi_disputed_0001', customer: 'cus_disputer' }))
    const s = await sale('pi_disputed_0001')
    ctx.clock.advanceDays(10)
    const result = await send(event('charge.dispute.created', 'evt_dispute', { payment_intent: 'pi_disputed_0001', charge: 'ch_disputed_0001' }))
    expect(result).toEqual({ received: true, saleId: s.id, refundedMinor: 4900 })
    const [commission] = await commissionsOf(s.id)
    expect(commission).toMatchObject({ partner_id: alice, status: 'reversed' })
    const refund = await ctx.db.selectFrom('refunds').selectAll().where('sale_id', '=', s.id).executeTakeFirstOrThrow()
    expect(refund).toMatchObject({ external_id: 'dp_1QpZdcLkdIwHu7ixDispute01' })
    expect(Number(refund.amount_minor)).toBe(4900)
  })

  it('an inquiry takes no commission; the chargeback it becomes does, once, however many of its events arrive', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_checkout_inquired', { client_reference_id: clickId, payment_intent: 'pi_inquired_0001', customer: 'cus_inquirer' }))
    const s = await sale('pi_inquired_0001')
    const dispute = { id: 'dp_inquiry_0001', payment_intent: 'pi_inquired_0001', charge: 'ch_inquired_0001' }
    // The card network asks (a retrieval request): the money stays with the merchant, and so does the commission
    const inquiry = await send(event('charge.dispute.created', 'evt_inquiry', { ...dispute, status: 'warning_needs_response' }))
    expect(inquiry).toMatchObject({ received: true, ignored: true })
    expect((await commissionsOf(s.id)).map((c) => c.status)).toEqual(['pending'])
    expect(await ctx.db.selectFrom('refunds').select('id').where('sale_id', '=', s.id).execute()).toEqual([])
    // It becomes a chargeback: the funds are withdrawn, and the commission goes with them; the same event again changes nothing
    const withdrawn = await send({ ...event('charge.dispute.created', 'evt_inquiry_withdrawn', { ...dispute, status: 'needs_response' }), type: 'charge.dispute.funds_withdrawn' })
    expect(withdrawn).toEqual({ received: true, saleId: s.id, refundedMinor: 4900 })
    expect((await commissionsOf(s.id)).map((c) => c.status)).toEqual(['reversed'])
    const again = await send(event('charge.dispute.created', 'evt_chargeback_created', { ...dispute, status: 'needs_response' }))
    expect(again).toEqual({ received: true, saleId: s.id, refundedMinor: 4900 })
    expect((await ctx.db.selectFrom('refunds').select('external_id').where('sale_id', '=', s.id).execute()).map((r) => r.external_id)).toEqual(['dp_inquiry_0001'])
  })

  it('a dispute won gives back what its chargeback took, once, by either of its two events; one lost takes nothing more', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_checkout_won', { client_reference_id: clickId, payment_intent: 'pi_won_0001', customer: 'cus_won' }))
    const s = await sale('pi_won_0001')
    const dispute = { id: 'dp_won_0001', payment_intent: 'pi_won_0001', charge: 'ch_won_0001' }
    ctx.clock.advanceDays(10)
    expect(await send(event('charge.dispute.created', 'evt_won_created', dispute))).toEqual({ received: true, saleId: s.id, refundedMinor: 4900 })
    expect((await commissionsOf(s.id)).map((c) => c.status)).toEqual(['reversed'])
    ctx.clock.advanceDays(40)
    const reinstated = event('charge.dispute.funds_reinstated', 'evt_won_reinstated', dispute)
    expect(await send(reinstated)).toEqual({ received: true, saleId: s.id, refundedMinor: 0 })
    const rows = async () => (await commissionsOf(s.id)).map((c) => [c.kind, Number(c.amount_minor), c.status]).sort()
    // 20% of 49.00 owed again, its holding period long over: approved
    expect(await rows()).toEqual([['clawback', 980, 'approved'], ['sale', 980, 'reversed']])
    // Delivered twice, and the dispute's closed event (won) after it: nothing more
    expect(await send(reinstated)).toEqual({ received: true, duplicate: true })
    expect(await send(event('charge.dispute.closed', 'evt_won_closed', dispute))).toEqual({ received: true, saleId: s.id, refundedMinor: 0 })
    expect(await rows()).toEqual([['clawback', 980, 'approved'], ['sale', 980, 'reversed']])
    expect(Number((await sale('pi_won_0001')).refunded_minor)).toBe(0)
  })

  it('a dispute lost, or an inquiry closed, takes nothing more; a win before its withdrawal leaves the commission as it was', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_checkout_lost', { client_reference_id: clickId, payment_intent: 'pi_lost_0001', customer: 'cus_lost' }))
    const lost = await sale('pi_lost_0001')
    const d = { id: 'dp_lost_0001', payment_intent: 'pi_lost_0001', charge: 'ch_lost_0001', amount: 2000 }
    await send(event('charge.dispute.created', 'evt_lost_created', d))
    const before = (await commissionsOf(lost.id)).map((c) => [c.kind, Number(c.amount_minor), c.status]).sort()
    expect(before).toEqual([['clawback', -400, 'pending'], ['sale', 980, 'pending']])
    // Lost: closed, or funds reinstated for the part of a partly refunded charge (status lost): ignored, not remembered
    for (const [type, id] of [['charge.dispute.closed', 'evt_lost_closed'], ['charge.dispute.funds_reinstated', 'evt_lost_partly']] as const) {
      expect(await send({ ...event('charge.dispute.closed', id, { ...d, status: 'lost' }), type })).toMatchObject({ received: true, ignored: true, reason: expect.stringContaining('lost') })
    }
    expect(await send(event('charge.dispute.closed', 'evt_inquiry_closed', { ...d, status: 'warning_closed' }))).toMatchObject({ ignored: true })
    expect((await commissionsOf(lost.id)).map((c) => [c.kind, Number(c.amount_minor), c.status]).sort()).toEqual(before)
    expect(Number((await sale('pi_lost_0001')).refunded_minor)).toBe(2000)

    // Out of order: the win arrives before the funds were withdrawn. Neither takes nor gives anything.
    await send(event('checkout.session.completed.payment', 'evt_checkout_early', { client_reference_id: await click(), payment_intent: 'pi_early_0001', customer: 'cus_won_early' }))
    const early = await sale('pi_early_0001')
    const e = { id: 'dp_early_0001', payment_intent: 'pi_early_0001', charge: 'ch_early_0001' }
    expect(await send(event('charge.dispute.funds_reinstated', 'evt_early_reinstated', e))).toEqual({ received: true, saleId: early.id, refundedMinor: 0 })
    expect(await send({ ...event('charge.dispute.created', 'evt_early_withdrawn', { ...e, status: 'won' }), type: 'charge.dispute.funds_withdrawn' })).toEqual({ received: true, saleId: early.id, refundedMinor: 0 })
    expect((await commissionsOf(early.id)).map((c) => [c.kind, c.status])).toEqual([['sale', 'pending']])
  })

  it('charge.dispute.created on a subscription invoice finds the sale by the payment_intent invoice.paid brought', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    const refs = { customer: 'cus_sub_disputer', subscription: 'sub_disputed' }
    const checkout = await send(event('checkout.session.completed.subscription', 'evt_checkout_sub_disputed', { ...refs, id: 'cs_sub_disputed', invoice: 'in_sub_disputed', metadata: { afflio_click_id: clickId } }))
    expect(await sale('in_sub_disputed')).toMatchObject({ id: checkout.saleId, partner_id: alice, payment_id: null }) // a session in subscription mode names no payment
    // invoice.paid (before basil) names the invoice's payment_intent: the sale recorded by the checkout takes it.
    const paid = await send(event('invoice.paid', 'evt_invoice_sub_disputed', { ...refs, id: 'in_sub_disputed', payment_intent: 'pi_sub_disputed', charge: 'ch_sub_disputed' }))
    expect(paid).toMatchObject({ saleId: checkout.saleId, commissionId: checkout.commissionId })
    expect(await sale('in_sub_disputed')).toMatchObject({ payment_id: 'pi_sub_disputed' })

    ctx.clock.advanceDays(10)
    const dispute = await send(event('charge.dispute.created', 'evt_dispute_sub', { id: 'dp_sub_disputed', amount: 2900, payment_intent: 'pi_sub_disputed', charge: 'ch_sub_disputed' }))
    expect(dispute).toEqual({ received: true, saleId: checkout.saleId, refundedMinor: 2900 })
    expect(await commissionsOf(checkout.saleId)).toMatchObject([{ id: checkout.commissionId, status: 'reversed' }])
  })

  it('invoice_payment.paid (basil) gives a renewal its payment_intent, so a basil refund naming only that finds it', async () => {
    const renewal = await sale('in_1SbA2aLkdIwHu7ixRenew0002')
    expect(renewal.payment_id).toBeNull() // basil's invoice.paid names no payment
    const paid = await send(event('invoice_payment.paid', 'evt_invoice_payment'))
    expect(paid).toEqual({ received: true, saleId: renewal.id, paymentId: 'pi_3SbA2bLkdIwHu7ix2Intent02' })
    expect(await sale('in_1SbA2aLkdIwHu7ixRenew0002')).toMatchObject({ payment_id: 'pi_3SbA2bLkdIwHu7ix2Intent02' })

    // basil's charge has no `invoice`: only the payment_intent leads to the sale.
    const refund = event('charge.refunded', 'evt_basil_refund', { id: 'ch_3SbA2bLkdIwHu7ix2Charge02', payment_intent: 'pi_3SbA2bLkdIwHu7ix2Intent02', amount: 2900, amount_captured: 2900, amount_refunded: 1450 })
    delete refund.data.object.invoice
    refund.api_version = '2025-03-31.basil'
    expect(await send(refund)).toEqual({ received: true, saleId: renewal.id, refundedMinor: 1450 })
    const [recurring, clawback] = await commissionsOf(renewal.id)
    expect(clawback).toMatchObject({ reverses_id: recurring!.id, kind: 'clawback' })
    expect(Number(clawback!.amount_minor)).toBe(-290)
  })

  it('answers invoice_payment.paid 409 while its invoice has no sale, so Stripe retries it; applies it once the sale is there', async () => {
    const early = JSON.stringify(event('invoice_payment.paid', 'evt_invoice_payment_early', { invoice: 'in_basil_race', payment: { type: 'payment_intent', payment_intent: 'pi_basil_race' } }))
    const before = await counts()
    const res = await post(early)
    expect(res.status).toBe(409)
    expect((await res.json()).error).toMatchObject({ code: 'conflict', message: expect.stringContaining('in_basil_race') })
    expect(await counts()).toEqual(before) // not remembered

    const invoice = event('invoice.paid.basil', 'evt_invoice_basil_race', { id: 'in_basil_race', customer: 'cus_basil_race', parent: { subscription_details: { subscription: 'sub_basil_race' } } })
    const recorded = await send(invoice)
    expect(await send(JSON.parse(early))).toEqual({ received: true, saleId: recorded.saleId, paymentId: 'pi_basil_race' }) // Stripe's retry
    expect(await sale('in_basil_race')).toMatchObject({ payment_id: 'pi_basil_race' })

    // Out-of-band payments carry no Stripe payment, and zero amounts no sale: nothing to do, nothing to retry.
    const outOfBand = await send(event('invoice_payment.paid', 'evt_invoice_payment_oob', { invoice: 'in_basil_race', payment: { type: 'payment_record', payment_record: 'prec_1' } }))
    expect(outOfBand).toMatchObject({ received: true, ignored: true })
    expect(await send(event('invoice_payment.paid', 'evt_invoice_payment_zero', { invoice: 'in_nothing', amount_paid: 0 }))).toMatchObject({ received: true, ignored: true })
  })

  it('applies exactly amount_refunded when charge.refunded events for one charge race each other', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_checkout_refund_race', { client_reference_id: clickId, payment_intent: 'pi_refund_race', customer: 'cus_refund_race' }))
    const s = await sale('pi_refund_race')
    expect(s.payment_id).toBe('pi_refund_race')
    // Four refunds of one charge in quick succession: each event carries the cumulative amount_refunded.
    const totals = [1000, 2500, 3000, 4000]
    const bodies = totals.map((amount_refunded, i) =>
      JSON.stringify(event('charge.refunded', `evt_refund_race_${i}`, { id: 'ch_refund_race', payment_intent: 'pi_refund_race', amount_refunded })),
    )
    const answers = await Promise.all(bodies.map((b) => post(b)))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(Number((await sale('pi_refund_race')).refunded_minor)).toBe(4000)
    const refunds = await ctx.db.selectFrom('refunds').select('amount_minor').where('sale_id', '=', s.id).execute()
    expect(refunds.reduce((sum, r) => sum + Number(r.amount_minor), 0)).toBe(4000)
    // 20% of 4900 is 980; 4000 of 4900 refunded takes back 800 of it, however the events interleaved.
    const clawbacks = (await commissionsOf(s.id)).filter((c) => c.kind === 'clawback')
    expect(clawbacks.reduce((sum, c) => sum + Number(c.amount_minor), 0)).toBe(-800)
  })

  it("a charge's refund delivered after its dispute is still taken back: amount_refunded counts refunds, not chargebacks", async () => {
    // 5000 paid; 1000 refunded, then the other 4000 disputed. Stripe delivers the dispute first (or the refund's
    // first delivery failed and its retry comes later): the sale ends fully refunded either way, both API shapes.
    for (const legacy of [false, true]) {
      const pi = `pi_dispute_first_${legacy}`
      const ch = `ch_dispute_first_${legacy}`
      await send(event('checkout.session.completed.payment', `evt_checkout_dispute_first_${legacy}`, { client_reference_id: await click(), payment_intent: pi, customer: `cus_df_${legacy}`, amount_total: 5000 }))
      const s = await sale(pi)
      expect(await send(event('charge.dispute.created', `evt_dispute_first_${legacy}`, { id: `dp_first_${legacy}`, amount: 4000, payment_intent: pi, charge: ch }))).toMatchObject({ refundedMinor: 4000 })
      const refund = event(legacy ? 'charge.refunded.legacy' : 'charge.refunded', `evt_refund_after_dispute_${legacy}`, { id: ch, amount: 5000, amount_refunded: 1000, payment_intent: pi, invoice: null })
      if (legacy) refund.data.object.refunds.data = [{ ...refund.data.object.refunds.data[0], id: `re_after_dispute`, amount: 1000 }]
      expect(await send(refund)).toEqual({ received: true, saleId: s.id, refundedMinor: 5000 })
      expect((await commissionsOf(s.id)).every((c) => c.status === 'reversed')).toBe(true)
      // Delivered again under a new id: the refund is not taken twice.
      expect(await send({ ...refund, id: `evt_refund_after_dispute_again_${legacy}` })).toEqual({ received: true, saleId: s.id, refundedMinor: 5000 })
    }
  })

  it('pays the partner when invoice.paid arrives before checkout.session.completed', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    const refs = { customer: 'cus_early', subscription: 'sub_early' }
    const paid = await send(event('invoice.paid', 'evt_early_invoice', { ...refs, id: 'in_early', payment_intent: 'pi_early', charge: 'ch_early' }))
    expect(paid).toMatchObject({ received: true, commissionId: null })
    expect(await sale('in_early')).toMatchObject({ partner_id: null, payment_number: 1 })

    const before = await counts()
    const checkout = await send(event('checkout.session.completed.subscription', 'evt_late_checkout', { ...refs, id: 'cs_late', invoice: 'in_early', metadata: { afflio_click_id: clickId } }))
    expect(checkout).toMatchObject({ received: true, saleId: paid.saleId, commissionId: expect.stringMatching(/^com_/) })
    expect(await sale('in_early')).toMatchObject({ partner_id: alice, click_id: clickId })
    expect(Number((await commissionsOf(paid.saleId))[0]!.amount_minor)).toBe(580)
    const after = await counts()
    expect(after.sales).toBe(before.sales)
    expect(after.commissions).toBe(before.commissions + 1)
  })

  it('pays the partner when checkout.session.completed and invoice.paid of one payment arrive at the same moment', async () => {
    // Stripe sends both within milliseconds: the one that loses the insert of the sale must still bring its click.
    for (const [i, checkoutFirst] of [true, false, true, false].entries()) {
      const clickId = await click()
      const refs = { customer: `cus_together_${i}`, subscription: `sub_together_${i}` }
      const paid = JSON.stringify(event('invoice.paid', `evt_together_invoice_${i}`, { ...refs, id: `in_together_${i}`, payment_intent: `pi_together_${i}`, charge: `ch_together_${i}` }))
      const checkout = JSON.stringify(event('checkout.session.completed.subscription', `evt_together_checkout_${i}`, { ...refs, id: `cs_together_${i}`, invoice: `in_together_${i}`, client_reference_id: clickId }))
      const answers = await Promise.all((checkoutFirst ? [checkout, paid] : [paid, checkout]).map((b) => post(b)))
      expect(answers.map((r) => r.status)).toEqual([200, 200])
      const s = await sale(`in_together_${i}`)
      expect(s).toMatchObject({ partner_id: alice, click_id: clickId, payment_id: `pi_together_${i}` })
      expect((await commissionsOf(s.id)).map((c) => [c.kind, Number(c.amount_minor)])).toEqual([['sale', 580]])
    }
  })

  it('a one-off Checkout payment with an invoice is one sale in either order, basil or not; a full refund reverses all of it', async () => {
    const salesOf = (n: string) => ctx.db.selectFrom('sales').selectAll().where('invoice_id', 'in', [`in_one_${n}`, `pi_one_${n}`]).execute()
    const cases = [
      { n: 'b1', basil: true, invoiceFirst: false },
      { n: 'b2', basil: true, invoiceFirst: true },
      { n: 'o1', basil: false, invoiceFirst: false },
      { n: 'o2', basil: false, invoiceFirst: true },
    ]
    for (const { n, basil, invoiceFirst } of cases) {
      const clickId = await click()
      ctx.clock.advanceDays(1)
      const refs = { customer: `cus_one_${n}`, currency: 'usd' }
      const checkout = event('checkout.session.completed.payment', `evt_one_checkout_${n}`, {
        ...refs,
        id: `cs_one_${n}`,
        client_reference_id: clickId,
        payment_intent: `pi_one_${n}`,
        invoice: `in_one_${n}`,
        amount_total: 10_000,
        payment_status: 'paid',
      })
      // A one-off payment's invoice has no subscription; from basil on it names no payment either.
      const invoice = basil
        ? event('invoice.paid.basil', `evt_one_invoice_${n}`, { ...refs, id: `in_one_${n}`, amount_paid: 10_000, parent: null, billing_reason: 'manual' })
        : event('invoice.paid', `evt_one_invoice_${n}`, { ...refs, id: `in_one_${n}`, amount_paid: 10_000, subscription: null, payment_intent: `pi_one_${n}`, charge: `ch_one_${n}`, billing_reason: 'manual' })
      if (basil) for (const gone of ['subscription', 'payment_intent', 'charge']) delete invoice.data.object[gone]

      const before = await counts()
      const answers = []
      for (const e of invoiceFirst ? [invoice, checkout] : [checkout, invoice]) answers.push(await send(e))
      const [s, ...others] = await salesOf(n)
      expect(others, `${n}: one sale`).toEqual([])
      expect(s, n).toMatchObject({ invoice_id: `in_one_${n}`, partner_id: alice, click_id: clickId, payment_id: `pi_one_${n}` })
      expect(answers.map((a) => a.saleId)).toEqual([s!.id, s!.id])
      expect(await counts(), n).toMatchObject({ sales: before.sales + 1, commissions: before.commissions + 1, events: before.events + 2 })
      const [commission] = await commissionsOf(s!.id)
      expect(Number(commission!.amount_minor)).toBe(2000)

      const payment = await send(event('invoice_payment.paid', `evt_one_payment_${n}`, { invoice: `in_one_${n}`, amount_paid: 10_000, payment: { type: 'payment_intent', payment_intent: `pi_one_${n}` } }))
      expect(payment).toEqual({ received: true, saleId: s!.id, paymentId: `pi_one_${n}` })
      const refund = event('charge.refunded', `evt_one_refund_${n}`, { id: `ch_one_${n}`, payment_intent: `pi_one_${n}`, amount: 10_000, amount_captured: 10_000, amount_refunded: 10_000, refunded: true })
      delete refund.data.object.invoice
      expect(await send(refund)).toEqual({ received: true, saleId: s!.id, refundedMinor: 10_000 })
      expect((await commissionsOf(s!.id)).map((c) => c.status)).toEqual(['reversed'])
      expect(await salesOf(n)).toHaveLength(1)
    }
  })

  it('takes amounts in the currency minor unit as they are: a JPY checkout is in yen', async () => {
    const clickId = await click()
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_checkout_jpy', { client_reference_id: clickId, payment_intent: 'pi_jpy_0001', customer: 'cus_jpy', currency: 'jpy', amount_total: 5000, amount_subtotal: 5000 }))
    const s = await sale('pi_jpy_0001')
    expect(s).toMatchObject({ currency: 'JPY', partner_id: alice })
    expect(Number(s.amount_minor)).toBe(5000)
    const [commission] = await commissionsOf(s.id)
    expect(commission).toMatchObject({ currency: 'JPY' })
    expect(Number(commission!.amount_minor)).toBe(1000)
  })

  it('records nothing for trials and unhandled types; drops unknown click ids; ignores refunds of unknown payments', async () => {
    const before = await counts()
    const trial = await send(event('invoice.paid', 'evt_trial', { id: 'in_trial', amount_paid: 0, amount_due: 0, total: 0, subtotal: 0, customer: 'cus_trial' }))
    expect(trial).toMatchObject({ received: true, ignored: true })
    expect(await send({ ...event('invoice.paid', 'evt_other'), type: 'customer.subscription.updated' })).toEqual({ received: true, ignored: true })
    const stranger = await send(event('charge.refunded', 'evt_refund_stranger', { id: 'ch_elsewhere', payment_intent: 'pi_elsewhere' }))
    expect(stranger).toMatchObject({ received: true, ignored: true, reason: expect.stringContaining('no sale') })
    expect(await counts()).toEqual(before) // none of them is remembered: a resend after the fact can still apply

    const unknownClick = await send(event('checkout.session.completed.payment', 'evt_unknown_click', { client_reference_id: 'clk_000000000000000000000000', payment_intent: 'pi_unknown_click', customer: 'cus_nobody' }))
    expect(unknownClick).toMatchObject({ received: true, commissionId: null })
    expect(await sale('pi_unknown_click')).toMatchObject({ partner_id: null, click_id: null })
  })

  it('reads amounts as Stripe counts them: ISK with two decimals, MGA with none', async () => {
    // ISK: Stripe's 500000 is 5,000 kr (ISO 4217: no decimals); its refund of 250000 is 2,500 kr.
    const isk = { id: 'cs_test_IskSession0001', payment_intent: 'pi_IskPayment0001', currency: 'isk', amount_total: 500_000, client_reference_id: await click() }
    const paid = await send(event('checkout.session.completed.payment', 'evt_isk_checkout', isk))
    expect(Number((await sale('pi_IskPayment0001')).amount_minor)).toBe(5000)
    expect((await commissionsOf(paid.saleId)).map((r) => [Number(r.amount_minor), r.currency])).toEqual([[1000, 'ISK']])
    const refund = { id: 'ch_IskCharge0001', payment_intent: 'pi_IskPayment0001', currency: 'isk', amount_refunded: 250_000 }
    expect(await send(event('charge.refunded', 'evt_isk_refund', refund))).toEqual({ received: true, saleId: paid.saleId, refundedMinor: 2500 })
    // MGA: Stripe's 10000 is 10,000 Ar, 1,000,000 minor units in ISO 4217's two decimals.
    const mga = { id: 'cs_test_MgaSession0001', payment_intent: 'pi_MgaPayment0001', currency: 'mga', amount_total: 10_000, client_reference_id: await click() }
    await send(event('checkout.session.completed.payment', 'evt_mga_checkout', mga))
    expect(Number((await sale('pi_MgaPayment0001')).amount_minor)).toBe(1_000_000)
  })

  it('keeps the click a browser lead tied for a checkout without one; a checkout’s own click takes the customer over', async () => {
    const res = await ctx.app.request('/v1/partners', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bob@partners.test', linkCode: 'BOB' }),
    })
    const bob = (await res.json()).id
    const browserLead = async (body: object) => {
      const lead = await ctx.app.request('/v1/track/lead', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ key: keys.publishableKey, ...body }) })
      expect(lead.status).toBe(200)
    }
    const customer = (externalId: string) => ctx.db.selectFrom('customers').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow()

    // The script's lead named the customer with Bob's click; the checkout names only the customer
    await browserLead({ customerExternalId: 'cus_adopted', clickId: await click('BOB') })
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_adopted', { client_reference_id: null, payment_intent: 'pi_adopted', customer: 'cus_adopted' }))
    expect(await sale('pi_adopted')).toMatchObject({ partner_id: bob })
    expect(await customer('cus_adopted')).toMatchObject({ claimed_by: 'server', partner_id: bob })

    // A browser named the customer with Bob's (newer) click; the checkout's client_reference_id names Alice's
    const aliceClick = await click()
    ctx.clock.advanceDays(1)
    await browserLead({ customerExternalId: 'cus_taken', clickId: await click('BOB') })
    ctx.clock.advanceDays(1)
    await send(event('checkout.session.completed.payment', 'evt_taken', { client_reference_id: aliceClick, payment_intent: 'pi_taken', customer: 'cus_taken' }))
    expect(await sale('pi_taken')).toMatchObject({ partner_id: alice, click_id: aliceClick })
    expect(await customer('cus_taken')).toMatchObject({ claimed_by: 'server', partner_id: alice, click_id: aliceClick })
  })

  it('answers 400 to a timestamp past any date (year 9999), and records nothing', async () => {
    const before = await counts()
    const expect400 = async (e: Json, message: RegExp) => {
      const res = await post(JSON.stringify(e))
      expect(res.status, await res.clone().text()).toBe(400)
      const { error } = await res.json()
      expect(error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) })
    }
    await expect400({ ...event('checkout.session.completed.payment', 'evt_far_created', { payment_intent: 'pi_far_created' }), created: 1e13 }, /created/)
    await expect400(event('invoice.paid', 'evt_far_paid', { id: 'in_far_paid', status_transitions: { paid_at: 9e12 } }), /paid_at/)
    await expect400(event('invoice.paid', 'evt_far_invoice', { id: 'in_far_invoice', created: 253_402_300_800, status_transitions: null }), /created/)
    expect(await counts()).toEqual(before)
  })

  it('answers 400 to a sale, lead or refund past the limits of track.sale, track.lead and track.refund, and records nothing', async () => {
    const paid = await send(event('checkout.session.completed.payment', 'evt_limits_sale', { payment_intent: 'pi_limits_sale', customer: 'cus_limits', client_reference_id: await click() }))
    const before = await counts()
    const refused = async (e: Json, message: RegExp) => {
      const res = await post(JSON.stringify(e))
      expect(res.status, await res.clone().text()).toBe(400)
      const { error } = await res.json()
      expect(error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) })
    }
    const checkout = (id: string, object: Json) => event('checkout.session.completed.payment', id, { payment_intent: `pi_${id}`, customer: `cus_${id}`, ...object })
    // MGA: Stripe's whole ariary, times 100, past 2^53 (and inexact); USD past 10^13 minor units.
    await refused(checkout('evt_huge_mga', { client_reference_id: await click(), currency: 'mga', amount_total: Number.MAX_SAFE_INTEGER }), /amountMinor/)
    await refused(checkout('evt_huge_usd', { client_reference_id: await click(), amount_total: 10_000_000_000_001 }), /amountMinor/)
    await refused(event('invoice.paid', 'evt_huge_invoice', { id: 'in_huge_invoice', amount_paid: 10_000_000_000_001 }), /amountMinor/)
    // Ids longer than the API's 200 characters.
    await refused(event('invoice.paid', 'evt_long_invoice', { id: `in_${'x'.repeat(5000)}` }), /invoiceId/)
    await refused(event('invoice.paid', 'evt_long_subscription', { id: 'in_long_subscription', subscription: `sub_${'x'.repeat(5000)}`, parent: null }), /subscriptionId/)
    await refused(checkout('evt_long_customer', { customer: `cus_${'x'.repeat(5000)}` }), /customerExternalId/)
    await refused(event('charge.dispute.created', 'evt_long_dispute', { id: `dp_${'x'.repeat(5000)}`, payment_intent: 'pi_limits_sale' }), /refundId/)
    // A dispute of nothing is no refund track.refund would take, nor a malformed event: ignored.
    expect(await send(event('charge.dispute.created', 'evt_zero_dispute', { amount: 0, payment_intent: 'pi_limits_sale' }))).toMatchObject({ ignored: true })
    expect(await counts()).toEqual(before)
    expect((await ctx.db.selectFrom('customers').select('id').where('external_id', 'like', 'cus_evt_%').execute()).length).toBe(0)
    expect(Number((await sale('pi_limits_sale')).refunded_minor)).toBe(0)
    expect(paid.saleId).toBe((await sale('pi_limits_sale')).id)
  })

  it("takes Stripe's large events (an invoice with many lines and metadata is well past the API's 64 KiB), up to 1 MiB", async () => {
    const paid = event('invoice.paid', 'evt_large_invoice', { id: 'in_large_invoice', customer: 'cus_large', subscription: 'sub_large', payment_intent: 'pi_large', charge: 'ch_large' })
    const metadata = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`key_${k}`, 'v'.repeat(400)]))
    paid.data.object.metadata = metadata
    paid.data.object.lines.data = Array.from({ length: 10 }, (_, n) => ({ ...paid.data.object.lines.data[0], id: `il_large_${n}`, metadata }))
    const body = JSON.stringify(paid, null, 2)
    expect(body.length).toBeGreaterThan(150 * 1024)
    const res = await post(body)
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await sale('in_large_invoice')).toMatchObject({ payment_id: 'pi_large' })

    const huge = JSON.stringify(event('invoice.paid', 'evt_huge_body', { id: 'in_huge_body', metadata: { padding: 'x'.repeat(1024 * 1024) } }))
    const refused = await post(huge)
    expect(refused.status).toBe(413)
    expect((await refused.json()).error.code).toBe('payload_too_large')
  })

  it('refuses unsigned, badly signed and stale requests, unknown programs and programs without a secret', async () => {
    const body = JSON.stringify(event('checkout.session.completed.payment', 'evt_forged', { payment_intent: 'pi_forged' }))
    const before = await counts()
    const expectError = async (res: Response, status: number, code: string, message?: RegExp) => {
      expect(res.status).toBe(status)
      const { error } = await res.json()
      expect(error.code).toBe(code)
      if (message) expect(error.message).toMatch(message)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    }
    await expectError(await post(body, { header: null }), 400, 'invalid_request', /Stripe-Signature/)
    await expectError(await post(body, { header: signStripePayload('whsec_wrong', body, seconds()) }), 400, 'invalid_request', /signature/i)
    await expectError(await post(body.replace('4900', '490000'), { header: signStripePayload(SECRET, body, seconds()) }), 400, 'invalid_request', /signature/i)
    await expectError(await post(body, { header: signStripePayload(SECRET, body, seconds() - 301) }), 400, 'invalid_request', /tolerance/)
    await expectError(await post(body, { header: 'v1=deadbeef' }), 400, 'invalid_request', /signature/i)
    await expectError(await post(body, { programId: 'prg_doesnotexist0000000000000' }), 404, 'not_found')
    await expectError(await post(body, { header: `t=${seconds()},v1=${'0'.repeat(64)}`, programId: 'nope' }), 404, 'not_found')

    const other = await ctx.createProgram({ name: 'No Stripe', currency: 'EUR' })
    await expectError(await post(body, { programId: other.program.id }), 409, 'conflict', /stripeWebhookSecret/)
    // The right secret for another program does not open this one.
    await ctx.db.updateTable('programs').set({ stripe_webhook_secret: 'whsec_other' }).where('id', '=', other.program.id).execute()
    await expectError(await post(body, { programId: other.program.id }), 400, 'invalid_request', /signature/i)

    // Signed, but not an event.
    const notEvent = JSON.stringify({ hello: 'world' })
    await expectError(await post(notEvent), 400, 'invalid_request', /Not a Stripe event/)
    expect(await counts()).toEqual(before)
  })
})
