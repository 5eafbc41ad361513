// Sends the outbox: due webhook deliveries, signed, with retries and backoff, recorded in the log.
import { startOutboxLoop } from '../kernel/outbox-loop.ts'
import type { Db } from '../kernel/db/connect.ts'
import { afterTry, leaseEnd } from '../kernel/retry-schedule.ts'
import { WEBHOOK_BACKOFF } from './webhook-rules.ts'
import { signatureHeader } from './signature.ts'
import { openSecret } from '../kernel/secrets.ts'
import type { BlockList } from 'node:net'
import { postWebhook } from './send.ts'
import { claimDelivery, dueDeliveries, failDeletedEndpointDelivery, recordDeliveryTry } from './delivery-queries.ts'

export interface DeliverOptions {
  now: Date
  /** Networks deliveries may reach besides public addresses (destination.ts); default none */
  allowed?: BlockList | null
  /** Deliveries sent per call, in parallel. Default 20 */
  batch?: number
  /** Per request. Default 10 000 */
  timeoutMs?: number
}

export interface DeliverResult {
  attempted: number
  delivered: number
  /** failed this time (retried later, or given up) */
  failed: number
}

// A claimed delivery is not picked up by another deliverer for this long (it outlasts the timeout).
const LEASE_MS = 60_000
const ERROR_TEXT = 500

/**
 * Sends due deliveries (pending, next attempt reached). Each is claimed first by moving its next
 * attempt ahead by a lease (a conditional update), so several server processes never send the same
 * delivery at once. A 2xx marks it delivered; anything else (status, timeout, network error,
 * redirect) counts an attempt and schedules the next one with backoff, or gives up after the last.
 */
export async function deliverDue(db: Db, opts: DeliverOptions): Promise<DeliverResult> {
  const due = await dueDeliveries(db, opts.now, opts.batch ?? 20)
  const outcomes = await Promise.all(
    due.map(async (d): Promise<'delivered' | 'failed' | 'skipped'> => {
      const lease = leaseEnd(opts.now, LEASE_MS)
      if (!(await claimDelivery(db, d, lease))) return 'skipped' // another deliverer has it
      if (d.disabled_at) {
        await failDeletedEndpointDelivery(db, d.id)
        return 'skipped'
      }

      let statusCode: number | null = null
      let error: string | null = null
      try {
        const res = await postWebhook({
          url: d.url,
          timeoutMs: opts.timeoutMs ?? 10_000,
          allowed: opts.allowed ?? null,
          keep: ERROR_TEXT,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Afflio-Webhooks/1',
            'afflio-signature': signatureHeader(openSecret(db, d.secret), d.payload, opts.now),
            'afflio-event-id': d.event_id,
            'afflio-event-type': d.event_type,
          },
          body: d.payload,
        })
        statusCode = res.status
        if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}${res.opening ? `: ${res.opening}` : ''}`
      } catch (err) {
        error = err instanceof Error ? (err.name === 'AbortError' || err.name === 'TimeoutError' ? 'timed out' : `${err.message}${causeOf(err)}`) : String(err)
      }

      const step = afterTry({ backoff: WEBHOOK_BACKOFF, attempts: Number(d.attempts), outcome: error === null ? 'ok' : 'failed', now: opts.now, done: 'delivered' })
      await recordDeliveryTry(db, d.id, lease, step, { statusCode, error, deliveredAt: error === null ? opts.now.toISOString() : null })
      return error === null ? 'delivered' : 'failed'
    }),
  )
  return {
    attempted: outcomes.filter((o) => o !== 'skipped').length,
    delivered: outcomes.filter((o) => o === 'delivered').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  }
}

function causeOf(err: Error): string {
  const cause = (err as { cause?: unknown }).cause
  return cause instanceof Error ? ` (${cause.message})` : ''
}

export interface WebhookLoop {
  stop(): Promise<void>
}

/**
 * Runs `deliverDue` every `intervalMs` (default 5 s) until stopped; a tick that finds a full batch
 * runs again at once. The timer is unref'd, so it never keeps the process alive by itself.
 */
export function startWebhookLoop(
  db: Db,
  opts: { intervalMs?: number; batch?: number; now?: () => Date; allowed?: BlockList | null; onError?: (err: unknown) => void } = {},
): WebhookLoop {
  const interval = opts.intervalMs ?? 5_000
  const batch = opts.batch ?? 20
  const now = opts.now ?? (() => new Date())
  return startOutboxLoop(
    async () => ({ full: (await deliverDue(db, { now: now(), batch, allowed: opts.allowed ?? null })).attempted >= batch }),
    interval,
    opts.onError ?? ((e) => console.error('webhook delivery failed:', e)),
  )
}
