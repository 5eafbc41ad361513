// Outgoing webhook events, as an outbox: an event is written in the same transaction as the change it
// reports (one webhook_deliveries row per subscribed endpoint), and a deliverer sends it afterwards.
import type { WebhookEvent, WebhookEventType } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { subscribes } from './webhook-rules.ts'
import { newId } from '../kernel/ids.ts'
import { activeWebhookEndpoints } from './queries.ts'
import { insertDeliveries } from './delivery-queries.ts'

/**
 * Records an event for every active endpoint of the program subscribed to `type`. Call it inside the
 * transaction that makes the change, so the event exists if and only if the change does.
 * `data` is the API shape of the object (e.g. a `Commission`). Returns the event id (`evt_…`),
 * which is the same for every endpoint and is sent as `Afflio-Event-Id` (receivers dedupe on it).
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.insertInto('commissions').values(row).execute()
 *   await emitEvent(tx, programId, 'commission.created', toCommission(row), now)
 * })
 */
export async function emitEvent(tx: Tx | Db, programId: string, type: WebhookEventType, data: unknown, now: Date): Promise<string> {
  const at = now.toISOString()
  const eventId = newId('evt', now.getTime())
  const targets = (await activeWebhookEndpoints(tx, programId)).filter((e) => subscribes(e.events, type))
  if (targets.length === 0) return eventId
  const event: WebhookEvent = { id: eventId, type, createdAt: at, data }
  const payload = JSON.stringify(event)
  await insertDeliveries(
    tx,
    targets.map((e) => ({
      id: newId('whd', now.getTime()),
      program_id: programId,
      endpoint_id: e.id,
      event_id: eventId,
      event_type: type,
      payload,
      status: 'pending' as const,
      attempts: 0,
      next_attempt_at: at,
      last_status_code: null,
      last_error: null,
      created_at: at,
      delivered_at: null,
    })),
  )
  return eventId
}
