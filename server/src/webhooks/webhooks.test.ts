// Outgoing webhooks end to end: endpoints through the SDK, events written in the transaction of the
// change (outbox), signed deliveries to a local receiver, retries with backoff, the delivery log.
import { AfflioApiError, type Commission, type Payout, verifyAfflioSignature, type WebhookEvent } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverDue, startWebhookLoop } from './deliver-webhooks.ts'
import { emitEvent, emitEvents } from './events.ts'
import { createTestContext, dialects, LOOPBACK, type TestContext } from '../testing.ts'
import { localServer, payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('outgoing webhooks on %s', (dialect) => {
  let ctx: TestContext
  let receiver: Awaited<ReturnType<typeof localServer>>
  let answers: number[] = [] // statuses to answer with, in order; 200 when empty
  let hang = false
  let held: Promise<void> | null = null // answers once it settles: a try in flight meanwhile

  beforeAll(async () => {
    receiver = await localServer(async (req, res) => {
      if (hang) return // never answers: the deliverer's timeout must fire
      if (held) await held
      res.writeHead(answers.shift() ?? 200, { 'content-type': 'text/plain' })
      // /big: 8 MB of answer, of which the deliverer keeps (and reads) only the opening
      res.end(req.url === '/big' ? 'x'.repeat(8 << 20) : 'ok')
    })
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(async () => {
    await ctx.close()
    await receiver.close()
  })

  const deliver = (opts: { timeoutMs?: number } = {}) => deliverDue(ctx.db, { now: ctx.clock.now(), allowed: LOOPBACK, ...opts })
  const programIdOf = async (p: Awaited<ReturnType<typeof payoutProgram>>) => (await p.afflio.program.get()).id

  /** A program with one partner paid out and the run marked paid: one payout.paid event. */
  async function paidOut(p: Awaited<ReturnType<typeof payoutProgram>>) {
    const partner = await p.partner('Wren', { method: 'paypal', email: 'wren@paypal.test' })
    await p.earn(partner, [[2500]])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    await p.afflio.payouts.runs.markPaid(run.id)
    return run.payouts[0]!
  }

  it('creates endpoints with a secret shown once, and deletes them', async () => {
    const p = await payoutProgram(ctx)
    const created = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/hooks`, events: ['payout.paid', 'commission.created'] })
    expect(created.secret).toMatch(/^whsec_[0-9a-z]{32}$/)
    expect(created).toMatchObject({ url: `${receiver.url}/hooks`, events: ['payout.paid', 'commission.created'], disabledAt: null })
    const all = await p.afflio.webhooks.endpoints.create({ url: 'https://example.test/all', events: ['*'] })
    expect(all.events).toEqual(['*'])
    // A wrong event type is named, in words
    const typo = await p.afflio.webhooks.endpoints.create({ url: 'https://example.test/t', events: ['payout.payd' as 'payout.paid'] }).catch((e: unknown) => e)
    expect(typo).toMatchObject({ status: 400, code: 'invalid_request', field: 'events', message: expect.stringMatching(/^events: "payout\.payd" is not an event type: one of commission\.created, /) })
    const mixed = await p.afflio.webhooks.endpoints.create({ url: 'https://example.test/t', events: ['*', 'payout.paid'] as unknown as ['*'] }).catch((e: unknown) => e)
    expect(mixed).toMatchObject({ status: 400, field: 'events', message: 'events: "*" (every event) stands alone: ["*"]' })

    const listed = await p.afflio.webhooks.endpoints.list()
    expect(listed.data.map((e) => e.id).sort()).toEqual([created.id, all.id].sort())
    expect(listed.data.every((e) => !('secret' in e))).toBe(true)

    const deleted = await p.afflio.webhooks.endpoints.delete(all.id)
    expect(deleted.disabledAt).toBe(ctx.clock.now().toISOString())
    expect((await p.afflio.webhooks.endpoints.list()).data.map((e) => e.id)).toEqual([created.id])
    expect(((await p.afflio.webhooks.endpoints.delete(all.id).catch((e: unknown) => e)) as AfflioApiError).status).toBe(404)

    for (const bad of [{ url: 'ftp://example.test', events: ['*'] }, { url: 'https://example.test', events: ['sale.created'] }, { url: 'https://example.test', events: [] }]) {
      const err = await p.afflio.webhooks.endpoints.create(bad as never).catch((e: unknown) => e)
      expect((err as AfflioApiError).status).toBe(400)
    }
  })

  it('signs each delivery so the SDK helper verifies it, and retries after a 500 with backoff', async () => {
    const p = await payoutProgram(ctx)
    const endpoint = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/afflio`, events: ['payout.paid'] })
    const payout = await paidOut(p)
    const pending = await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })
    expect(pending.data).toHaveLength(1)
    expect(pending.data[0]).toMatchObject({ eventType: 'payout.paid', status: 'pending', attempts: 0, nextAttemptAt: ctx.clock.now().toISOString() })

    // First try: the receiver answers 500.
    answers = [500]
    const seen = receiver.requests.length
    expect(await deliver()).toEqual({ attempted: 1, delivered: 0, failed: 1 })
    const [first] = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: ok', deliveredAt: null })
    expect(first!.nextAttemptAt).toBe(new Date(ctx.clock.now().getTime() + 60_000).toISOString())

    // Not due yet: nothing is sent. A minute later it is, and the receiver takes it.
    expect((await deliver()).attempted).toBe(0)
    ctx.clock.set(first!.nextAttemptAt!)
    expect(await deliver()).toEqual({ attempted: 1, delivered: 1, failed: 0 })
    const [done] = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id, status: 'delivered' })).data
    expect(done).toMatchObject({ id: first!.id, status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: ctx.clock.now().toISOString() })
    expect((await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id, status: 'pending' })).data).toEqual([])

    // Both tries carried the same event, signed with the endpoint's secret.
    const got = receiver.requests.slice(seen)
    expect(got).toHaveLength(2)
    expect(got.map((r) => [r.method, r.url, r.headers['content-type'], r.headers['afflio-event-type']])).toEqual([
      ['POST', '/afflio', 'application/json', 'payout.paid'],
      ['POST', '/afflio', 'application/json', 'payout.paid'],
    ])
    expect(got[0]!.headers['afflio-event-id']).toBe(got[1]!.headers['afflio-event-id'])
    const last = got[1]!
    const header = String(last.headers['afflio-signature'])
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    const now = ctx.clock.now()
    expect(await verifyAfflioSignature(last.body, header, endpoint.secret, { now })).toBe(true)
    expect(await verifyAfflioSignature(last.body, header, 'whsec_wrong', { now })).toBe(false)
    expect(await verifyAfflioSignature(last.body.replace('2500', '9500'), header, endpoint.secret, { now })).toBe(false)
    expect(await verifyAfflioSignature(last.body, header, endpoint.secret, { now: now.getTime() + 301_000 })).toBe(false) // replayed later
    expect(await verifyAfflioSignature(last.body, null, endpoint.secret, { now })).toBe(false)

    const event = JSON.parse(last.body) as WebhookEvent<Payout>
    expect(event).toMatchObject({ id: last.headers['afflio-event-id'], type: 'payout.paid', data: { id: payout.id, amountMinor: 2500, currency: 'USD', status: 'paid' } })
  })

  it('gives up after 8 tries, and a manual retry sends once more', async () => {
    const p = await payoutProgram(ctx)
    const endpoint = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/down`, events: ['*'] })
    await emitEvent(ctx.db, await programIdOf(p), 'commission.reversed', { id: 'com_x' } as Commission, ctx.clock.now())
    const waits: number[] = []
    for (let i = 0; i < 8; i++) {
      answers = [503]
      expect((await deliver()).failed).toBe(1)
      const [d] = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data
      expect(d!.attempts).toBe(i + 1)
      if (d!.nextAttemptAt) {
        waits.push((Date.parse(d!.nextAttemptAt) - ctx.clock.now().getTime()) / 60_000)
        ctx.clock.set(d!.nextAttemptAt)
      }
    }
    expect(waits).toEqual([1, 5, 30, 120, 480, 1440, 1440])
    const [failed] = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id, status: 'failed' })).data
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null, lastStatusCode: 503 })
    ctx.clock.advanceDays(3)
    expect((await deliver()).attempted).toBe(0)

    const retried = await p.afflio.webhooks.deliveries.retry(failed!.id)
    expect(retried).toMatchObject({ status: 'pending', nextAttemptAt: ctx.clock.now().toISOString() })
    // Sending an event again is done by hand: the audit log says who, and what state the delivery was in.
    expect((await p.afflio.auditLog.list({ subjectType: 'webhook_delivery', subjectId: failed!.id })).data).toMatchObject([
      { action: 'webhook_delivery.retried', actor: { kind: 'secret_key' }, before: { status: 'failed', nextAttemptAt: null }, after: { status: 'pending', nextAttemptAt: ctx.clock.now().toISOString() } },
    ])
    expect(await deliver()).toEqual({ attempted: 1, delivered: 1, failed: 0 })
    expect((await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data[0]).toMatchObject({ status: 'delivered', attempts: 9 })
  })

  it('while a try is in flight: a manual retry is refused, a deleted endpoint stays given up', async () => {
    const p = await payoutProgram(ctx)
    const endpoint = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/slow`, events: ['*'] })
    await emitEvent(ctx.db, await programIdOf(p), 'commission.reversed', { id: 'com_y' } as Commission, ctx.clock.now())
    const [d] = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data
    let answer!: () => void
    held = new Promise((r) => (answer = r))
    const seen = receiver.requests.length
    const inFlight = deliver()
    try {
      while (receiver.requests.length === seen) await new Promise((r) => setTimeout(r, 5))
      // Shown as pending while it is sent; sent again only after this try is recorded.
      expect((await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id, status: 'pending' })).data.map((x) => x.id)).toEqual([d!.id])
      await expect(p.afflio.webhooks.deliveries.retry(d!.id)).rejects.toMatchObject({ status: 409, code: 'conflict' })
      await p.afflio.webhooks.endpoints.delete(endpoint.id)
    } finally {
      answer()
      held = null
    }
    expect(await inFlight).toEqual({ attempted: 1, delivered: 1, failed: 0 })
    // The answer came after the give-up: the log keeps the give-up, and nothing is due again.
    expect((await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data[0]).toMatchObject({ status: 'failed', lastError: 'endpoint deleted', nextAttemptAt: null })
    expect((await deliver()).attempted).toBe(0)
    // Neither refused retry was recorded.
    expect((await p.afflio.auditLog.list({ action: 'webhook_delivery.retried' })).data).toEqual([])
  })

  it('keeps the opening of an answer in the log and reads no further', async () => {
    const p = await payoutProgram(ctx)
    const endpoint = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/big`, events: ['*'] })
    await emitEvent(ctx.db, await programIdOf(p), 'commission.reversed', { id: 'com_z' } as Commission, ctx.clock.now())
    answers = [500]
    expect(await deliver()).toEqual({ attempted: 1, delivered: 0, failed: 1 })
    const [d] = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data
    expect(d!.lastError).toBe(`HTTP 500: ${'x'.repeat(500)}`)
  })

  it('records timeouts and network errors in the log', async () => {
    const p = await payoutProgram(ctx)
    const slow = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/slow`, events: ['commission.created'] })
    const closed = await p.afflio.webhooks.endpoints.create({ url: 'http://127.0.0.1:9/nothing-listens', events: ['commission.created'] })
    await emitEvent(ctx.db, await programIdOf(p), 'commission.created', { id: 'com_y' } as Commission, ctx.clock.now())
    hang = true
    try {
      expect(await deliver({ timeoutMs: 300 })).toEqual({ attempted: 2, delivered: 0, failed: 2 })
    } finally {
      hang = false
    }
    const [s] = (await p.afflio.webhooks.deliveries.list({ endpointId: slow.id })).data
    expect(s).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'timed out' })
    const [c] = (await p.afflio.webhooks.deliveries.list({ endpointId: closed.id })).data
    expect(c).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null })
    expect(c!.lastError).toMatch(/fetch failed|ECONNREFUSED/)
    // Give up on both, so later tests' deliverer runs do not pick them up.
    await p.afflio.webhooks.endpoints.delete(slow.id)
    await p.afflio.webhooks.endpoints.delete(closed.id)
  })

  it('writes events only with the change (outbox), to subscribed active endpoints only', async () => {
    const p = await payoutProgram(ctx)
    const programId = await programIdOf(p)
    const payouts = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/p`, events: ['payout.paid'] })
    const all = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/a`, events: ['*'] })
    const gone = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/g`, events: ['*'] })
    await p.afflio.webhooks.endpoints.delete(gone.id)
    const count = async (endpointId: string) => (await p.afflio.webhooks.deliveries.list({ endpointId })).data.filter((d) => d.eventType === 'commission.reversed').length

    await ctx.db
      .transaction()
      .execute(async (tx) => {
        await emitEvent(tx, programId, 'commission.reversed', { id: 'com_rolled_back' } as Commission, ctx.clock.now())
        throw new Error('the change failed')
      })
      .catch(() => undefined)
    expect(await count(all.id)).toBe(0)

    const eventId = await ctx.db.transaction().execute((tx) => emitEvent(tx, programId, 'commission.reversed', { id: 'com_z' } as Commission, ctx.clock.now()))
    expect(eventId).toMatch(/^evt_/)
    expect([await count(all.id), await count(payouts.id), await count(gone.id)]).toEqual([1, 0, 0])
    const [d] = (await p.afflio.webhooks.deliveries.list({ endpointId: all.id })).data.filter((x) => x.eventType === 'commission.reversed')
    expect(d!.eventId).toBe(eventId)

    // Deleting an endpoint gives up what was still waiting for it.
    await p.afflio.webhooks.endpoints.delete(all.id)
    const [given] = (await p.afflio.webhooks.deliveries.list({ endpointId: all.id, status: 'failed' })).data
    expect(given).toMatchObject({ id: d!.id, lastError: 'endpoint deleted' })
    const err = await p.afflio.webhooks.deliveries.retry(d!.id).catch((e: unknown) => e)
    expect((err as AfflioApiError).status).toBe(409)
  })

  it('delivers from the background loop until it is stopped', async () => {
    const p = await payoutProgram(ctx)
    const endpoint = await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/loop`, events: ['payout.paid'] })
    const loop = startWebhookLoop(ctx.db, { intervalMs: 20, now: ctx.clock.now, allowed: LOOPBACK })
    try {
      await paidOut(p)
      const deadline = Date.now() + 5_000
      let status = 'pending'
      while (status !== 'delivered' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25))
        status = (await p.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data[0]?.status ?? 'pending'
      }
      expect(status).toBe('delivered')
    } finally {
      await loop.stop()
    }
  })

  it('keeps each program to its own endpoints and log', async () => {
    const a = await payoutProgram(ctx)
    const b = await payoutProgram(ctx)
    const endpoint = await a.afflio.webhooks.endpoints.create({ url: `${receiver.url}/a`, events: ['*'] })
    await emitEvent(ctx.db, await programIdOf(a), 'payout.paid', { id: 'po_a' } as Payout, ctx.clock.now())
    expect((await b.afflio.webhooks.endpoints.list()).data).toEqual([])
    expect((await b.afflio.webhooks.deliveries.list()).data).toEqual([])
    const [d] = (await a.afflio.webhooks.deliveries.list({ endpointId: endpoint.id })).data
    expect(((await b.afflio.webhooks.deliveries.retry(d!.id).catch((e: unknown) => e)) as AfflioApiError).status).toBe(404)
    expect(((await b.afflio.webhooks.endpoints.delete(endpoint.id).catch((e: unknown) => e)) as AfflioApiError).status).toBe(404)
  })

  it('writes a bulk change as one event per object, each once per subscribed endpoint', async () => {
    const p = await payoutProgram(ctx)
    const programId = await programIdOf(p)
    const events = ['commission.held', 'commission.released', 'commission.marked_fraud', 'commission.approved', 'payout.failed', 'claim.approved', 'claim.rejected'] as const
    const lifecycle = await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/lifecycle', events: [...events] })
    expect(lifecycle.events).toEqual(events)
    const all = await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/all', events: ['*'] })
    await p.afflio.webhooks.endpoints.create({ url: 'https://hooks.example.test/other', events: ['commission.created'] })

    // More deliveries than one insert takes (1000 rows): 600 objects, two endpoints each.
    const data = Array.from({ length: 600 }, (_, i) => ({ id: `com_${i}` }) as Commission)
    const ids = await ctx.db.transaction().execute((tx) => emitEvents(tx, programId, 'commission.approved', data, ctx.clock.now()))
    expect(new Set(ids).size).toBe(600)
    const rows = await ctx.db.selectFrom('webhook_deliveries').select(['endpoint_id', 'event_id', 'payload']).where('program_id', '=', programId).execute()
    expect(rows).toHaveLength(1200)
    for (const endpoint of [lifecycle.id, all.id]) expect(rows.filter((r) => r.endpoint_id === endpoint).map((r) => r.event_id).sort()).toEqual([...ids].sort())
    const byId = new Map(rows.map((r) => [r.event_id, JSON.parse(r.payload) as WebhookEvent<{ id: string }>]))
    expect(ids.map((id) => byId.get(id))).toEqual(ids.map((id, i) => ({ id, type: 'commission.approved', createdAt: ctx.clock.now().toISOString(), data: data[i] })))
    // Given up (no later deliverer run sends them); then nothing subscribes, and nothing is written.
    for (const e of [lifecycle, all]) await p.afflio.webhooks.endpoints.delete(e.id)
    expect(await ctx.db.transaction().execute((tx) => emitEvents(tx, programId, 'commission.approved', data, ctx.clock.now()))).toHaveLength(600)
    expect(await ctx.db.selectFrom('webhook_deliveries').select('id').where('program_id', '=', programId).execute()).toHaveLength(1200)
  })
})
