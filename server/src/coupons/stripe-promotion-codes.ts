// Stripe promotion codes for Afflio's coupon codes: created with the code (so buyers can type it at Stripe
// Checkout) and deactivated with it. Form-encoded calls to Stripe's API, as the payout transfers make them
// (payouts/providers.ts); the Afflio code id is the idempotency key, so a retried creation makes one.

export interface StripeApi {
  /** The program's secret key (`sk_…`/`rk_…`), opened from `programs.stripe_api_key` */
  apiKey: string
  /** Default `https://api.stripe.com`; tests point it at a local server answering recorded responses */
  baseUrl?: string | undefined
  fetch?: typeof fetch | undefined
}

/** `ok`: Stripe's object id. `refused`: Stripe said no (4xx), with its message and code. `unreachable`: no definite answer. */
export type StripeCallResult = { kind: 'ok'; id: string } | { kind: 'refused'; status: number; message: string; code: string | null } | { kind: 'unreachable'; message: string }

/** `POST /v1/promotion_codes`: the code, on the program's Stripe coupon, with our ids as metadata. */
export function createPromotionCode(api: StripeApi, x: { codeId: string; code: string; couponId: string; partnerId: string }): Promise<StripeCallResult> {
  const form = new URLSearchParams({ coupon: x.couponId, code: x.code, 'metadata[afflio_code_id]': x.codeId, 'metadata[afflio_partner_id]': x.partnerId })
  return call(api, '/v1/promotion_codes', form, `afflio_${x.codeId}`)
}

/** `POST /v1/promotion_codes/:id` with `active`: a disabled code's promotion code stops working at checkout. */
export function setPromotionCodeActive(api: StripeApi, promotionCodeId: string, active: boolean): Promise<StripeCallResult> {
  return call(api, `/v1/promotion_codes/${encodeURIComponent(promotionCodeId)}`, new URLSearchParams({ active: String(active) }))
}

async function call(api: StripeApi, path: string, form: URLSearchParams, idempotencyKey?: string): Promise<StripeCallResult> {
  const base = (api.baseUrl ?? 'https://api.stripe.com').replace(/\/+$/, '')
  const doFetch = api.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const headers: Record<string, string> = { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' }
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey
  let res: Response
  let json: { id?: unknown; error?: { message?: unknown; code?: unknown } } = {}
  try {
    res = await doFetch(`${base}${path}`, { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(20_000) })
    json = JSON.parse(await res.text())
  } catch (err) {
    return { kind: 'unreachable', message: `Stripe unreachable: ${err instanceof Error ? err.message : String(err)}` }
  }
  if (res.ok && typeof json.id === 'string') return { kind: 'ok', id: json.id }
  const message = typeof json.error?.message === 'string' ? json.error.message : `HTTP ${res.status}`
  if (res.status >= 400 && res.status < 500 && res.status !== 429) return { kind: 'refused', status: res.status, message, code: typeof json.error?.code === 'string' ? json.error.code : null }
  return { kind: 'unreachable', message: `Stripe: ${message}` }
}
