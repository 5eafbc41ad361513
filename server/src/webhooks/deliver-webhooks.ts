// Sends the outbox: due webhook deliveries, signed, with retries and backoff, recorded in the log.
import { startOutboxLoop } from '../kernel/outbox-loop.ts'
import type { Db } from '../kernel/db/connect.ts'
import { webhookRetryDelayMs } from './webhook-rules.ts'
import { signatureHeader } from './signature.ts'
import { openSecret } from '../kernel/secrets.ts'

export interface DeliverOptions {
  now: Date
  fetch?: typeof fetch
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
  const at = opts.now.toISOString()
  const due = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .selectAll('webhook_deliveries')
    .select(['webhook_endpoints.url', 'webhook_endpoints.secret', 'webhook_endpoints.disabled_at'])
    .where('webhook_deliveries.status', '=', 'pending')
    .where('webhook_deliveries.next_attempt_at', '<=', at)
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .limit(opts.batch ?? 20)
    .execute()
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const outcomes = await Promise.all(
    due.map(async (d): Promise<'delivered' | 'failed' | 'skipped'> => {
      const claimed = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date(opts.now.getTime() + LEASE_MS).toISOString() })
        .where('id', '=', d.id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', d.next_attempt_at)
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) return 'skipped' // another deliverer has it
      if (d.disabled_at) {
        await db.updateTable('webhook_deliveries').set({ status: 'failed', next_attempt_at: null, last_error: 'endpoint deleted' }).where('id', '=', d.id).execute()
        return 'skipped'
      }

      let statusCode: number | null = null
      let error: string | null = null
      try {
        const res = await doFetch(d.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
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
        const text = await res.text().catch(() => '')
        if (!res.ok) error = `HTTP ${res.status}${text ? `: ${text.slice(0, ERROR_TEXT)}` : ''}`
      } catch (err) {
        error = err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : `${err.message}${causeOf(err)}`) : String(err)
      }

      const attempts = Number(d.attempts) + 1
      if (error === null) {
        await db
          .updateTable('webhook_deliveries')
          .set({ status: 'delivered', attempts, next_attempt_at: null, last_status_code: statusCode, last_error: null, delivered_at: opts.now.toISOString() })
          .where('id', '=', d.id)
          .execute()
        return 'delivered'
      }
      const delay = webhookRetryDelayMs(attempts)
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: delay === null ? 'failed' : 'pending',
          attempts,
          next_attempt_at: delay === null ? null : new Date(opts.now.getTime() + delay).toISOString(),
          last_status_code: statusCode,
          last_error: error,
        })
        .where('id', '=', d.id)
        .execute()
      return 'failed'
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
  opts: { intervalMs?: number; batch?: number; now?: () => Date; fetch?: typeof fetch; onError?: (err: unknown) => void } = {},
): WebhookLoop {
  const interval = opts.intervalMs ?? 5_000
  const batch = opts.batch ?? 20
  const now = opts.now ?? (() => new Date())
  return startOutboxLoop(
    async () => ({ full: (await deliverDue(db, { now: now(), batch, ...(opts.fetch ? { fetch: opts.fetch } : {}) })).attempted >= batch }),
    interval,
    opts.onError ?? ((e) => console.error('webhook delivery failed:', e)),
  )
}
