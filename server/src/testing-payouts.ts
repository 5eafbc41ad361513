// Fixtures for the payout and webhook suites: a program whose partners earn through the public API,
// payout details set the way a partner sets them (the portal), and local HTTP servers to talk to.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Afflio, AfflioPortal } from '@afflio/sdk'
import type { PayoutDetails, ProgramSettings } from '@afflio/sdk/types'
import type { Db } from './kernel/db/connect.ts'
import type { PayoutTable } from './kernel/db/schema.ts'
import { approvalTick, approveDue } from './ledger/index.ts'
import { updateCommissions } from './ledger/commission-queries.ts'
import type { StoredStatus } from './ledger/holds.ts'
import { BROWSER_UA, type TestContext } from './testing.ts'

export interface Earner {
  id: string
  code: string
}

let ips = 0

/** A fresh program (100% commission, so a commission equals its sale) and helpers bound to it. */
export async function payoutProgram(ctx: TestContext, settings: Partial<ProgramSettings> = {}) {
  const keys = await ctx.createProgram({ name: 'Acme', currency: 'USD', defaultCommission: { type: 'percent', rateBps: 10_000 } })
  const fetchApp = async (input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)
  const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
  if (Object.keys(settings).length) await afflio.settings.update(settings)
  let n = 0

  /** A partner, with payout details set through the portal when given. */
  const partner = async (name: string, details?: PayoutDetails): Promise<Earner> => {
    const code = `${name.toUpperCase()}${++n}`
    const p = await afflio.partners.create({ email: `${name.toLowerCase()}${n}@partners.test`, name, linkCode: code })
    if (details) {
      const { token } = await afflio.embedTokens.create({ partnerId: p.id })
      const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
      await portal.payoutDetails.update(details)
    }
    return { id: p.id, code }
  }

  /** A click on the partner's link, then a sale through the SDK: a pending commission of the same amount. */
  const sell = async (who: Earner, amountMinor: number, currency = 'USD') => {
    ips++
    const ip = `198.18.${(ips >> 8) & 255}.${ips & 255}`
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
      body: JSON.stringify({ key: keys.publishableKey, code: who.code }),
    })
    if (!res.ok) throw new Error(`click failed: ${res.status} ${await res.text()}`)
    const { clickId } = (await res.json()) as { clickId: string }
    const invoiceId = `in_${who.code}_${ips}`
    const sale = await afflio.track.sale({ invoiceId, amountMinor, currency, clickId })
    if (!sale.commission || sale.commission.amountMinor !== amountMinor) throw new Error(`expected a commission of ${amountMinor}, got ${JSON.stringify(sale.commission)}`)
    return { invoiceId, commission: sale.commission }
  }

  /** Sales, then the holding period passes: the next payout run approves them. */
  const earn = async (who: Earner, amounts: Array<[number, string?]>) => {
    const out = []
    for (const [amount, currency] of amounts) out.push(await sell(who, amount, currency))
    return out
  }

  /** The holding period passes and the server's maintenance tick approves what is due. */
  const settle = async () => {
    ctx.clock.advanceDays(31)
    await approveDue(ctx.db, null, ctx.clock.now())
  }

  return { keys, afflio, partner, sell, earn, settle }
}

export interface Recorded {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A local HTTP server (127.0.0.1, a free port) that records requests and answers with `handler`. */
export async function localServer(handler: (req: Recorded, res: ServerResponse) => void | Promise<void>) {
  const requests: Recorded[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      requests.push(r)
      void Promise.resolve(handler(r, res)).catch((err) => {
        res.statusCode = 500
        res.end(String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

const STORED: readonly StoredStatus[] = ['pending', 'on_hold', 'approved', 'reversed', 'fraud']

/** Sets a commission's stored status as the ledger's writes do (its daily earnings kept in step), for suites that set up a ledger by hand. */
export function setCommissionStatus(db: Db, id: string, status: StoredStatus): Promise<void> {
  return db.transaction().execute((tx) => updateCommissions(tx, [id], STORED, { status }))
}

/**
 * A ledger set up by hand (suites that write rows directly): a payout of `status` covering exactly the given
 * commissions of one partner and currency, as a run would make it: they are approved and numbered together,
 * and the payout's range is that number. With no commissions, its range is empty. Its run is created when new.
 */
export async function payoutCovering(
  db: Db,
  p: { programId: string; runId: string; id: string; partnerId: string; amountMinor: number; currency: string; status: PayoutTable['status']; at: string; commissionIds: string[] },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const seq = p.commissionIds.length ? await approvalTick(tx, p.programId) : 0
    if (p.commissionIds.length) await updateCommissions(tx, p.commissionIds, STORED, { status: 'approved', approval_seq: seq })
    const runDone = p.status === 'paid' || p.status === 'failed'
    await tx
      .insertInto('payout_runs')
      .values({ id: p.runId, program_id: p.programId, status: runDone ? 'paid' : 'created', created_at: p.at, paid_at: runDone ? p.at : null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    await tx
      .insertInto('payouts')
      .values({
        id: p.id, program_id: p.programId, run_id: p.runId, partner_id: p.partnerId, amount_minor: p.amountMinor, currency: p.currency, status: p.status,
        method: null, destination: null, provider: 'manual', provider_ref: null, failure_reason: null,
        seq_from: Math.max(0, seq - 1), seq_to: seq, created_at: p.at, paid_at: p.status === 'paid' ? p.at : null,
      })
      .execute()
  })
}
