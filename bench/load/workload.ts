// The mixed workload: concurrent clients, each request sent to the next server in turn (a round-robin
// load balancer), drawing clicks, leads, sales (with retries under one Idempotency-Key, two copies of one
// request at once, the same invoice under two keys), refunds (some repeated), portal and console reads;
// on a schedule, newsletters and payout runs started in two processes at once. It records what the
// servers acknowledged, for the checks, and every answer the scenario did not allow.
import type { CreatedPayoutRun, EmbedToken, Newsletter, TrackClickResult, TrackRefundResult, TrackSaleResult } from '../../sdk/src/types.ts'
import type { Answer, LoadClient } from './client.ts'
import type { Fixture } from './fixture.ts'

// A browser's: a made-up user agent is a bot's to the fraud rules.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

export interface AckedSale {
  amountMinor: number
  /** the partner whose click (or lead) the sale names */
  partnerId: string
  /** the refunds acknowledged as applied (not duplicates), whole sale when a refund named no amount */
  refundRequestedMinor: number
}

/** What the servers acknowledged. */
export interface Acked {
  clicks: Array<{ clickId: string; partnerId: string }>
  /** customerExternalId → partner */
  leads: Map<string, string>
  /** invoiceId → sale */
  sales: Map<string, AckedSale>
  newsletters: string[]
  payoutRuns: string[]
  /** partners created by signing in (externalId → partner) */
  signIns: Map<string, string>
  /** answers of payout runs started together, by status */
  payoutStarts: Map<number, number>
}

const WEIGHTS: Array<[Kind, number]> = [
  ['click', 45],
  ['lead', 8],
  ['sale', 25],
  ['refund', 5],
  ['portal', 14],
  ['console', 3],
  ['signIn', 1],
]
type Kind = 'click' | 'lead' | 'sale' | 'refund' | 'portal' | 'console' | 'signIn'
const TOTAL_WEIGHT = WEIGHTS.reduce((s, [, w]) => s + w, 0)
const PORTAL_READS = ['/v1/portal/overview', '/v1/portal/commissions', '/v1/portal/links', '/v1/portal/payouts', '/v1/portal/me']
const CONSOLE_READS = ['/v1/program/overview?days=30', '/v1/balances', '/v1/commissions?limit=25', '/v1/sales?limit=25']

export class Workload {
  readonly acked: Acked = { clicks: [], leads: new Map(), sales: new Map(), newsletters: [], payoutRuns: [], signIns: new Map(), payoutStarts: new Map() }
  /** answers outside what the scenario allows (a 4xx where a 201 was due, a replay that was not one, …) */
  readonly unexpected: string[] = []
  private seq = 0

  constructor(
    private readonly client: LoadClient,
    private readonly f: Fixture,
    private readonly run: string,
  ) {}

  /** `clients` loops of one request at a time for `seconds`, with the scheduled newsletters and payout runs. */
  async drive(seconds: number, clients: number): Promise<number> {
    const start = Date.now()
    const deadline = start + seconds * 1000
    const at = (share: number) => new Promise((r) => setTimeout(r, share * seconds * 1000))
    const scheduled = [
      at(0.25).then(() => this.newsletter()),
      at(0.45).then(() => this.payoutRunsTogether()),
      at(0.75).then(() => this.newsletter()),
      at(0.85).then(() => this.payoutRunsTogether()),
    ]
    const loop = async () => {
      while (Date.now() < deadline) await this.step(this.seq++)
    }
    await Promise.all([...Array.from({ length: clients }, loop), ...scheduled])
    return (Date.now() - start) / 1000
  }

  private step(n: number): Promise<void> {
    let r = Math.random() * TOTAL_WEIGHT
    const kind = WEIGHTS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'click'
    return this[kind](n)
  }

