// Payouts (balances, runs, CSV exports, provider sends) and outgoing webhooks (endpoints, delivery log).
import { AfflioError } from './errors.ts'
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  CreatedPayoutRun,
  PayoutRunPreview,
  CreatedWebhookEndpoint,
  CreateWebhookEndpointInput,
  ExportPayoutRunQuery,
  FailPayoutInput,
  Id,
  ListBalancesQuery,
  ListWebhookDeliveriesQuery,
  Page,
  PageQuery,
  PartnerBalance,
  Payout,
  PayoutExport,
  PayoutRun,
  WebhookDelivery,
  WebhookEndpoint,
} from './types.ts'

export class PayoutRunsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * Pays every partner at or over the program's minimum (per currency) whose payout details are on
   * file: one payout per partner and currency, its commissions `in_payout` until the payout is sent
   * (`markPaid`, or `send` through Stripe Connect) and then `paid`. Partners left out are listed in
   * `skipped`. When nobody can be paid, no run is recorded and it rejects with an AfflioApiError of
   * code `nothing_to_pay` (`preview` says who would be skipped and why). Pass your own
   * `idempotencyKey` (e.g. `payouts-2026-11`) to make a retried run, from any process, return the
   * first one instead of starting another.
   */
  create(options?: WriteOptions): Promise<CreatedPayoutRun> {
    return this.#http.post('/v1/payout-runs', {}, options)
  }

  /** What `create` would do now, writing nothing: who would be paid, who skipped and why. */
  preview(options?: RequestOptions): Promise<PayoutRunPreview> {
    return this.#http.get('/v1/payout-runs/preview', undefined, options)
  }

  list(query?: PageQuery, options?: RequestOptions): Promise<Page<PayoutRun>> {
    return this.#http.get('/v1/payout-runs', { ...query }, options)
  }

  listAll(query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PayoutRun, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<PayoutRun> {
    return this.#http.get(`/v1/payout-runs/${segment(id)}`, undefined, options)
  }

  /**
   * The run's payouts still to be paid by hand, as a CSV file for PayPal Payouts (one currency per
   * file) or a Wise batch transfer; with `status: 'paid'`, a copy of those the run paid (for your records).
   * Stripe Connect payouts are never in a file (`send` pays them).
   *
   * @example
   * const csv = await afflio.payouts.runs.export(run.id, { format: 'wise' })
   * const copy = await afflio.payouts.runs.export(run.id, { format: 'wise', status: 'paid' })
   */
  export(id: Id, query: ExportPayoutRunQuery, options?: RequestOptions): Promise<string> {
    return this.#http.getText(`/v1/payout-runs/${segment(id)}/export`, { ...query }, options)
  }

  /**
   * `export`, with what the file's headers say: its name, how many payouts it holds, and how many of the
   * run's waiting payouts it leaves out (to pay another way before marking the run paid).
   *
   * @example
   * const { csv, count, excluded } = await afflio.payouts.runs.exportFile(run.id, { format: 'paypal', currency: 'USD' })
   */
  async exportFile(id: Id, query: ExportPayoutRunQuery, options?: RequestOptions): Promise<PayoutExport> {
    const { text, headers } = await this.#http.getFile(`/v1/payout-runs/${segment(id)}/export`, { ...query }, options)
    const count = (name: string) => {
      const value = headers.get(name)
      return value === null || !/^\d+$/.test(value) ? null : Number(value)
    }
    const filename = /filename="([^"]*)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? null
    return { csv: text, filename, count: count('afflio-export-count'), excluded: count('afflio-export-excluded') }
  }

  /**
   * Sends the run's Stripe Connect payouts as Stripe transfers, and again those left `processing` (same
   * idempotency key): the only way they are paid. Manual payouts are left for the file and `markPaid`.
   */
  send(id: Id, options?: WriteOptions): Promise<PayoutRun> {
    return this.#http.post(`/v1/payout-runs/${segment(id)}/send`, {}, options)
  }

  /**
   * After paying the exported file: marks the run's payouts paid by hand (`manual`, still `pending`) paid.
   * Stripe Connect payouts are left as they are (`pending` or `processing`): only `send` pays them, and the
   * run stays `created` until they are sent or failed. Rejects with a 409 naming them when nothing is left
   * to mark but Stripe Connect payouts wait. A paid run is returned as it is.
   */
  markPaid(id: Id, options?: WriteOptions): Promise<PayoutRun> {
    return this.#http.post(`/v1/payout-runs/${segment(id)}/mark-paid`, {}, options)
  }
}

export class PayoutsApi {
  readonly #http: Http
  readonly runs: PayoutRunsApi

  constructor(http: Http) {
    this.#http = http
    this.runs = new PayoutRunsApi(http)
  }

  /** Each partner's ledger totals per currency, summed from the commissions: `approvedMinor` is what it is owed now. */
  async balances(query?: ListBalancesQuery, options?: RequestOptions): Promise<PartnerBalance[]> {
    const res = await this.#http.get<{ data: PartnerBalance[] }>('/v1/balances', { ...query }, options)
    return res.data
  }

  /** A payout that did not arrive: it fails, and its commissions are owed again (paid by the next run). */
  fail(id: Id, input: FailPayoutInput, options?: WriteOptions): Promise<Payout> {
    return this.#http.post(`/v1/payouts/${segment(id)}/fail`, input, options)
  }
}

export class WebhookEndpointsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** A new endpoint. `secret` (`whsec_…`) is in this response only: verify signatures with it. */
  create(input: CreateWebhookEndpointInput, options?: WriteOptions): Promise<CreatedWebhookEndpoint> {
    return this.#http.post('/v1/webhook-endpoints', input, options)
  }

  list(query?: PageQuery, options?: RequestOptions): Promise<Page<WebhookEndpoint>> {
    return this.#http.get('/v1/webhook-endpoints', { ...query }, options)
  }

  /** Stops sending to the endpoint; its delivery log stays readable. */
  delete(id: Id, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#http.delete(`/v1/webhook-endpoints/${segment(id)}`, options)
  }
}

export class WebhookDeliveriesApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** The delivery log, newest first. */
  list(query?: ListWebhookDeliveriesQuery, options?: RequestOptions): Promise<Page<WebhookDelivery>> {
    return this.#http.get('/v1/webhook-deliveries', { ...query }, options)
  }

  listAll(query?: Omit<ListWebhookDeliveriesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<WebhookDelivery, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** Sends the delivery again within seconds (one more try for a failed one). */
  retry(id: Id, options?: WriteOptions): Promise<WebhookDelivery> {
    return this.#http.post(`/v1/webhook-deliveries/${segment(id)}/retry`, {}, options)
  }
}

export class WebhooksApi {
  readonly endpoints: WebhookEndpointsApi
  readonly deliveries: WebhookDeliveriesApi

  constructor(http: Http) {
    this.endpoints = new WebhookEndpointsApi(http)
    this.deliveries = new WebhookDeliveriesApi(http)
  }
}

function segment(id: Id): string {
  if (typeof id !== 'string' || id === '') throw new AfflioError(`Expected a non-empty id, got ${JSON.stringify(id)}`)
  return encodeURIComponent(id)
}
