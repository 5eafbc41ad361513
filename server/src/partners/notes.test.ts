// Managers' notes on a partner, and the partner's portal figures as the program sees them: validation,
// the audit entries written with each change, and another program's partner out of reach.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { payoutProgram } from '../testing-payouts.ts'

describe.each(dialects)('partner notes and figures on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    ctx.clock.set('2026-06-01T12:00:00.000Z')
    p = await payoutProgram(ctx)
  })
  afterEach(() => ctx.close())

  const call = (method: string, path: string, body?: unknown, key = p.keys.secretKey) =>
    ctx.app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })

  it('adds, lists and deletes notes, each change in the audit log with the manager who made it', async () => {
    const ada = await p.partner('Ada')
    const { token } = await p.afflio.consoleTokens.create({ manager: 'dana@acme.test' })
    const asManager = (method: string, path: string, body?: unknown) => call(method, `/console${path}`, body, token)

    const first = await p.afflio.partners.addNote(ada.id, { body: '  Prefers email; big launch in June.  ' })
    expect(first).toMatchObject({ partnerId: ada.id, body: 'Prefers email; big launch in June.', author: { kind: 'secret_key' } })
    ctx.clock.set('2026-06-01T12:05:00.000Z')
    const res = await asManager('POST', `/v1/partners/${ada.id}/notes`, { body: 'Called: wants a higher rate.' })
    expect(res.status).toBe(201)
    const second = await res.json()
    expect(second).toMatchObject({ author: { kind: 'console', label: 'dana@acme.test' }, createdAt: '2026-06-01T12:05:00.000Z' })
    expect((await p.afflio.partners.notes(ada.id)).data.map((n) => n.body)).toEqual(['Called: wants a higher rate.', 'Prefers email; big launch in June.'])
    const paged = await p.afflio.partners.notes(ada.id, { limit: 1 })
    expect(paged).toEqual({ data: [second], nextCursor: second.id })
    expect(await p.afflio.partners.notes(ada.id, { limit: 1, cursor: paged.nextCursor! })).toEqual({ data: [first], nextCursor: null })
    const walked: string[] = []
    for await (const n of p.afflio.partners.notesAll(ada.id, { limit: 1 })) walked.push(n.id)
    expect(walked).toEqual([second.id, first.id])

    await p.afflio.partners.deleteNote(ada.id, first.id)
    expect((await p.afflio.partners.notes(ada.id)).data.map((n) => n.id)).toEqual([second.id])
    const log = (await p.afflio.auditLog.list({ subjectType: 'partner', subjectId: ada.id })).data
    expect(log.map((e) => e.action)).toEqual(['partner.note_deleted', 'partner.note_added', 'partner.note_added', 'partner.created'])
    expect(log[0]).toMatchObject({ before: { noteId: first.id, body: 'Prefers email; big launch in June.' }, after: null })
    expect(log[1]).toMatchObject({ actor: { kind: 'console', label: 'dana@acme.test' }, after: { noteId: second.id, body: 'Called: wants a higher rate.' } })
  })

  it('refuses empty, long or unexpected input, and writes nothing', async () => {
    const ada = await p.partner('Ada')
    for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(5001) }, {}, { body: 'ok', pinned: true }, { body: 42 }]) {
      const res = await call('POST', `/v1/partners/${ada.id}/notes`, body)
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
    expect((await p.afflio.partners.notes(ada.id)).data).toEqual([])
    expect((await p.afflio.auditLog.list({ action: 'partner.note_added' })).data).toEqual([])
    expect((await call('POST', `/v1/partners/${ada.id}/notes`, { body: 'x'.repeat(5000) })).status).toBe(201)
  })

  it("keeps another program's partner, its notes and its figures out of reach", async () => {
    const ada = await p.partner('Ada')
    const note = await p.afflio.partners.addNote(ada.id, { body: 'Private.' })
    const other = await payoutProgram(ctx)
    const key = other.keys.secretKey
    for (const [method, path, body] of [
      ['GET', `/v1/partners/${ada.id}/notes`],
      ['POST', `/v1/partners/${ada.id}/notes`, { body: 'Hi' }],
      ['DELETE', `/v1/partners/${ada.id}/notes/${note.id}`],
      ['GET', `/v1/partners/${ada.id}/overview`],
      ['GET', `/v1/partners/${ada.id}/payouts`],
    ] as const) {
      const res = await call(method, path, body, key)
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    }
    // The note's id with another partner of the same program: not found either.
    const bo = await p.partner('Bo')
    expect((await call('DELETE', `/v1/partners/${bo.id}/notes/${note.id}`)).status).toBe(404)
    expect((await p.afflio.partners.notes(ada.id)).data).toHaveLength(1)
  })

  it("answers the partner's portal overview and payouts to the program", async () => {
    const ada = await p.partner('Ada', { method: 'paypal', email: 'ada@pay.test' })
    await p.sell(ada, 4_000)
    const overview = await p.afflio.partners.overview(ada.id, { from: '2026-05-26', to: '2026-06-01' })
    expect(overview).toMatchObject({ clicks: 1, sales: 1, revenueMinor: 4_000, currency: 'USD' })
    expect(overview.series).toHaveLength(7)
    const payouts = await p.afflio.partners.payouts(ada.id)
    expect(payouts.payoutDetails).toMatchObject({ method: 'paypal', email: 'ada@pay.test' })
    expect(payouts.balances[0]).toMatchObject({ currency: 'USD', pendingMinor: 4_000 })
    expect((await call('GET', `/v1/partners/${ada.id}/overview?from=2026-06-02&to=2026-06-01`)).status).toBe(400)
  })
})
