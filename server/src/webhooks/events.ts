// Outgoing webhook events, as an outbox: an event is written in the same transaction as the change it
// reports (one webhook_deliveries row per subscribed endpoint), and a deliverer sends it afterwards.
import type { AfflioWebhookEvent, WebhookEventData, WebhookEventType } from '@afflio/sdk/types'
import type { Insertable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { WebhookDeliveryTable } from '../kernel/db/schema.ts'
import { subscribes } from './webhook-rules.ts'
import { newId } from '../kernel/ids.ts'
import { activeWebhookEndpoints } from './queries.ts'
import { insertDeliveries } from './delivery-queries.ts'

// Delivery rows per insert statement: 13 columns each, well under SQLite's and Postgres's bound-parameter limits.
const ROWS_PER_INSERT = 1000

/**
 * Records an event for every active endpoint of the program subscribed to `type`. Call it inside the
 * transaction that makes the change, so the event exists if and only if the change does.
 * `data` is the SDK's data of `type` (`WebhookEventData`: a `Commission` for `commission.created`). Returns the event id (`evt_…`),
 * which is the same for every endpoint and is sent as `Afflio-Event-Id` (receivers dedupe on it).
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.insertInto('commissions').values(row).execute()
 *   await emitEvent(tx, programId, 'commission.created', toCommission(row), now)
 * })
 */
export async function emitEvent<K extends WebhookEventType>(tx: Tx | Db, programId: string, type: K, data: WebhookEventData[K], now: Date): Promise<string> {
  return (await emitEvents(tx, programId, type, [data], now))[0]!
}

/**
 * `emitEvent` for many objects changed at once (commissions maturing in bulk): one event each, with its own
 * id, the endpoints read once (or given: `targets`, what `subscribers` answered, for a caller writing its
 * events in chunks) and the deliveries written in multi-row inserts. Returns the event ids, in the order of
 * `data`.
 *
 * @example
 * await emitEvents(tx, programId, 'commission.approved', matured.map(toCommission), now)
 */
export async function emitEvents<K extends WebhookEventType>(tx: Tx | Db, programId: string, type: K, data: readonly WebhookEventData[K][], now: Date, given?: Subscribers): Promise<string[]> {
  const at = now.toISOString()
  const ids = data.map(() => newId('evt', now.getTime()))
  if (data.length === 0) return ids
  const targets = given ?? (await subscribers(tx, programId, type))
  if (targets.length === 0) return ids
  let rows: Insertable<WebhookDeliveryTable>[] = []
  for (const [i, d] of data.entries()) {
    const event = { id: ids[i]!, type, createdAt: at, data: d } as AfflioWebhookEvent
    const payload = JSON.stringify(event)
    for (const e of targets) {
      rows.push({
        id: newId('whd', now.getTime()),
        program_id: programId,
        endpoint_id: e.id,
        event_id: event.id,
        event_type: type,
        payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_status_code: null,
        last_error: null,
        created_at: at,
        delivered_at: null,
      })
      if (rows.length === ROWS_PER_INSERT) {
        await insertDeliveries(tx, rows)
        rows = []
      }
    }
  }
  if (rows.length) await insertDeliveries(tx, rows)
  return ids
}

export type Subscribers = Awaited<ReturnType<typeof subscribers>>

/**
 * The program's active endpoints that subscribe to `type`: a change made in bulk reads its rows as API
 * shapes for events only when there are any, and hands them to each chunk's emitEvents.
 */
export async function subscribers(tx: Tx | Db, programId: string, type: WebhookEventType) {
  return (await activeWebhookEndpoints(tx, programId)).filter((e) => subscribes(e.events, type))
}
