// Webhook rows as API shapes.
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { WebhookDeliveryTable, WebhookEndpointTable } from '../kernel/db/schema.ts'

export function toWebhookEndpoint(r: Selectable<WebhookEndpointTable>): WebhookEndpoint {
  const events = r.events.split(',').map((e) => e.trim())
  return {
    id: r.id,
    url: r.url,
    events: events.includes('*') ? ['*'] : (events as WebhookEventType[]),
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  }
}

export function toWebhookDelivery(r: Selectable<WebhookDeliveryTable>): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type as WebhookEventType,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }
}