  private expect(what: string, a: Answer, ...allowed: number[]): boolean {
    if (allowed.includes(a.status)) return true
    if (a.status < 500 && a.status !== 0) this.unexpected.push(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`)
    return false
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(Math.random() * items.length)]
  }

  private async click(n: number): Promise<void> {
    const partner = this.f.partners[n % this.f.partners.length]!
    // A distinct visitor each time, so neither the 30-minute duplicate check nor the burst rule folds them.
    const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
    const a = await this.client.call<TrackClickResult>('click', n, 'POST', '/v1/track/click', {
      body: { key: this.f.publishableKey, code: partner.code, url: `https://shop.test/?ref=${partner.code}` },
      headers: { 'user-agent': UA, 'x-forwarded-for': ip },
    })
    if (!this.expect('click', a, 201)) return
    if (a.body.partnerId !== partner.id) this.unexpected.push(`click on ${partner.code} credited to ${a.body.partnerId}`)
    this.acked.clicks.push({ clickId: a.body.clickId, partnerId: partner.id })
  }

  private async lead(n: number): Promise<void> {
    const click = this.pick(this.acked.clicks)
    if (!click) return
    const externalId = `cus-${this.run}-${n}`
    const send = (to: number) =>
      this.client.call('lead', to, 'POST', '/v1/track/lead', {
        body: { key: this.f.publishableKey, clickId: click.clickId, customerExternalId: externalId, email: `c${n}@customer.test` },
        headers: { 'user-agent': UA },
      })
    // One lead in four is reported twice (a retried signup hook), after the first answer or at the same
    // time to another process: the same customer, and no second lead commission.
    const answers = n % 4 === 0 ? [await send(n), await send(n + 1)] : n % 4 === 1 ? await Promise.all([send(n), send(n + 1)]) : [await send(n)]
    if (answers.filter((a) => this.expect('lead', a, 200)).length > 0) this.acked.leads.set(externalId, click.partnerId)
  }

  private async sale(n: number): Promise<void> {
    const lead = n % 3 === 0 ? this.pick([...this.acked.leads]) : undefined
    const click = lead ? undefined : this.pick(this.acked.clicks)
    if (!lead && !click) return
    const invoiceId = `inv-${this.run}-${n}`
    const amountMinor = 500 + ((n * 7919) % 49_500)
    const body = { invoiceId, amountMinor, currency: this.f.currency, ...(lead ? { customerExternalId: lead[0] } : { clickId: click!.clickId }) }
    const send = (to: number, key: string) => this.client.call<TrackSaleResult>('sale', to, 'POST', '/v1/track/sale', { token: this.f.secretKey, body, headers: { 'idempotency-key': key } })
    const key = `sale-${this.run}-${n}`
    let answers: Answer<TrackSaleResult>[]
    switch (n % 10) {
      case 6: {
        // A retry after a lost answer: replayed from the stored response, nothing runs twice.
        const first = await send(n, key)
        const again = await send(n + 1, key)
        if (first.status === 201 && (again.status !== 201 || again.headers['idempotent-replayed'] !== 'true')) this.unexpected.push(`sale retry: ${again.status}, replayed ${again.headers['idempotent-replayed']}`)
        answers = [first, again]
        break
      }
      case 7: // the same request twice at once, to two processes: one runs, the other waits its turn (409) or replays
        answers = await Promise.all([send(n, key), send(n + 1, key)])
        break
      case 8: // the same invoice under a second key: a duplicate by data
        answers = [await send(n, key), await send(n + 1, `${key}-b`)]
        break
      case 9: // the same invoice under two keys at once
        answers = await Promise.all([send(n, key), send(n + 1, `${key}-b`)])
        break
      default:
        answers = [await send(n, key)]
    }
    const allowed = n % 10 === 7 ? [200, 201, 409] : [200, 201]
    const ok = answers.filter((a) => this.expect('sale', a, ...allowed) && a.status !== 409)
    if (ok.length === 0) return
    if (ok.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] !== 'true').length > 1) this.unexpected.push(`sale ${invoiceId}: two answers created it`)
    this.acked.sales.set(invoiceId, { amountMinor, partnerId: lead ? lead[1] : click!.partnerId, refundRequestedMinor: 0 })
  }

  private async refund(n: number): Promise<void> {
    const entry = this.pick([...this.acked.sales])
    if (!entry) return
    const [invoiceId, sale] = entry
    const amountMinor = n % 2 === 0 ? undefined : 1 + (n % Math.max(1, Math.floor(sale.amountMinor / 2)))
    const body = { invoiceId, refundId: `ref-${this.run}-${n}`, ...(amountMinor ? { amountMinor } : {}) }
    const send = (to: number, key: string) => this.client.call<TrackRefundResult>('refund', to, 'POST', '/v1/track/refund', { token: this.f.secretKey, body, headers: { 'idempotency-key': key } })
    // The provider reports some refunds twice under new Idempotency-Keys (its own retries), after the first
    // answer or at the same time to another process: a duplicate by refundId, applied once.
    const key = `refund-${this.run}-${n}`
    const answers = n % 4 === 1 ? [await send(n, key), await send(n + 1, `${key}-b`)] : n % 4 === 3 ? await Promise.all([send(n, key), send(n + 1, `${key}-b`)]) : [await send(n, key)]
    const applied = answers.filter((a) => this.expect('refund', a, 200) && !a.body.duplicate)
    if (applied.length > 1) this.unexpected.push(`refund ${body.refundId} applied twice`)
    if (applied.length > 0) sale.refundRequestedMinor += amountMinor ?? sale.amountMinor
  }

  private async portal(n: number): Promise<void> {
    const partner = this.f.partners[n % this.f.partners.length]!
    const path = PORTAL_READS[n % PORTAL_READS.length]!
    this.expect(`portal ${path}`, await this.client.call('portal', n, 'GET', path, { token: partner.token }), 200)
  }

  /** A new partner signs in to the portal on two tabs at once: two processes mint a token for one new partner. */
  private async signIn(n: number): Promise<void> {
    const externalId = `user-${this.run}-${n}`
    const mint = (to: number) =>
      this.client.call<EmbedToken>('sign-in', to, 'POST', '/v1/embed-tokens', { token: this.f.secretKey, body: { externalId, email: `${externalId}@partner.test` }, headers: { 'idempotency-key': `et-${this.run}-${n}-${to}` } })
    const answers = await Promise.all([mint(n), mint(n + 1)])
    if (!answers.every((a) => this.expect('sign-in', a, 201))) return
    if (answers[0]!.body.partnerId !== answers[1]!.body.partnerId) this.unexpected.push(`${externalId} signed in as two partners`)
    else this.acked.signIns.set(externalId, answers[0]!.body.partnerId)
  }

  private async console(n: number): Promise<void> {
    const path = CONSOLE_READS[n % CONSOLE_READS.length]!
    this.expect(`console ${path}`, await this.client.call('console', n, 'GET', path, { token: this.f.secretKey }), 200)
  }

  private async newsletter(): Promise<void> {
    const n = this.seq++
    const draft = await this.client.call<Newsletter>('newsletter', n, 'POST', '/v1/newsletters', {
      token: this.f.secretKey,
      body: { subject: `Load news ${this.run} #${n}`, body: 'New banners are up.', audience: { all: true } },
      headers: { 'idempotency-key': `nl-${this.run}-${n}` },
    })
    if (!this.expect('newsletter draft', draft, 201)) return
    // Sent from two consoles at once (two keys, two processes): one sends it, the other finds it sent.
    const send = (to: number) => this.client.call('newsletter', to, 'POST', `/v1/newsletters/${draft.body.id}/send`, { token: this.f.secretKey, headers: { 'idempotency-key': `nl-send-${this.run}-${n}-${to}` } })
    const sent = await Promise.all([send(n), send(n + 1)])
    const statuses = sent.map((a) => a.status).sort()
    if (statuses.some((st) => st >= 500)) return
    if (statuses.join() !== '200,409') this.unexpected.push(`newsletter sent twice at once: ${statuses.join(', ')}`)
    if (statuses.includes(200)) this.acked.newsletters.push(draft.body.id)
  }

  /** Two payout runs started at once in two processes (the first two servers; the same one when alone). */
  private async payoutRunsTogether(): Promise<void> {
    const n = this.seq++
    const start = (to: number) => this.client.call<CreatedPayoutRun>('payout', to, 'POST', '/v1/payout-runs', { token: this.f.secretKey, headers: { 'idempotency-key': `run-${this.run}-${n}-${to}` } })
    const answers = await Promise.all([start(0), start(1)])
    for (const a of answers) {
      this.acked.payoutStarts.set(a.status, (this.acked.payoutStarts.get(a.status) ?? 0) + 1)
      // 201 a run; 422 nothing left to pay (the other run took it all); 409 the ledger kept changing under it.
      if (!this.expect('payout run', a, 201, 409, 422) || a.status !== 201) continue
      this.acked.payoutRuns.push(a.body.id)
      const paid = await this.client.call('payout', n, 'POST', `/v1/payout-runs/${a.body.id}/mark-paid`, { token: this.f.secretKey, headers: { 'idempotency-key': `paid-${a.body.id}` } })
      this.expect('mark paid', paid, 200)
    }
  }
}
