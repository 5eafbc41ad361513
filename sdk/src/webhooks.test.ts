import { createHmac } from 'node:crypto'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { Afflio } from './client.ts'
import { AfflioError } from './errors.ts'
import { constructAfflioEvent, verifyAfflioSignature } from './webhooks.ts'
import type { AfflioWebhookEvent, BudgetReached, Commission, Payout, PartnerStatusChange, WebhookEventType } from './types.ts'

const secret = 'whsec_testsecret0000000000000000000'
const body = JSON.stringify({ id: 'evt_1', type: 'payout.paid', createdAt: '2026-11-25T10:00:00.000Z', data: { id: 'po_1', amountMinor: 2500 } })
const t = 1_795_000_000
const sign = (s: string, at: number, payload: string) => createHmac('sha256', s).update(`${at}.${payload}`).digest('hex')
const now = t * 1000 + 5_000

describe('verifyAfflioSignature', () => {
  test('accepts the server scheme: HMAC-SHA256 over "t.body"', async () => {
    expect(await verifyAfflioSignature(body, `t=${t},v1=${sign(secret, t, body)}`, secret, { now })).toBe(true)
  })

  test('accepts any matching v1 (secret rotation) and ignores unknown schemes', async () => {
    const header = `t=${t},v0=abc,v1=${sign('whsec_old', t, body)},v1=${sign(secret, t, body)}`
    expect(await verifyAfflioSignature(body, header, secret, { now })).toBe(true)
  })

  test('rejects a wrong secret, a changed body, an old or future timestamp, and malformed headers', async () => {
    const good = `t=${t},v1=${sign(secret, t, body)}`
    expect(await verifyAfflioSignature(body, good, 'whsec_other', { now })).toBe(false)
    expect(await verifyAfflioSignature(body + ' ', good, secret, { now })).toBe(false)
    expect(await verifyAfflioSignature(body, good, secret, { now: now + 300_000 })).toBe(false)
    expect(await verifyAfflioSignature(body, good, secret, { now: t * 1000 - 301_000 })).toBe(false)
    expect(await verifyAfflioSignature(body, good, secret, { now: now + 3_600_000, toleranceSeconds: 0 })).toBe(true)
    for (const header of [undefined, null, '', `v1=${sign(secret, t, body)}`, `t=${t}`, `t=abc,v1=${sign(secret, t, body)}`, `t=${t},v1=zz`]) {
      expect(await verifyAfflioSignature(body, header, secret, { now })).toBe(false)
    }
  })

  test('constructAfflioEvent parses a verified event and throws otherwise', async () => {
    const event = await constructAfflioEvent(body, `t=${t},v1=${sign(secret, t, body)}`, secret, { now })
    expect(event).toMatchObject({ id: 'evt_1', type: 'payout.paid' })
    // Typed by its `type` (tsc checks these): the union has a member for every event type, each with its data
    expectTypeOf(event).toEqualTypeOf<AfflioWebhookEvent>()
    expectTypeOf<AfflioWebhookEvent['type']>().toEqualTypeOf<WebhookEventType>()
    if (event.type === 'payout.paid') expectTypeOf(event.data).toEqualTypeOf<Payout>()
    expectTypeOf<Extract<AfflioWebhookEvent, { type: 'commission.marked_fraud' }>['data']>().toEqualTypeOf<Commission>()
    expectTypeOf<Extract<AfflioWebhookEvent, { type: 'budget.reached' }>['data']>().toEqualTypeOf<BudgetReached>()
    expectTypeOf<Extract<AfflioWebhookEvent, { type: 'partner.status_changed' }>['data']>().toEqualTypeOf<PartnerStatusChange>()
    await expect(constructAfflioEvent(body, `t=${t},v1=${sign('x', t, body)}`, secret, { now })).rejects.toBeInstanceOf(AfflioError)
  })
})

describe('payouts and webhooks namespaces', () => {
  test("exportFile reads the file's name and counts from its headers, and says null for what they do not say", async () => {
    let headers: Record<string, string> = { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="afflio-prun_1-paypal-usd.csv"', 'afflio-export-count': '2', 'afflio-export-excluded': '1' }
    const afflio = new Afflio({ secretKey: 'sk_test', baseUrl: 'http://afflio.test', maxRetries: 0, fetch: async () => new Response('a,1\r\nb,2\r\n', { status: 200, headers }) })
    expect(await afflio.payouts.runs.exportFile('prun_1', { format: 'paypal' })).toEqual({ csv: 'a,1\r\nb,2\r\n', filename: 'afflio-prun_1-paypal-usd.csv', count: 2, excluded: 1 })
    headers = { 'content-type': 'text/csv' } // a proxy that keeps only what it knows
    expect(await afflio.payouts.runs.exportFile('prun_1', { format: 'paypal' })).toEqual({ csv: 'a,1\r\nb,2\r\n', filename: null, count: null, excluded: null })
  })

  test('calls the payout and webhook endpoints, and returns exports as text', async () => {
    const calls: Array<{ method: string; url: string; body?: string; idem: string | null; accept: string | null }> = []
    const replies: Array<{ status: number; body: string; type: string }> = [
      { status: 200, body: JSON.stringify({ data: [{ partnerId: 'prt_1', currency: 'USD', balanceMinor: 5, pendingMinor: 0, paidMinor: 0 }] }), type: 'application/json' },
      { status: 201, body: JSON.stringify({ id: 'prun_1', payouts: [], skipped: [] }), type: 'application/json' },
      { status: 200, body: 'a@b.test,1.00,USD,po_1,note,PAYPAL\r\n', type: 'text/csv' },
      { status: 200, body: JSON.stringify({ id: 'po_1', status: 'failed' }), type: 'application/json' },
      { status: 200, body: JSON.stringify({ id: 'whd_1', status: 'pending' }), type: 'application/json' },
    ]
    const afflio = new Afflio({
      secretKey: 'sk_test',
      baseUrl: 'http://afflio.test',
      maxRetries: 0,
      fetch: async (input, init) => {
        const headers = new Headers(init?.headers)
        calls.push({ method: init?.method ?? 'GET', url: String(input), body: init?.body as string | undefined, idem: headers.get('idempotency-key'), accept: headers.get('accept') })
        const r = replies.shift()!
        return new Response(r.body, { status: r.status, headers: { 'content-type': r.type } })
      },
    })
    expect(await afflio.payouts.balances({ partnerId: 'prt_1' })).toHaveLength(1)
    expect((await afflio.payouts.runs.create({ idempotencyKey: 'run-2026-11' })).id).toBe('prun_1')
    expect(await afflio.payouts.runs.export('prun_1', { format: 'paypal', currency: 'USD' })).toBe('a@b.test,1.00,USD,po_1,note,PAYPAL\r\n')
    await afflio.payouts.fail('po_1', { reason: 'closed' })
    await afflio.webhooks.deliveries.retry('whd_1')
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET http://afflio.test/v1/balances?partnerId=prt_1',
      'POST http://afflio.test/v1/payout-runs',
      'GET http://afflio.test/v1/payout-runs/prun_1/export?format=paypal&currency=USD',
      'POST http://afflio.test/v1/payouts/po_1/fail',
      'POST http://afflio.test/v1/webhook-deliveries/whd_1/retry',
    ])
    expect(calls[1]!.idem).toBe('run-2026-11')
    expect(calls[2]!.accept).toContain('text/')
    expect(calls[3]!.body).toBe('{"reason":"closed"}')
  })
})
