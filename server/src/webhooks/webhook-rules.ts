// Outgoing webhooks: who gets an event, and when a failed delivery is tried again. Pure.
import type { WebhookEventType } from '@afflio/sdk/types'
import { type Backoff, maxTries, retryDelayMs } from '../kernel/retry-schedule.ts'

export const WEBHOOK_EVENT_TYPES = [
  'commission.created',
  'commission.reversed',
  'commission.held',
  'commission.released',
  'commission.marked_fraud',
  'commission.approved',
  'payout.paid',
  'payout.failed',
  'application.created',
  'application.approved',
  'application.rejected',
  'newsletter.sent',
  'deal.registered',
  'deal.approved',
  'deal.rejected',
  'deal.won',
  'deal.lost',
  'challenge.met',
  'budget.reached',
  'submission.created',
  'submission.approved',
  'submission.rejected',
  'claim.created',
  'claim.approved',
  'claim.rejected',
  'partner.created',
  'partner.status_changed',
] as const satisfies readonly WebhookEventType[]

// Every type the SDK names is one an endpoint may subscribe to: a type added there and not here fails to compile.
const everyType: Record<Exclude<WebhookEventType, (typeof WEBHOOK_EVENT_TYPES)[number]>, never> = {}
void everyType

/** Waits between a delivery's tries: 1m, 5m, 30m, 2h, 8h, 24h, 24h (about 2.5 days). */
export const WEBHOOK_BACKOFF: Backoff = [1, 5, 30, 120, 480, 1440, 1440]

/** Tries in all, the first included. */
export const WEBHOOK_MAX_ATTEMPTS = maxTries(WEBHOOK_BACKOFF)

/**
 * The wait before the next try after `attempts` tries have failed; null when it is time to give up.
 *
 * @example webhookRetryDelayMs(1) // 60_000
 * @example webhookRetryDelayMs(8) // null
 */
export function webhookRetryDelayMs(attempts: number): number | null {
  return retryDelayMs(WEBHOOK_BACKOFF, attempts)
}

/** True when an endpoint's `events` column (comma list, or `*`) subscribes to `type`. */
export function subscribes(events: string, type: WebhookEventType): boolean {
  return events.split(',').some((e) => e.trim() === '*' || e.trim() === type)
}
