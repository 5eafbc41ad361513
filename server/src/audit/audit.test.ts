// The audit log through the API: each kind of change is recorded once, with its actor and the fields that
// changed, in the change's own transaction; nothing can edit or delete an entry; programs stay apart.
import { Afflio } from '@afflio/sdk'
import type { AuditEntry, ListAuditLogQuery } from '@afflio/sdk/types'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { payoutProgram } from '../testing-payouts.ts'
import { ADMIN_TOKEN, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('audit log on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  const fetchApp = async (i: RequestInfo | URL, init?: RequestInit) => ctx.app.request(i as string, init)
  const client = (secretKey: string, baseUrl = 'http://afflio.test') => new Afflio({ secretKey, baseUrl, fetch: fetchApp, maxRetries: 0 })
  const log = async (q: ListAuditLogQuery = {}, afflio = p.afflio): Promise<AuditEntry[]> => {
    const out: AuditEntry[] = []
    for await (const e of afflio.auditLog.listAll(q)) out.push(e)
    return out
  }
  const firstKey = async () => (await p.afflio.keys.list()).data.find((k) => k.kind === 'secret')!

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    ctx.clock.set('2026-06-01T12:00:00.000Z')
    p = await payoutProgram(ctx)
  })
  afterEach(() => ctx.close())

  it('names the key that made a change, and keeps only the fields that changed', async () => {
    const key = await firstKey()
    const before = await p.afflio.settings.get()
    await p.afflio.settings.update({ holdingDays: 14 })
    const [entry, ...rest] = await log({ action: 'program.settings_changed' })
    expect(rest).toEqual([])
    expect(entry).toMatchObject({
      at: '2026-06-01T12:00:00.000Z',
      actor: { kind: 'secret_key', id: key.id, label: key.prefix },
      subject: { type: 'program' },
      before: { holdingDays: before.holdingDays },
      after: { holdingDays: 14 },
    })
    // The same values again change nothing, and record nothing.
    await p.afflio.settings.update({ holdingDays: 14 })
    expect(await log({ action: 'program.settings_changed' })).toHaveLength(1)
  })

  it('records rules, groups and partners: created, archived, changed by hand and in bulk', async () => {
    const rule = await p.afflio.rules.create({ name: 'Launch', event: 'sale', type: 'percent', value: 3000 })
    await p.afflio.rules.archive(rule.id)
    const group = await p.afflio.groups.create({ name: 'Gold' })
    const ada = await p.partner('Ada')
    await p.afflio.partners.update(ada.id, { status: 'suspended', groupId: group.id })
    await p.afflio.partners.bulk({ partnerIds: [ada.id], action: 'set_status', status: 'active' })

    const entries = await log()
    const actions = entries.map((e) => `${e.action} ${e.subject.type}`)
    expect(actions).toEqual(
      expect.arrayContaining(['rule.created rule', 'rule.archived rule', 'group.created group', 'partner.created partner', 'partner.changed partner']),
    )
    const changes = await log({ subjectType: 'partner', subjectId: ada.id, action: 'partner.changed' })
    expect(changes.map((e) => [e.before, e.after])).toEqual([
      [{ status: 'suspended' }, { status: 'active' }],
      [
        { status: 'active', groupId: null },
        { status: 'suspended', groupId: group.id },
      ],
    ])
    expect((await log({ action: 'rule.created' }))[0]!.after).toMatchObject({ name: 'Launch' })
  })

  it('records holds, releases, fraud and refunds on commissions, by a manager in the console', async () => {
    const ada = await p.partner('Ada')
    const [sale] = await p.earn(ada, [[10_000]])
    const { token } = await p.afflio.consoleTokens.create({ manager: 'dana@acme.test' })
    const manager = client(token, 'http://afflio.test/console')
    await manager.commissions.hold(sale!.commission.id, 'checking the order')
    await manager.commissions.release(sale!.commission.id, 'order is real')
    await p.afflio.track.refund({ invoiceId: sale!.invoiceId })

    const entries = await log({ subjectId: sale!.commission.id })
    expect(entries.map((e) => e.action)).toEqual(['commission.released', 'commission.held'])
    expect(entries[1]).toMatchObject({ actor: { kind: 'console', id: 'dana@acme.test' }, before: { status: 'pending' }, after: { status: 'on_hold', holdReason: expect.stringContaining('checking the order') } })
    const [refund] = await log({ action: 'sale.refunded' })
    expect(refund).toMatchObject({ actor: { kind: 'secret_key' }, subject: { type: 'sale' }, before: { refundedMinor: 0 }, after: { refundedMinor: 10_000 } })

    const [bob] = await Promise.all([p.partner('Bob')])
    const [other] = await p.earn(bob!, [[5_000]])
    await p.afflio.commissions.markFraud(other!.commission.id, 'stolen card')
    expect(await log({ action: 'commission.marked_fraud' })).toMatchObject([{ subject: { id: other!.commission.id }, after: { status: 'fraud' } }])
  })

  it('records a payout run created, sent and paid, and a failed payout', async () => {
    const ada = await p.partner('Ada', { method: 'paypal', email: 'ada@pay.test' })
    const bob = await p.partner('Bob', { method: 'paypal', email: 'bob@pay.test' })
    await p.earn(ada, [[10_000]])
    await p.earn(bob, [[20_000]])
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    const [first] = await log({ action: 'payout_run.created' })
    expect(first).toMatchObject({ subject: { type: 'payout_run', id: run.id }, before: null })
    const failing = run.payouts.find((x) => x.partnerId === bob.id)!
    await p.afflio.payouts.fail(failing.id, { reason: 'account closed' })
    await p.afflio.payouts.runs.markPaid(run.id)
    expect((await log({ subjectType: 'payout', subjectId: failing.id })).map((e) => e.action)).toEqual(['payout.failed'])
    expect(await log({ action: 'payout_run.marked_paid' })).toHaveLength(1)
  })

  it('records keys and tokens issued and revoked, never their secrets', async () => {
    const created = await p.afflio.keys.create()
    const afflio = client(created.secretKey)
    const first = (await afflio.keys.list()).data.find((k) => k.kind === 'secret' && k.id !== created.id)!
    await afflio.keys.revoke(first.id)
    const { token } = await afflio.consoleTokens.create({ manager: 'dana@acme.test' })
    const ada = await afflio.partners.create({ email: 'ada@partners.test', name: 'Ada' })
    const { token: et } = await afflio.embedTokens.create({ partnerId: ada.id })
    const hook = await afflio.webhooks.endpoints.create({ url: 'https://hooks.acme.test/afflio', events: ['*'] })
    await afflio.webhooks.endpoints.delete(hook.id)

    const entries = await log({}, client(created.secretKey))
    const actions = entries.map((e) => e.action)
    for (const a of ['key.created', 'key.revoked', 'console_token.issued', 'embed_token.issued', 'webhook_endpoint.created', 'webhook_endpoint.deleted'] as const) {
      expect(actions, a).toContain(a)
    }
    expect(entries.find((e) => e.action === 'key.revoked')!.actor.id).toBe(created.id)
    const text = JSON.stringify(entries)
    for (const secret of [created.secretKey, token, et, hook.secret]) expect(text).not.toContain(secret)
  })

  it('records program creation by the admin token', async () => {
    const res = await ctx.app.request('/v1/admin/programs', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Beta', currency: 'EUR' }),
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { secretKey: string; program: { id: string } }
    const [entry] = await log({}, client(created.secretKey))
    expect(entry).toMatchObject({ action: 'program.created', actor: { kind: 'admin', id: 'admin' }, subject: { type: 'program', id: created.program.id }, after: { name: 'Beta', currency: 'EUR' } })
  })

  it('writes nothing for a change that fails, and keeps programs apart', async () => {
    expect((await log()).map((e) => e.action)).toEqual(['program.created'])
    await expect(p.afflio.partners.update('prt_00000000000000000000000000'.slice(0, 28), { status: 'suspended' })).rejects.toMatchObject({ status: expect.any(Number) })
    await expect(p.afflio.settings.update({ holdingDays: -1 })).rejects.toMatchObject({ status: 400 })
    await expect(p.afflio.groups.create({ name: '' })).rejects.toMatchObject({ status: 400 })
    expect(await log()).toHaveLength(1)

    await p.afflio.groups.create({ name: 'Gold' })
    await expect(p.afflio.groups.create({ name: 'Gold' })).rejects.toMatchObject({ status: 409 })
    const other = await payoutProgram(ctx)
    expect((await log({}, other.afflio)).map((e) => e.action)).toEqual(['program.created'])
    expect((await log()).map((e) => e.action)).toEqual(['group.created', 'program.created'])
  })

  it('pages newest first and filters, and answers bad filters with 400', async () => {
    for (let i = 0; i < 5; i++) {
      await p.afflio.groups.create({ name: `G${i}` })
      ctx.clock.set(`2026-06-0${2 + i}T12:00:00.000Z`)
    }
    const first = await p.afflio.auditLog.list({ limit: 2, action: 'group.created' })
    expect(first.data.map((e) => e.after!.name)).toEqual(['G4', 'G3'])
    const second = await p.afflio.auditLog.list({ limit: 2, action: 'group.created', cursor: first.nextCursor! })
    expect(second.data.map((e) => e.after!.name)).toEqual(['G2', 'G1'])
    // G1..G4 were written at noon on June 2..5. A day as until is that whole day; a timestamp is exclusive.
    expect((await log({ since: '2026-06-03', until: '2026-06-04' })).map((e) => e.after!.name)).toEqual(['G3', 'G2'])
    expect((await log({ since: '2026-06-05', until: '2026-06-05' })).map((e) => e.after!.name)).toEqual(['G4'])
    expect((await log({ since: '2026-06-03T12:00:00Z', until: '2026-06-05T12:00:00Z' })).map((e) => e.after!.name)).toEqual(['G3', 'G2'])
    await expect(p.afflio.auditLog.list({ since: '2026-06-05', until: '2026-06-04' })).rejects.toMatchObject({ status: 400, field: 'since' })
    await expect(p.afflio.auditLog.list({ since: '2026-06-05T00:00:00Z', until: '2026-06-05T00:00:00Z' })).rejects.toMatchObject({ status: 400, field: 'since' })
    await expect(p.afflio.auditLog.list({ action: 'nope' as never })).rejects.toMatchObject({ status: 400, field: 'action' })
    await expect(p.afflio.auditLog.list({ since: 'yesterday' })).rejects.toMatchObject({ status: 400, field: 'since' })
  })

  it('is append-only in the database: UPDATE and DELETE are refused', async () => {
    await p.afflio.groups.create({ name: 'Gold' })
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(ctx.db)).rejects.toThrow(/append-only/)
    await expect(sql`DELETE FROM audit_log`.execute(ctx.db)).rejects.toThrow(/append-only/)
    expect((await log()).map((e) => e.action)).toEqual(['group.created', 'program.created'])
  })
})
