// Ending console and embed tokens before they expire: revoking the secret key that minted them (directly,
// or through a console token) ends them at once, and the program revokes tokens itself (one, a manager's,
// a partner's). A revoked token answers 401 unauthorized and is never counted as a guess.
import { Afflio } from '@afflio/sdk'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../kernel/ids.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('token revocation on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let programId: string
  let partnerId: string
  let otherPartnerId: string
  const sdk = (key: string, base = '') =>
    new Afflio({ secretKey: key, baseUrl: `http://afflio.test${base}`, fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
  const portalMe = async (token: string) => {
    const res = await ctx.app.request('/v1/portal/me', { headers: { authorization: `Bearer ${token}` } })
    return { status: res.status, code: res.ok ? null : ((await res.json()) as { error: { code: string } }).error.code }
  }
  const works = async (ct: string) => (await sdk(ct).program.get()).id === programId
  const refusal = (call: Promise<unknown>) => call.then(() => 'worked', (e: { status?: number; code?: string }) => `${e.status} ${e.code}`)

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    const created = await ctx.createProgram({ name: 'Acme' })
    programId = created.program.id
    afflio = sdk(created.secretKey)
    partnerId = (await afflio.partners.create({ email: 'ada@partners.test' })).id
    otherPartnerId = (await afflio.partners.create({ email: 'bo@partners.test' })).id
  })
  afterAll(() => ctx.close())

  it('revoking a secret key ends at once the console and embed tokens it minted, and no other', async () => {
    const second = await afflio.keys.create()
    const withSecond = sdk(second.secretKey)
    const leaked = (await withSecond.consoleTokens.create({ manager: 'leaked', ttlSeconds: 86_400 })).token
    const embed = (await withSecond.embedTokens.create({ partnerId, expiresInSeconds: 86_400 })).token
    const throughConsole = (await sdk(leaked).embedTokens.create({ partnerId })).token // the key behind the console token
    const kept = (await afflio.consoleTokens.create({ manager: 'ops' })).token
    const keptEmbed = (await afflio.embedTokens.create({ partnerId })).token
    expect(await works(leaked)).toBe(true)
    expect(await portalMe(embed)).toEqual({ status: 200, code: null })

    await afflio.keys.revoke(second.id)

    expect(await refusal(withSecond.program.get())).toBe('401 unauthorized')
    const asLeaked = sdk(leaked)
    expect(await refusal(asLeaked.webhooks.endpoints.create({ url: 'https://hooks.example.com/leak', events: ['*'] }))).toBe('401 unauthorized')
    expect(await refusal(asLeaked.settings.update({ holdingDays: 0 }))).toBe('401 unauthorized')
    expect(await refusal(sdk(leaked, '/console').program.get())).toBe('401 unauthorized') // the console's own address
    expect(await portalMe(embed)).toEqual({ status: 401, code: 'unauthorized' })
    expect(await portalMe(throughConsole)).toEqual({ status: 401, code: 'unauthorized' })
    expect((await afflio.webhooks.endpoints.list()).data).toEqual([])
    expect((await afflio.settings.get()).holdingDays).toBe(30)
    // Tokens of the key still in force go on working.
    expect(await works(kept)).toBe(true)
    expect(await portalMe(keptEmbed)).toEqual({ status: 200, code: null })
  })

  it('revokes one console token, or every live one of a manager; only with the secret key', async () => {
    const [one, two, other] = [await afflio.consoleTokens.create({ manager: 'dana@acme.test' }), await afflio.consoleTokens.create({ manager: 'dana@acme.test' }), await afflio.consoleTokens.create({ manager: 'eve@acme.test' })]
    expect(await afflio.consoleTokens.revoke({ token: one.token })).toEqual({ revoked: 1 })
    expect(await afflio.consoleTokens.revoke({ token: one.token })).toEqual({ revoked: 0 }) // again: harmless
    expect(await refusal(sdk(one.token).program.get())).toBe('401 unauthorized')
    expect(await works(two.token)).toBe(true)

    expect(await refusal(sdk(two.token).consoleTokens.revoke({ manager: 'eve@acme.test' }))).toBe('403 forbidden') // a console token cannot
    expect(await afflio.consoleTokens.revoke({ manager: 'dana@acme.test' })).toEqual({ revoked: 1 })
    expect(await refusal(sdk(two.token).program.get())).toBe('401 unauthorized')
    expect(await works(other.token)).toBe(true)

    // Another program's token is not this program's to revoke.
    const elsewhere = sdk((await ctx.createProgram({ name: 'Other' })).secretKey)
    const theirs = (await elsewhere.consoleTokens.create({ manager: 'dana@acme.test' })).token
    expect(await afflio.consoleTokens.revoke({ token: theirs })).toEqual({ revoked: 0 })
    expect(await afflio.consoleTokens.revoke({ manager: 'dana@acme.test' })).toEqual({ revoked: 0 })
    expect((await sdk(theirs).program.get()).name).toBe('Other')

    for (const body of [{}, { token: one.token, manager: 'dana@acme.test' }, { token: 'et_' + 'a'.repeat(32) }, { manager: '' }, { token: one.token, extra: 1 }]) {
      expect(await refusal(afflio.consoleTokens.revoke(body as never)), JSON.stringify(body)).toBe('400 invalid_request')
    }
    const entries = (await afflio.auditLog.list({ action: 'console_token.revoked' })).data
    expect(entries.map((e) => [e.actor.kind, e.after])).toEqual([
      ['secret_key', { manager: 'dana@acme.test', revoked: 1 }],
      ['secret_key', { manager: 'dana@acme.test', revoked: 1 }],
    ])
  })

  it('an embed token minted with a console token lives no longer than it: not past its expiry, not past its revocation', async () => {
    // A manager whose access ends (tokens revoked, or left to expire) must not keep a partner's session,
    // which can change where that partner's payouts go, for up to a day more.
    const console = await afflio.consoleTokens.create({ manager: 'leaving', ttlSeconds: 600 })
    const asManager = sdk(console.token)
    const minted = await asManager.embedTokens.create({ partnerId, expiresInSeconds: 86_400 })
    expect(minted.expiresAt).toBe(console.expiresAt)
    const other = await asManager.embedTokens.create({ partnerId: otherPartnerId, expiresInSeconds: 60 })
    expect(Date.parse(other.expiresAt)).toBe(ctx.clock.now().getTime() + 60_000) // a shorter life is kept
    const stays = (await afflio.consoleTokens.create({ manager: 'staying' })).token
    const staysEmbed = (await sdk(stays).embedTokens.create({ partnerId })).token
    const byKey = (await afflio.embedTokens.create({ partnerId, expiresInSeconds: 86_400 })).token
    expect(await portalMe(minted.token)).toEqual({ status: 200, code: null })

    expect(await afflio.consoleTokens.revoke({ manager: 'leaving' })).toEqual({ revoked: 1 })

    expect(await portalMe(minted.token)).toEqual({ status: 401, code: 'unauthorized' })
    expect(await portalMe(other.token)).toEqual({ status: 401, code: 'unauthorized' })
    expect(await portalMe(staysEmbed)).toEqual({ status: 200, code: null })
    expect(await portalMe(byKey)).toEqual({ status: 200, code: null })
  })

  it("revokes one embed token, or every live one of a partner; a console token may too", async () => {
    const [a1, a2, b] = [await afflio.embedTokens.create({ partnerId }), await afflio.embedTokens.create({ partnerId }), await afflio.embedTokens.create({ partnerId: otherPartnerId })]
    expect(await afflio.embedTokens.revoke({ token: a1.token })).toEqual({ revoked: 1 })
    expect(await portalMe(a1.token)).toEqual({ status: 401, code: 'unauthorized' })
    expect(await portalMe(a2.token)).toEqual({ status: 200, code: null })

    const manager = sdk((await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token)
    const live = (await ctx.db.selectFrom('embed_tokens').select('token_hash').where('partner_id', '=', partnerId).where('revoked_at', 'is', null).where('expires_at', '>', ctx.clock.now().toISOString()).execute()).length
    expect(await manager.embedTokens.revoke({ partnerId })).toEqual({ revoked: live })
    expect(await portalMe(a2.token)).toEqual({ status: 401, code: 'unauthorized' })
    expect(await portalMe(b.token)).toEqual({ status: 200, code: null })
    expect(await afflio.embedTokens.revoke({ partnerId })).toEqual({ revoked: 0 })
    // A new token for the partner works: revocation ends sessions, not the partner.
    expect(await portalMe((await afflio.embedTokens.create({ partnerId })).token)).toEqual({ status: 200, code: null })

    expect(await refusal(afflio.embedTokens.revoke({ partnerId: newId('prt', ctx.clock.now().getTime()) }))).toBe('404 not_found')
    for (const body of [{}, { token: b.token, partnerId }, { token: 'ct_' + 'a'.repeat(32) }, { partnerId: 'nope' }]) {
      expect(await refusal(afflio.embedTokens.revoke(body as never)), JSON.stringify(body)).toBe('400 invalid_request')
    }
    const entries = (await afflio.auditLog.list({ action: 'embed_token.revoked' })).data
    expect(entries.map((e) => [e.actor.kind, e.subject, e.after])).toEqual([
      ['console', { type: 'partner', id: partnerId }, { revoked: live }],
      ['secret_key', { type: 'partner', id: partnerId }, { revoked: 1 }],
    ])
  })

  it('a revoked token is an ended session, not a guess: presenting it again and again is never throttled', async () => {
    const ct = (await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token
    const et = (await afflio.embedTokens.create({ partnerId })).token
    await afflio.consoleTokens.revoke({ token: ct })
    await afflio.embedTokens.revoke({ token: et })
    for (let i = 0; i < 15; i++) {
      expect(await refusal(sdk(ct).program.get())).toBe('401 unauthorized')
      expect(await portalMe(et)).toEqual({ status: 401, code: 'unauthorized' })
    }
    expect(await works((await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token)).toBe(true)
  })

  it('tokens minted before tokens named their key end when any secret key of the program is revoked', async () => {
    const ct = (await afflio.consoleTokens.create({ manager: 'old@acme.test' })).token
    const et = (await afflio.embedTokens.create({ partnerId })).token
    const elsewhere = await ctx.createProgram({ name: 'Elsewhere' })
    const theirs = (await sdk(elsewhere.secretKey).consoleTokens.create({ manager: 'old@acme.test' })).token
    const db = ctx.db as unknown as Kysely<any>
    for (const table of ['console_tokens', 'embed_tokens']) await db.updateTable(table).set({ key_id: null }).execute() // as minted before migration 0056
    // An embed token minted by such a console token names no key either.
    const throughOld = (await sdk(ct).embedTokens.create({ partnerId })).token
    expect(await works(ct)).toBe(true)
    expect(await portalMe(throughOld)).toEqual({ status: 200, code: null })

    await afflio.keys.revoke((await afflio.keys.create()).id) // any secret key of the program

    expect(await refusal(sdk(ct).program.get())).toBe('401 unauthorized')
    expect(await portalMe(et)).toEqual({ status: 401, code: 'unauthorized' })
    expect(await portalMe(throughOld)).toEqual({ status: 401, code: 'unauthorized' })
    expect((await sdk(theirs).program.get()).name).toBe('Elsewhere') // another program's are not touched
  })
})
