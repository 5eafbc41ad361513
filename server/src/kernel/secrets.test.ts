// Secrets at rest (issue 11, point 4): sealed with AES-256-GCM under AFFLIO_ENCRYPTION_KEY (or a key file
// beside a SQLite database), opened where used, rotated by `afflio rotate-secrets`.
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Afflio, verifyAfflioSignature } from '@afflio/sdk'
import type { Commission } from '@afflio/sdk/types'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { readEnv } from '../env.ts'
import { serve } from '../serve.ts'
import { signStripePayload } from '../stripe/index.ts'
import { ADMIN_TOKEN, createTestContext, keyedDatabaseFile, LOOPBACK, type TestContext } from '../testing.ts'
import { localServer } from '../testing-payouts.ts'
import { deliverDue } from '../webhooks/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { connect } from './db/connect.ts'
import { sha256 } from './hash.ts'
import { keyId, loadSecretBox, openSecret, parseSecretKey, rotateSecrets, SecretBox, secretBoxFor } from './secrets.ts'

const STRIPE_KEY = 'sk_test_51PlainStripeKeyNeverOnDisk'
const STRIPE_WHSEC = 'whsec_PlainStripeSigningSecretNeverOnDisk'

describe('SecretBox', () => {
  const k1 = randomBytes(32)
  const k2 = randomBytes(32)

  it('round-trips, with a fresh IV each time, in the v1:<key id>:<iv>:<ciphertext> envelope', () => {
    const box = new SecretBox(k1)
    for (const plain of ['whsec_abc', 'sk_live_x', '', 'ünïcødé ✓', 'x'.repeat(10_000)]) {
      const a = box.seal(plain)
      const b = box.seal(plain)
      expect(a).not.toBe(b)
      expect(a).toMatch(new RegExp(`^v1:${keyId(k1)}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`))
      expect(box.open(a)).toBe(plain)
      expect(box.open(b)).toBe(plain)
      if (plain) expect(a).not.toContain(plain)
    }
  })

  it('refuses a tampered value: ciphertext, tag, IV, or the key id in the header', () => {
    const box = new SecretBox(k1, [k2])
    const sealed = box.seal('whsec_secret')
    const [v, id, iv, body] = sealed.split(':') as [string, string, string, string]
    const flip = (s: string, i: number) => {
      const bytes = Buffer.from(s, 'base64url')
      bytes[i]! ^= 1
      return bytes.toString('base64url')
    }
    expect(() => box.open([v, id, iv, flip(body, 0)].join(':'))).toThrow(/failed authentication/) // ciphertext
    expect(() => box.open([v, id, iv, flip(body, Buffer.from(body, 'base64url').length - 1)].join(':'))).toThrow(/failed authentication/) // tag
    expect(() => box.open([v, id, flip(iv, 3), body].join(':'))).toThrow(/failed authentication/) // IV
    expect(() => box.open([v, keyId(k2), iv, body].join(':'))).toThrow(/failed authentication/) // another known key's id: the header is authenticated
    expect(() => box.open([v, 'deadbeef', iv, body].join(':'))).toThrow(/sealed with key deadbeef, which is neither AFFLIO_ENCRYPTION_KEY nor in AFFLIO_ENCRYPTION_KEY_PREVIOUS/)
    expect(() => box.open([v, id, iv, 'AAAA'].join(':'))).toThrow(/malformed/)
    expect(() => new SecretBox(k2).open(sealed)).toThrow(/neither AFFLIO_ENCRYPTION_KEY/)
  })

  it('opens values of a previous key, seals with the current one only; legacy plain text passes through', () => {
    const old = new SecretBox(k1)
    const sealedOld = old.seal('whsec_old')
    const rotated = new SecretBox(k2, [k1])
    expect(rotated.open(sealedOld)).toBe('whsec_old')
    expect(rotated.isCurrent(sealedOld)).toBe(false)
    const sealedNew = rotated.seal('whsec_old')
    expect(rotated.isCurrent(sealedNew)).toBe(true)
    expect(sealedNew.split(':')[1]).toBe(keyId(k2))
    expect(() => old.open(sealedNew)).toThrow()
    expect(rotated.open('whsec_from_before_sealing')).toBe('whsec_from_before_sealing')
  })

  it('signs with the current key and verifies under any of its keys; a changed text or signature fails', () => {
    const old = new SecretBox(k1)
    const signed = old.sign('n1.prg.prt.payout_sent')
    expect(signed).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(old.verify('n1.prg.prt.payout_sent', signed)).toBe(true)
    expect(old.verify('n1.prg.prt.message', signed)).toBe(false)
    expect(old.verify('n1.prg.prt.payout_sent', signed.slice(0, -1) + (signed.endsWith('A') ? 'B' : 'A'))).toBe(false)
    expect(old.verify('n1.prg.prt.payout_sent', '')).toBe(false)
    expect(new SecretBox(k2, [k1]).verify('n1.prg.prt.payout_sent', signed)).toBe(true) // after a rotation
    expect(new SecretBox(k2).verify('n1.prg.prt.payout_sent', signed)).toBe(false)
  })

  it('takes keys as hex or base64 (standard or url-safe) and refuses anything else with the way to make one', () => {
    expect(parseSecretKey(k1.toString('hex')).equals(k1)).toBe(true)
    expect(parseSecretKey(k1.toString('base64')).equals(k1)).toBe(true)
    expect(parseSecretKey(k1.toString('base64url')).equals(k1)).toBe(true)
    expect(parseSecretKey(` ${k1.toString('base64')}\n`).equals(k1)).toBe(true)
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'z'.repeat(64)]) {
      expect(() => parseSecretKey(bad)).toThrow('AFFLIO_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32)')
    }
    expect(() => readEnv({ AFFLIO_ENCRYPTION_KEY: 'not-a-key' })).toThrow(/Invalid configuration:\n {2}AFFLIO_ENCRYPTION_KEY: must be 32 bytes/)
    expect(() => readEnv({ AFFLIO_ENCRYPTION_KEY_PREVIOUS: `${k1.toString('hex')},nope` })).toThrow(/AFFLIO_ENCRYPTION_KEY_PREVIOUS: must be 32 bytes/)
    expect(readEnv({ AFFLIO_ENCRYPTION_KEY: k1.toString('base64'), AFFLIO_ENCRYPTION_KEY_PREVIOUS: '' }).AFFLIO_ENCRYPTION_KEY).toBe(k1.toString('base64'))
  })
})

