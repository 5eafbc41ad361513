// Who moves the money. Stripe Connect sends transfers through Stripe's API; the manual provider sends
// nothing (its payouts are paid from a CSV export, then marked paid).
import { AmountNotInStripeUnits, toStripeAmount } from '../kernel/stripe-units.ts'

export interface PayoutTransfer {
  payoutId: string
  runId: string
  partnerId: string
  amountMinor: number
  currency: string
  /** Where the provider sends it: a connected account id (`acct_…`) for Stripe */
  destination: string | null
}

/**
 * `paid`: done, `ref` is the provider's id. `failed`: refused for good (the payout fails and its
 * commissions are owed again). `unknown`: no definite answer (network, 5xx, auth): send again later;
 * the idempotency key makes that safe.
 */
export type TransferResult = { status: 'paid'; ref: string } | { status: 'failed'; reason: string } | { status: 'unknown'; error: string }

export interface PayoutProvider {
  readonly name: 'manual' | 'stripe_connect'
  /** Absent for providers that do not send (manual) */
  send?(transfer: PayoutTransfer): Promise<TransferResult>
}

export const manualProvider: PayoutProvider = { name: 'manual' }

export interface StripeConnectOptions {
  /** The platform's secret key (`sk_…`), from `programs.stripe_api_key` */
  apiKey: string
  /** Default `https://api.stripe.com`; tests point it at a local fake */
  baseUrl?: string
  fetch?: typeof fetch
  timeoutMs?: number
  /** Sent as `Stripe-Version` when set; otherwise the account's default version applies */
  apiVersion?: string
}

/** Stripe's refusals that will not change on a retry: bad request, card/balance errors, forbidden, missing account. */
const DEFINITE = new Set([400, 402, 403, 404])

/**
 * Stripe Connect transfers: `POST /v1/transfers` form-encoded with the amount as Stripe counts it
 * (kernel/stripe-units.ts: an amount it cannot take fails the payout), lower-case currency, the connected
 * account as destination, the run as transfer_group, our ids as metadata, and the payout id as
 * `Idempotency-Key`, so sending twice moves money once.
 */
export function stripeConnectProvider(opts: StripeConnectOptions): PayoutProvider {
  const base = (opts.baseUrl ?? 'https://api.stripe.com').replace(/\/+$/, '')
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init))
  return {
    name: 'stripe_connect',
    async send(t) {
      if (!t.destination || !/^acct_[A-Za-z0-9]+$/.test(t.destination)) return { status: 'failed', reason: 'no Stripe connected account (acct_…) in the payout details' }
      let amount: number
      try {
        amount = toStripeAmount(t.amountMinor, t.currency)
      } catch (err) {
        if (err instanceof AmountNotInStripeUnits) return { status: 'failed', reason: err.message }
        throw err
      }
      const body = new URLSearchParams({
        amount: String(amount),
        currency: t.currency.toLowerCase(),
        destination: t.destination,
        transfer_group: t.runId,
        description: `Afflio payout ${t.payoutId}`,
        'metadata[afflio_payout_id]': t.payoutId,
        'metadata[afflio_run_id]': t.runId,
        'metadata[afflio_partner_id]': t.partnerId,
      })
      const headers: Record<string, string> = {
        authorization: `Bearer ${opts.apiKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': `afflio_${t.payoutId}`,
      }
      if (opts.apiVersion) headers['stripe-version'] = opts.apiVersion
      let res: Response
      let text: string
      try {
        res = await doFetch(`${base}/v1/transfers`, { method: 'POST', headers, body: body.toString(), signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) })
        text = await res.text()
      } catch (err) {
        return { status: 'unknown', error: `Stripe unreachable: ${err instanceof Error ? err.message : String(err)}` }
      }
      let json: { id?: unknown; error?: { message?: unknown; code?: unknown } } = {}
      try {
        json = JSON.parse(text)
      } catch {
        // handled below: neither an id nor an error message
      }
      if (res.ok && typeof json.id === 'string' && json.id.startsWith('tr_')) return { status: 'paid', ref: json.id }
      const message = typeof json.error?.message === 'string' ? json.error.message : `HTTP ${res.status}`
      const code = typeof json.error?.code === 'string' ? ` (${json.error.code})` : ''
      if (DEFINITE.has(res.status)) return { status: 'failed', reason: `Stripe: ${message}${code}` }
      return { status: 'unknown', error: `Stripe: ${message}${code}` }
    },
  }
}
