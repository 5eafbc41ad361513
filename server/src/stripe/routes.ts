// Stripe's webhook endpoint, one per program: public (Stripe holds no Afflio key), authenticated by the
// Stripe-Signature over the raw body with the program's endpoint secret. Not CORS-open: browsers never call it.
//
// Not rate-limited: Stripe sends from a handful of addresses and bursts at renewal time (every monthly
// invoice.paid of a program in the same minute); a 429 would only delay commissions behind Stripe's
// backoff. What an unsigned request can cost is one primary-key read and one HMAC over at most
// STRIPE_MAX_BODY_BYTES; nothing is written before the signature checks out.
import { Hono } from 'hono'
import { parseStripeEnvelope } from './events.ts'
import { verifyStripeSignature } from './signature.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { limitBody } from '../kernel/http/body.ts'
import { rejectUnstorable } from '../kernel/http/validate.ts'
import { findProgram } from '../programs/index.ts'
import { openSecret } from '../kernel/secrets.ts'
import { handleStripeEvent } from './stripe-webhook.ts'

/**
 * Stripe's events are bigger than the API's requests (64 KiB): an invoice inlines up to ten lines, each with
 * its price and metadata (up to 50 keys of 500 characters on every object), so a real invoice.paid can pass
 * 64 KiB, and refusing it (413) would lose its sale after three days of Stripe's retries. 1 MiB, as others
 * who met this settled on.
 */
export const STRIPE_MAX_BODY_BYTES = 1024 * 1024

const limit = limitBody(STRIPE_MAX_BODY_BYTES)

export const stripeRoutes = new Hono<AppEnv>().post('/webhooks/:programId', limit, async (c) => {
  const { db, now } = c.var.deps
  const header = c.req.header('stripe-signature')
  if (!header) throw badRequest('Missing Stripe-Signature header: this endpoint only takes events sent by Stripe')
  const program = await findProgram(db, c.req.param('programId'))
  if (!program) throw notFound('Program')
  if (!program.stripe_webhook_secret) {
    throw conflict('This program has no Stripe webhook signing secret: set stripeWebhookSecret (whsec_…) with PATCH /v1/program/settings')
  }

  // The signature covers the exact bytes Stripe sent, so they are read before any JSON parsing.
  const raw = new Uint8Array(await c.req.arrayBuffer())
  const check = verifyStripeSignature({ payload: raw, header, secret: openSecret(db, program.stripe_webhook_secret), now: now() })
  if (!check.ok) throw badRequest(`Invalid Stripe signature: ${check.message}`)

  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(raw))
  } catch {
    throw badRequest('Body is not valid JSON')
  }
  rejectUnstorable(json)
  const parsed = parseStripeEnvelope(json)
  if (!parsed.ok) throw badRequest(parsed.message)
  return c.json(await handleStripeEvent(db, program, parsed.event, now(), c.var.deps.stripe))
})
