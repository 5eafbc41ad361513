// Webhook deliveries, the outbox of outgoing events: one row per (event, subscribed endpoint), written
// with the change it reports, then claimed, sent and recorded by the deliverer (deliver-webhooks.ts).
import type { ListWebhookDeliveriesQuery, Page, WebhookDelivery, WebhookEventType } from '@afflio/sdk/types'
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { WebhookDeliveryTable } from '../kernel/db/schema.ts'
import type { AfterTry } from '../kernel/retry-schedule.ts'

export function toWebhookDelivery(r: Selectable<WebhookDeliveryTable>): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type as WebhookEventType,
    status: r.status === 'sending' ? 'pending' : r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }
}

export async function insertDeliveries(tx: Tx | Db, rows: Insertable<WebhookDeliveryTable>[]): Promise<void> {
  await tx.insertInto('webhook_deliveries').values(rows).execute()
}

/** Deliveries due (pending, next attempt reached; or sending, its lease run out: its deliverer died), oldest first, with their endpoint's URL, secret and state. */
export function dueDeliveries(db: Db, now: Date, batch: number) {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .selectAll('webhook_deliveries')
    .select(['webhook_endpoints.url', 'webhook_endpoints.secret', 'webhook_endpoints.disabled_at'])
    .where('webhook_deliveries.status', 'in', ['pending', 'sending'])
    .where('webhook_deliveries.next_attempt_at', '<=', now.toISOString())
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .limit(batch)
    .execute()
}

/**
 * Claims a due delivery: `sending` until `until` (the lease), if it is still as read (a conditional
 * update): false when another deliverer has it. While it is sending, a manual retry waits and a deleted
 * endpoint's give-up stands (recordDeliveryTry records only under the claim).
 */
export async function claimDelivery(db: Db, delivery: Pick<Selectable<WebhookDeliveryTable>, 'id' | 'status' | 'next_attempt_at'>, until: string): Promise<boolean> {
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'sending', next_attempt_at: until })
    .where('id', '=', delivery.id)
    .where('status', '=', delivery.status)
    .where('next_attempt_at', '=', delivery.next_attempt_at)
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

/**
 * Records a try: delivered, pending again, or failed (kernel/retry-schedule.ts decides), with the answer's
 * status code and the error. `deliveredAt` only when it was delivered: a failed resend keeps the first.
 * Only under the claim (`lease`): a delivery given up meanwhile (its endpoint deleted) stays given up.
 */
export async function recordDeliveryTry(
  db: Db,
  id: string,
  lease: string,
  step: AfterTry<'delivered'>,
  result: { statusCode: number | null; error: string | null; deliveredAt: string | null },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: step.status,
      attempts: step.attempts,
      next_attempt_at: step.nextAttemptAt,
      last_status_code: result.statusCode,
      last_error: result.error,
      ...(result.deliveredAt === null ? {} : { delivered_at: result.deliveredAt }),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('next_attempt_at', '=', lease)
    .execute()
}

/** Gives a delivery up because its endpoint was deleted. */
export async function failDeletedEndpointDelivery(db: Db, id: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ status: 'failed', next_attempt_at: null, last_error: 'endpoint deleted' }).where('id', '=', id).execute()
}

/** Gives up the deliveries still waiting for an endpoint that was deleted. */
export async function failPendingDeliveriesOf(tx: Tx, endpointId: string): Promise<void> {
  await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null, last_error: 'endpoint deleted' })
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['pending', 'sending'])
    .execute()
}

/** The program's delivery log, newest first. */
export function deliveriesPage(db: Db, programId: string, q: ListWebhookDeliveriesQuery & { limit: number }): Promise<Page<WebhookDelivery>> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('program_id', '=', programId)
  if (q.endpointId) query = query.where('endpoint_id', '=', q.endpointId)
  if (q.status) query = query.where('status', 'in', q.status === 'pending' ? ['pending', 'sending'] : [q.status])
  return paginate(query, 'id', q, toWebhookDelivery)
}

/** The program's delivery and whether its endpoint was deleted; undefined when it is not the program's. */
export function findDeliveryEndpointState(
  db: Db | Tx,
  programId: string,
  id: string,
): Promise<{ id: string; status: WebhookDeliveryTable['status']; next_attempt_at: string | null; disabled_at: string | null } | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.status', 'webhook_deliveries.next_attempt_at', 'webhook_endpoints.disabled_at'])
    .where('webhook_deliveries.program_id', '=', programId)
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirst()
}

/** Pending again, due now, whatever its status, unless a deliverer is sending it (its lease not run out): undefined then. */
export async function rescheduleDeliveryNow(db: Db | Tx, id: string, now: Date): Promise<WebhookDelivery | undefined> {
  const at = now.toISOString()
  const row = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '!=', 'sending'), eb('next_attempt_at', '<=', at)]))
    .returningAll()
    .executeTakeFirst()
  return row && toWebhookDelivery(row)
}