describe('where the key comes from', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afflio-secrets-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('SQLite without AFFLIO_ENCRYPTION_KEY: a key file beside the database, mode 0600, announced once, then reused', async () => {
    const file = join(dir, 'afflio.db')
    const lines: string[] = []
    const first = connect({ url: `sqlite:${file}`, encryptionKey: '', log: (l) => lines.push(l) })
    const id = secretBoxFor(first).keyId
    await first.destroy()
    expect(existsSync(`${file}.key`)).toBe(true)
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600)
    expect(lines).toEqual([expect.stringContaining(`created the secret key file ${file}.key (mode 0600)`)])

    const again = connect({ url: `sqlite:${file}`, encryptionKey: '', log: (l) => lines.push(l) })
    expect(secretBoxFor(again).keyId).toBe(id)
    expect(lines).toHaveLength(1)
    const sealed = secretBoxFor(again).seal('whsec_x')
    await again.destroy()

    // Moving to AFFLIO_ENCRYPTION_KEY later: the key file still opens what it sealed, until rotation.
    const withEnv = connect({ url: `sqlite:${file}`, encryptionKey: randomBytes(32).toString('base64') })
    expect(secretBoxFor(withEnv).keyId).not.toBe(id)
    expect(openSecret(withEnv, sealed)).toBe('whsec_x')
    await withEnv.destroy()
  })

  it('Postgres without AFFLIO_ENCRYPTION_KEY: no key is made up, and serve() refuses to start, saying why', async () => {
    const db = connect({ url: 'postgres://nobody@127.0.0.1:1/none', encryptionKey: '' }) // never queried
    const reason = /AFFLIO_ENCRYPTION_KEY is not set\. With Postgres, Afflio needs it to encrypt the Stripe and webhook secrets it stores: set it to 32 bytes/
    expect(() => secretBoxFor(db)).toThrow(reason)
    await expect(serve(db, readEnv({ PORT: '0' }))).rejects.toThrow(reason)
    expect(loadSecretBox({ encryptionKey: '', previousEncryptionKeys: '' })).not.toBeInstanceOf(SecretBox)
    await db.destroy()
  })
})

