// Calls to Stripe's API with a program's own key (promotion codes, reward coupons, the discounts of an
// invoice). One client so every caller reads Stripe's answers alike; each decides what a refusal or an
// outage means for its own request. Never called inside a database transaction: a Stripe call holds no lock.
//
// Every call names its API version, so what Afflio sends and reads does not change with the account's
// default version (in clover a promotion code's coupon moved to `promotion.coupon`, a discount's to
// `source.coupon`). Webhook events keep their endpoint's version: stripe/events.ts reads each shape.
import type { Db } from './db/connect.ts'
import { openSecret } from './secrets.ts'

/** The version Afflio's calls are written for (sent as `Stripe-Version`). */
export const STRIPE_API_VERSION = '2025-09-30.clover'

/** Where Stripe is: `https://api.stripe.com` unless tests point it at a local server answering recorded responses. */
export interface StripeEndpoint {
  baseUrl?: string | undefined
  fetch?: typeof fetch | undefined
}

export interface StripeApi extends StripeEndpoint {
  /** The program's secret key (`sk_…`/`rk_…`), opened from `programs.stripe_api_key` */
  apiKey: string
}

/**
 * `ok`: Stripe's object. `refused`: Stripe said no (a 4xx other than 429), with its message and code.
 * `unreachable`: no definite answer (network, timeout, 5xx, 429): the same call may work later.
 */
export type StripeCallResult =
  | { kind: 'ok'; id: string; object: Record<string, unknown> }
  | { kind: 'refused'; status: number; message: string; code: string | null }
  | { kind: 'unreachable'; message: string }

/** The program's Stripe API, or null when it has no key (Stripe not connected). */
export function programStripeApi(db: Db, program: { stripe_api_key: string | null }, endpoint: StripeEndpoint = {}): StripeApi | null {
  return program.stripe_api_key ? { apiKey: openSecret(db, program.stripe_api_key), baseUrl: endpoint.baseUrl, fetch: endpoint.fetch } : null
}

/** `POST` a form; `idempotencyKey` makes a retried creation create once. */
export function stripePost(api: StripeApi, path: string, form: URLSearchParams, idempotencyKey?: string): Promise<StripeCallResult> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey
  return call(api, path, { method: 'POST', headers, body: form.toString() }, 20_000)
}

/** `GET` with query parameters (`expand[]`, …). */
export function stripeGet(api: StripeApi, path: string, query: URLSearchParams, timeoutMs = 20_000): Promise<StripeCallResult> {
  const q = query.toString()
  return call(api, q ? `${path}?${q}` : path, { method: 'GET', headers: {} }, timeoutMs)
}

async function call(api: StripeApi, path: string, init: { method: string; headers: Record<string, string>; body?: string }, timeoutMs: number): Promise<StripeCallResult> {
  const base = (api.baseUrl ?? 'https://api.stripe.com').replace(/\/+$/, '')
  const doFetch = api.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let res: Response
  let json: { id?: unknown; error?: { message?: unknown; code?: unknown } } = {}
  try {
    res = await doFetch(`${base}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${api.apiKey}`, 'stripe-version': STRIPE_API_VERSION }, signal: AbortSignal.timeout(timeoutMs) })
    const parsed: unknown = JSON.parse(await res.text())
    if (parsed && typeof parsed === 'object') json = parsed
  } catch (err) {
    return { kind: 'unreachable', message: `Stripe unreachable: ${err instanceof Error ? err.message : String(err)}` }
  }
  if (res.ok && typeof json.id === 'string') return { kind: 'ok', id: json.id, object: json as Record<string, unknown> }
  const message = typeof json.error?.message === 'string' ? json.error.message : `HTTP ${res.status}`
  if (res.status >= 400 && res.status < 500 && res.status !== 429) return { kind: 'refused', status: res.status, message, code: typeof json.error?.code === 'string' ? json.error.code : null }
  return { kind: 'unreachable', message: `Stripe: ${message}` }
}
