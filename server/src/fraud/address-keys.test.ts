// The partner_address rule across a rotation of the encryption key, from which the addresses' keyed hashes
// are derived: while the old key is a previous key, a partner's address is kept under both, so clicks
// hashed before the rotation still meet it; a click hashed under the new key meets the addresses the
// partner used since (its portal is where they are learnt).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Afflio, type Commission } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { connect, type Db, migrate } from '../kernel/db/connect.ts'
import { secretBoxFor } from '../kernel/secrets.ts'
import { ADMIN_TOKEN, BROWSER_UA } from '../testing.ts'

describe('partner addresses across a key rotation', () => {
  let dir: string
  let db: Db | undefined
  const k1 = randomBytes(32).toString('base64')
  const k2 = randomBytes(32).toString('base64')
  let at = Date.parse('2026-11-01T12:00:00Z')
  const now = () => new Date(at)
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afflio-address-keys-'))
  })
  afterEach(async () => {
    await db?.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  /** The API on the database under these keys (a restart with another environment). */
  async function open(encryptionKey: string, previousEncryptionKeys = '') {
    await db?.destroy()
    db = connect({ url: join(dir, 'afflio.db'), encryptionKey, previousEncryptionKeys, log: () => {} })
    await migrate(db)
    return createApp({ db, now, adminToken: ADMIN_TOKEN, rateLimit: { trustProxy: true } })
  }

  it('meets clicks hashed under the old key and the new one, while the old key is a previous key and after it is dropped', async () => {
    const home = '203.0.113.9'
    let app = await open(k1)
    const created = await (await app.request('/v1/admin/programs', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 2000 } }) })).json()
    const afflio = new Afflio({ secretKey: created.secretKey, baseUrl: 'http://afflio.test', fetch: async (i, init) => app.request(i as string, init), maxRetries: 0 })
    const ada = (await afflio.partners.create({ email: 'ada@partners.test', linkCode: 'ADA' })).id
    const portal = async () => {
      const { token } = await afflio.embedTokens.create({ partnerId: ada })
      expect((await app.request('/v1/portal/me', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': home } })).status).toBe(200)
    }
    const click = async () => {
      const res = await app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': home }, body: JSON.stringify({ key: created.publishableKey, code: 'ADA' }) })
      return ((await res.json()) as { clickId: string }).clickId
    }
    let n = 0
    const flags = async (clickId: string): Promise<Commission['fraudFlags']> => {
      at += 60_000
      return (await afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor: 10_000, currency: 'USD', clickId })).commission!.fraudFlags
    }
    const seen = async () => (await db!.selectFrom('partner_addresses').select('address_hash').where('partner_id', '=', ada).execute()).map((r) => r.address_hash).sort()
    const flagged = (clickId: string) => [{ kind: 'partner_address', clickId }]

    // Under k1: a click from the partner's address, before the partner is seen there
    const before = await click()
    const underK1 = secretBoxFor(db!).keyedHash(`address|${created.program.id}|${home}`)

    // k2 current, k1 previous: the partner's portal is seen there, and kept under both keys
    app = await open(k2, k1)
    const underK2 = secretBoxFor(db!).keyedHash(`address|${created.program.id}|${home}`)
    await portal()
    expect(await seen()).toEqual([underK1, underK2].sort())
    // so the click hashed under k1 meets it, as does one hashed under k2
    expect(await flags(before)).toEqual(flagged(before))
    at += 3_600_000 // past the click deduplication's window
    const after = await click()
    expect(after).not.toBe(before)
    expect(await flags(after)).toEqual(flagged(after))

    // k1 dropped: both clicks still meet the addresses kept while it was a previous key
    app = await open(k2)
    expect(await flags(before)).toEqual(flagged(before))
    expect(await flags(after)).toEqual(flagged(after))
  })
})