describe('secrets stored through the API (SQLite file)', () => {
  let ctx: TestContext
  let file: string
  beforeEach(async () => {
    ctx = await createTestContext({ dialect: 'sqlite', rateLimit: { trustProxy: true } })
    file = (await sql<{ file: string }>`pragma database_list`.execute(ctx.db)).rows[0]!.file
  })
  afterEach(() => ctx.close())

  it('never writes a Stripe key, a Stripe signing secret or a webhook secret in plain text; Stripe still verifies and webhooks still sign', async () => {
    const keys = await ctx.createProgram({ currency: 'USD' })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => ctx.app.request(i as string, init), maxRetries: 0 })
    const receiver = await localServer((_req, res) => void res.writeHead(200).end('ok'))
    try {
      await afflio.settings.update({ stripeWebhookSecret: STRIPE_WHSEC, stripeApiKey: STRIPE_KEY, payoutProvider: 'stripe_connect' })
      const endpoint = await afflio.webhooks.endpoints.create({ url: `${receiver.url}/hooks`, events: ['*'] }, { idempotencyKey: 'k-endpoint' })
      expect(endpoint.secret).toMatch(/^whsec_/)

      // The response, replayed for the same Idempotency-Key, still carries the secret (stored sealed).
      const replay = await afflio.webhooks.endpoints.create({ url: `${receiver.url}/hooks`, events: ['*'] }, { idempotencyKey: 'k-endpoint' })
      expect(replay.secret).toBe(endpoint.secret)

      // What is in the database: envelopes, not the secrets.
      const program = await ctx.db.selectFrom('programs').selectAll().where('id', '=', keys.program.id).executeTakeFirstOrThrow()
      const stored = await ctx.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', endpoint.id).executeTakeFirstOrThrow()
      const idem = await ctx.db.selectFrom('idempotency_keys').select('response_body').where('key', 'like', '%k-endpoint').executeTakeFirstOrThrow()
      for (const v of [program.stripe_api_key, program.stripe_webhook_secret, stored.secret, idem.response_body]) expect(v).toMatch(/^v1:[0-9a-f]{8}:/)

      // The database's bytes, main file and WAL: the plain texts appear nowhere (the program's name does:
      // these are the right files).
      const files = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))
      expect(Buffer.concat(files).includes('Acme')).toBe(true)
      for (const plain of [STRIPE_KEY, STRIPE_WHSEC, endpoint.secret, endpoint.secret.slice('whsec_'.length)]) {
        for (const bytes of files) expect(bytes.includes(plain)).toBe(false)
      }

      // Stripe's signature still checks out against the sealed secret, and a wrong one still fails.
      const body = JSON.stringify({ id: 'evt_sealed', object: 'event', type: 'customer.created', created: Math.floor(ctx.clock.now().getTime() / 1000), data: { object: { id: 'cus_1' } } })
      const stripe = (secret: string) =>
        ctx.app.request(`/v1/stripe/webhooks/${keys.program.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(secret, body, Math.floor(ctx.clock.now().getTime() / 1000)) },
          body,
        })
      const ok = await stripe(STRIPE_WHSEC)
      expect(ok.status, await ok.clone().text()).toBe(200)
      expect((await stripe('whsec_wrong')).status).toBe(400)

      // Outgoing webhooks are signed with the secret shown at creation.
      await emitEvent(ctx.db, keys.program.id, 'commission.created', { id: 'com_sealed' } as Commission, ctx.clock.now())
      expect(await deliverDue(ctx.db, { now: ctx.clock.now(), allowed: LOOPBACK })).toMatchObject({ delivered: 1 })
      const [got] = receiver.requests
      expect(await verifyAfflioSignature(got!.body, String(got!.headers['afflio-signature']), endpoint.secret, { now: ctx.clock.now() })).toBe(true)
    } finally {
      await receiver.close()
    }
  })
})

describe('keyed hashes', () => {
  const k1 = randomBytes(32)
  const k2 = randomBytes(32)

  it('hash under a key derived from the current one (not the key itself), and under every configured key, current first', () => {
    const box = new SecretBox(k1)
    const text = 'address|prg_1|198.51.100.7'
    expect(box.keyedHash(text)).toMatch(/^[0-9a-f]{64}$/)
    expect(box.keyedHash(text)).toBe(new SecretBox(k1, [k2]).keyedHash(text)) // the same key, the same hash: every process agrees
    expect([createHmac('sha256', k1).update(text).digest('hex'), sha256(text)]).not.toContain(box.keyedHash(text))
    expect(box.keyedHash(text)).not.toBe(box.keyedHash('address|prg_2|198.51.100.7'))
    const rotated = new SecretBox(k2, [k1])
    expect(rotated.keyedHash(text)).not.toBe(box.keyedHash(text))
    expect(rotated.keyedHashes(text)).toEqual([rotated.keyedHash(text), box.keyedHash(text)])
    expect(new SecretBox(k1, [k1]).keyedHashes(text)).toEqual([box.keyedHash(text)])
  })
})

describe('rotation (afflio rotate-secrets)', () => {
  const k1 = randomBytes(32).toString('base64')
  const k2 = randomBytes(32).toString('hex')
  const { open } = keyedDatabaseFile('afflio-rotate-')

  it('seals legacy plain text and a previous key’s values under the current key; then the previous key can go', async () => {
    // Under k1: secrets set through the API; and rows written before sealing existed, in plain text.
    let db = await open(k1)
    const now = () => new Date('2026-11-01T12:00:00Z')
    const app = createApp({ db, now, adminToken: ADMIN_TOKEN })
    const created = await (
      await app.request('/v1/admin/programs', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Acme', currency: 'USD' }) })
    ).json()
    const afflio = new Afflio({ secretKey: created.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => app.request(i as string, init), maxRetries: 0 })
    await afflio.settings.update({ stripeWebhookSecret: STRIPE_WHSEC })
    const endpoint = await afflio.webhooks.endpoints.create({ url: 'https://example.test/hooks', events: ['*'] })
    await db.insertInto('webhook_endpoints').values({ id: 'we_legacy', program_id: created.program.id, url: 'https://example.test/old', secret: 'whsec_legacy_plain', events: '*', disabled_at: null, created_at: now().toISOString() }).execute()
    await db.updateTable('programs').set({ stripe_api_key: STRIPE_KEY }).where('id', '=', created.program.id).execute() // legacy plain text
    await db.destroy()

    // k2 current, k1 previous: everything opens; rotation re-seals what is not under k2.
    db = await open(k2, k1)
    const first = await rotateSecrets(db)
    expect(first.failed).toEqual([])
    expect(first.resealed).toBeGreaterThanOrEqual(4) // Stripe secret (k1), Stripe key (plain), 2 endpoint secrets (k1, plain), stored responses
    expect(await rotateSecrets(db)).toMatchObject({ resealed: 0, current: first.resealed + first.current, failed: [] }) // again: nothing to do
    await db.destroy()

    // k2 alone opens every stored secret now.
    db = await open(k2)
    const box = secretBoxFor(db)
    const program = await db.selectFrom('programs').selectAll().executeTakeFirstOrThrow()
    const endpoints = await db.selectFrom('webhook_endpoints').select(['id', 'secret']).orderBy('id').execute()
    for (const v of [program.stripe_api_key!, program.stripe_webhook_secret!, ...endpoints.map((e) => e.secret)]) expect(box.isCurrent(v)).toBe(true)
    expect([openSecret(db, program.stripe_api_key), openSecret(db, program.stripe_webhook_secret)]).toEqual([STRIPE_KEY, STRIPE_WHSEC])
    expect(endpoints.map((e) => openSecret(db, e.secret)).sort()).toEqual([endpoint.secret, 'whsec_legacy_plain'].sort())
    await db.destroy()

    // Had k1 been dropped before rotating, its values would be reported, not lost silently.
    db = await open(k1)
    await db.updateTable('programs').set({ stripe_webhook_secret: secretBoxFor(db).seal('whsec_k1_only') }).execute()
    await db.destroy()
    db = await open(k2)
    const report = await rotateSecrets(db)
    expect(report.failed).toEqual([{ table: 'programs', column: 'stripe_webhook_secret', row: program.id, error: expect.stringMatching(/neither AFFLIO_ENCRYPTION_KEY nor in AFFLIO_ENCRYPTION_KEY_PREVIOUS/) }])
    await db.destroy()
  })
})
