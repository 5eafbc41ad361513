// Stripe's webhook signature (the `Stripe-Signature` header), checked the way Stripe's own libraries
// check it: HMAC-SHA256 of `${t}.${rawBody}` keyed with the endpoint secret, any v1 may match. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Stripe's own default: a signature older than five minutes is refused. */
export const STRIPE_TOLERANCE_SECONDS = 300

export type StripeSignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale' | 'future'; message: string }

export interface VerifyStripeSignatureInput {
  /** The request body exactly as received: bytes, or the text they decode to (never re-serialised JSON) */
  payload: string | Uint8Array
  header: string | null | undefined
  /** The endpoint's signing secret, `whsec_…`, used whole as the HMAC key */
  secret: string
  now: Date
  toleranceSeconds?: number
}

/**
 * Checks a `Stripe-Signature` header (`t=1700000000,v1=<hex>[,v1=<hex>…][,v0=…]`). Only v1 (HMAC-SHA256)
 * counts; several v1 appear while a rolled secret's old one is still live. The timestamp must lie within
 * the tolerance on either side of `now`: Stripe's libraries only refuse old ones, we also refuse ones
 * from the future, so a signature cannot be made to stay fresh for longer than the tolerance.
 *
 * @example
 * verifyStripeSignature({ payload: rawBody, header: req.header('stripe-signature'), secret: 'whsec_…', now: new Date() })
 * // { ok: true, timestamp: 1700000000 } or { ok: false, reason: 'mismatch', message: '…' }
 */
export function verifyStripeSignature({ payload, header, secret, now, toleranceSeconds = STRIPE_TOLERANCE_SECONDS }: VerifyStripeSignatureInput): StripeSignatureCheck {
  if (!header) return { ok: false, reason: 'missing', message: 'Missing Stripe-Signature header' }
  const parsed = parseHeader(header)
  if (!parsed) return { ok: false, reason: 'malformed', message: 'Stripe-Signature header has no timestamp (t=) or no v1 signature' }

  const expected = hmac(secret, parsed.timestamp, payload)
  // Compare every candidate: which one matched is no secret, but the comparison itself must be constant-time.
  let match = false
  for (const candidate of parsed.signatures) {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) continue
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) match = true
  }
  if (!match) return { ok: false, reason: 'mismatch', message: 'No Stripe-Signature v1 signature matches the payload: check the endpoint signing secret' }

  const age = Math.floor(now.getTime() / 1000) - parsed.timestamp
  if (age > toleranceSeconds) return { ok: false, reason: 'stale', message: `Stripe-Signature timestamp is ${age} s old, more than the ${toleranceSeconds} s tolerance` }
  if (-age > toleranceSeconds) return { ok: false, reason: 'future', message: `Stripe-Signature timestamp is ${-age} s in the future, more than the ${toleranceSeconds} s tolerance` }
  return { ok: true, timestamp: parsed.timestamp }
}

/**
 * The `Stripe-Signature` header Stripe would send for `body` at unix time `t`: for tests and docs.
 *
 * @example
 * const header = signStripePayload('whsec_test', JSON.stringify(event), Math.floor(Date.now() / 1000))
 * // 't=1700000000,v1=5257a869…'
 */
export function signStripePayload(secret: string, body: string | Uint8Array, t: number): string {
  return `t=${t},v1=${hmac(secret, t, body).toString('hex')}`
}

function hmac(secret: string, t: number, payload: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${t}.`, 'utf8').update(payload).digest()
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null
  const signatures: string[] = []
  for (const item of header.split(',')) {
    const eq = item.indexOf('=')
    if (eq < 0) continue
    const key = item.slice(0, eq).trim()
    const value = item.slice(eq + 1).trim()
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1') signatures.push(value)
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures }
}
