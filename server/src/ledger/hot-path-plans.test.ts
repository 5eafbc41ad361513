// The hot paths' statements on SQLite find their rows through a selective index. Without planner
// statistics (a new database, or one never analysed), SQLite may pick an index by program_id alone, or
// scan, to save a sort: then each click or sale walks the program's whole ledger and costs more as the
// program grows (a sale's notice once read its commissions through (program_id, id): 45% of a sale's CPU
// after 5k sales). Every statement prepared while a click, a lead, a sale, its renewal and a refund run
// (reactions included) is explained here; a big table read by a scan or by program_id alone fails the test.
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { BROWSER_UA, createTestContext, type TestContext } from '../testing.ts'

// Tables that grow with traffic; small per-program tables (rules, groups, settings) may be read whole.
const BIG = ['clicks', 'leads', 'customers', 'customer_clicks', 'sales', 'commissions', 'payouts', 'internal_events', 'internal_event_reactions', 'messages', 'notices', 'email_outbox', 'webhook_deliveries', 'link_days', 'link_day_sales', 'audit_log']

const prepared: string[] = []
const prepare = SQLite.prototype.prepare
let ctx: TestContext
let keys: { publishableKey: string; secretKey: string }

beforeAll(async () => {
  vi.spyOn(SQLite.prototype, 'prepare').mockImplementation(function (this: SQLite.Database, source: string) {
    prepared.push(source)
    return prepare.call(this, source)
  })
  ctx = await createTestContext({ dialect: 'sqlite', rateLimit: { trustProxy: true } })
  keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
})
afterAll(async () => {
  vi.restoreAllMocks()
  await ctx.close()
})

const call = (path: string, body: object, auth = true, ip = '198.51.100.9') =>
  ctx.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip, ...(auth ? { authorization: `Bearer ${keys.secretKey}` } : {}) },
    body: JSON.stringify(body),
  })

/** A plan line that reads a big table by a scan, or through an index searched by program_id alone. */
function unselective(line: string, source: string): string | null {
  const m = /^(SCAN|SEARCH) (\w+)(?: USING (?:COVERING )?INDEX \w+ \(([^)]*)\))?/.exec(line)
  if (!m) return null
  // Plans name a table by its alias where the query gives one ("commissions" as "c").
  const aliases = new Map([...source.matchAll(/"(\w+)" as "(\w+)"/g)].map((a) => [a[2]!, a[1]!]))
  if (!BIG.includes(aliases.get(m[2]!) ?? m[2]!)) return null
  if (m[1] === 'SCAN') return line
  return m[3] === 'program_id=?' ? line : null
}

it('explains every statement of a click, a lead, a sale, its renewal and a refund, and none walks a program', async () => {
  await call('/v1/partners', { email: 'ann@partners.test', linkCode: 'ANN' })
  const ids: string[] = []
  prepared.length = 0
  for (let i = 0; i < 3; i++) {
    const click = (await (await call('/v1/track/click', { key: keys.publishableKey, code: 'ANN' }, false, `198.51.100.${i + 1}`)).json()) as { clickId: string }
    ids.push(click.clickId)
    expect((await call('/v1/track/lead', { clickId: click.clickId, customerExternalId: `cus_${i}`, email: `c${i}@example.test` })).status).toBe(200)
    expect((await call('/v1/track/sale', { invoiceId: `inv_${i}`, amountMinor: 10_000, currency: 'USD', customerExternalId: `cus_${i}`, subscriptionId: `sub_${i}` })).status).toBe(201)
    // A renewal reads its subscription's earlier payments
    expect((await call('/v1/track/sale', { invoiceId: `inv_${i}_2`, amountMinor: 10_000, currency: 'USD', customerExternalId: `cus_${i}`, subscriptionId: `sub_${i}` })).status).toBe(201)
    await ctx.drain()
  }
  expect((await call('/v1/track/refund', { invoiceId: 'inv_0', amountMinor: 5_000 })).status).toBeLessThan(300)
  await ctx.drain()

  const statements = [...new Set(prepared)].filter((s) => /^\s*(select|insert|update|delete|with)\b/i.test(s))
  expect(statements.length).toBeGreaterThan(20)
  const found: string[] = []
  for (const source of statements) {
    const params = new Array((source.match(/\?/g) ?? []).length).fill(null)
    const plan = (await ctx.db.executeQuery<{ detail: string }>({ sql: `explain query plan ${source}`, parameters: params, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } })).rows
    for (const { detail } of plan) {
      const bad = unselective(detail, source)
      if (bad) found.push(`${bad}\n    in: ${source.slice(0, 300)}`)
    }
  }
  expect(found).toEqual([])
})
