import { Afflio } from '@afflio/sdk'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestContext, SECOND_IN_LINE, type TestContext, WAITING_ON_ME } from '../testing.ts'

describe.skipIf(!process.env.AFFLIO_TEST_POSTGRES_URL)('a late credit racing a full refund on postgres', () => {
  let ctx: TestContext
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  beforeEach(async () => void (ctx = await createTestContext({ dialect: 'postgres', rateLimit: { trustProxy: true } })))
  afterEach(() => ctx.close())

  it('a sale refunded in full while it is credited late leaves no commission standing', async () => {
    ctx.clock.set('2026-11-12T10:00:00.000Z')
    const keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch, maxRetries: 0 })
    await afflio.settings.update({ holdingDays: 0 })
    const ann = await afflio.partners.create({ email: 'ann@partners.test', name: 'Ann', linkCode: 'ANN1' })
    const click = await ctx.app.request('/v1/track/click', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-forwarded-for': '198.51.100.9', 'user-agent': BROWSER_UA }, body: JSON.stringify({ key: keys.publishableKey, code: 'ANN1' }) })
    const { clickId } = (await click.json()) as { clickId: string }
    ctx.clock.set('2026-11-12T10:01:00.000Z')
    await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD' }) // no partner yet

    const schema = (await ctx.db.selectNoFrom((e) => e.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s
    const holder = new pg.Client({ connectionString: process.env.AFFLIO_TEST_POSTGRES_URL })
    await holder.connect()
    let credited
    try {
      await holder.query(`set search_path to "${schema}"`)
      await holder.query('begin')
      await holder.query('select id from programs where id = $1 for no key update', [keys.program.id])
      // The order is forced by what each backend waits on, polled for at most 5 s: never by a sleep
      const waiting = async (query: string, what: string) => {
        for (let i = 0; i < 200; i++) {
          if ((await holder.query(query)).rows[0].n > 0) return
          await new Promise((r) => setTimeout(r, 25))
        }
        throw new Error(`expected ${what}`)
      }
      const refunded = afflio.track.refund({ invoiceId: 'in_1' }) // in full: locks the sale, waits for the ledger
      await waiting(WAITING_ON_ME, 'the refund to wait for the ledger')
      const late = afflio.track.sale({ invoiceId: 'in_1', amountMinor: 10_000, currency: 'USD', clickId })
      await waiting(SECOND_IN_LINE, 'the late credit to wait for the sale, locked by the refund')
      await holder.query('commit')
      const [, s] = await Promise.all([refunded, late])
      credited = s
    } finally {
      await holder.end()
    }
    const standing = (await afflio.commissions.list({ partnerId: ann.id })).data
    expect(credited!.commission?.status).toBe('reversed')
    expect(standing.filter((c) => c.status !== 'reversed').reduce((s, c) => s + c.amountMinor, 0)).toBe(0)
  })
})
