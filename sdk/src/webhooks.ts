// Verifying Afflio's outgoing webhooks. Web Crypto only, so it runs in Node 20+, Deno, Bun and edge runtimes.
import { AfflioError } from './errors.ts'
import type { AfflioWebhookEvent } from './types.ts'

export interface VerifyOptions {
  /** Oldest signature accepted, in seconds (replay protection). Default 300; 0 turns the check off. */
  toleranceSeconds?: number | undefined
  /** The current time; defaults to the clock */
  now?: Date | number | undefined
}

const encoder = new TextEncoder()

/**
 * Checks an `Afflio-Signature` header (`t=<unix seconds>,v1=<hex>`): HMAC-SHA256 with the endpoint's
 * secret over `t + "." + body`, and `t` within the tolerance. Pass the raw request body, exactly as
 * received (not re-serialized JSON). Any of several `v1` entries may match (secret rotation).
 *
 * @example
 * const body = await request.text()
 * if (!(await verifyAfflioSignature(body, request.headers.get('afflio-signature'), process.env.AFFLIO_WEBHOOK_SECRET!))) {
 *   return new Response('bad signature', { status: 400 })
 * }
 * const event = JSON.parse(body) as AfflioWebhookEvent
 */
export async function verifyAfflioSignature(payload: string, header: string | null | undefined, secret: string, options: VerifyOptions = {}): Promise<boolean> {
  if (!header || !secret) return false
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase())
  }
  if (timestamp === undefined || signatures.length === 0) return false
  const tolerance = options.toleranceSeconds ?? 300
  if (tolerance > 0) {
    const now = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime()
    if (Math.abs(now / 1000 - timestamp) > tolerance) return false
  }
  const expected = await hmacHex(secret, `${timestamp}.${payload}`)
  let ok = false
  for (const s of signatures) ok = constantTimeEqual(s, expected) || ok
  return ok
}

/**
 * Verifies the signature, then parses the event; throws `AfflioError` when the signature does not
 * hold. Dedupe on `event.id` (also sent as `Afflio-Event-Id`): a retried delivery carries the same id.
 * The event is typed by its `type`: switch on it and `data` is that event's.
 *
 * @example
 * const event = await constructAfflioEvent(body, request.headers.get('afflio-signature'), secret)
 * switch (event.type) {
 *   case 'commission.created': return credit(event.data.partnerId, event.data.amountMinor, event.data.currency)
 *   case 'payout.failed': return alert(event.data.failureReason)
 * }
 */
export async function constructAfflioEvent(payload: string, header: string | null | undefined, secret: string, options?: VerifyOptions): Promise<AfflioWebhookEvent> {
  if (!(await verifyAfflioSignature(payload, header, secret, options))) {
    throw new AfflioError('Afflio webhook signature does not match (wrong secret, changed body, or too old)')
  }
  return JSON.parse(payload) as AfflioWebhookEvent
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) throw new AfflioError('Web Crypto (crypto.subtle) is not available in this runtime')
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(message)))
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
