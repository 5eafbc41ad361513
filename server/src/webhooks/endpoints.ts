// Webhook endpoints (where events go) and the delivery log.
import { recordAudit } from '../audit/index.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { CreatedWebhookEndpoint, CreateWebhookEndpointInput, ListWebhookDeliveriesQuery, Page, WebhookDelivery, WebhookEndpoint } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import type { BlockList } from 'node:net'
import { refusedDestination } from './destination.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { sealSecret } from '../kernel/secrets.ts'
import { activeWebhookEndpoints, disableWebhookEndpoint, insertWebhookEndpoint, lockProgramEndpoints, toWebhookEndpoint, type WebhookEndpointRow, webhookEndpointsPage } from './queries.ts'
import { deliveriesPage, failPendingDeliveriesOf, findDeliveryEndpointState, rescheduleDeliveryNow } from './delivery-queries.ts'

/** A new endpoint with its signing secret (`whsec_…`), returned this once. */
/** Active endpoints a program may have, as Stripe allows: every event is sent to each, retried up to 8 times. */
export const MAX_WEBHOOK_ENDPOINTS = 16

/**
 * `networks`: those an endpoint may name besides public addresses (webhooks/destination.ts); a name is
 * checked again on every delivery, where it is resolved.
 */
export async function createWebhookEndpoint(db: Db, programId: string, input: CreateWebhookEndpointInput, audit: AuditContext, networks: BlockList | null = null): Promise<CreatedWebhookEndpoint> {
  const refused = refusedDestination(input.url, networks)
  if (refused) throw badRequest(`url: ${refused}`, 'url')
  const now = audit.at
  const secret = `whsec_${randomToken(32)}`
  const row: WebhookEndpointRow = {
    id: newId('we', now.getTime()),
    program_id: programId,
    url: input.url,
    // Sealed, not hashed: every delivery is signed with it (kernel/secrets.ts).
    secret: sealSecret(db, secret),
    events: (input.events as string[]).includes('*') ? '*' : [...new Set(input.events)].join(','),
    disabled_at: null,
    created_at: now.toISOString(),
  }
  const endpoint = toWebhookEndpoint(row)
  await db.transaction().execute(async (tx) => {
    await lockProgramEndpoints(tx, programId)
    if ((await activeWebhookEndpoints(tx, programId)).length >= MAX_WEBHOOK_ENDPOINTS) throw conflict(`A program has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints: delete one first`)
    await insertWebhookEndpoint(tx, row)
    await recordAudit(tx, programId, audit, { action: 'webhook_endpoint.created', subject: { type: 'webhook_endpoint', id: row.id }, before: null, after: { url: endpoint.url, events: endpoint.events } })
  })
  return { ...endpoint, secret }
}

/** Active endpoints, newest first. */
export function listWebhookEndpoints(db: Db, programId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<WebhookEndpoint>> {
  return webhookEndpointsPage(db, programId, page)
}

/** Disables the endpoint (its log stays readable); deliveries still waiting for it are given up. */
export async function deleteWebhookEndpoint(db: Db, programId: string, id: string, audit: AuditContext): Promise<WebhookEndpoint> {
  const at = audit.at.toISOString()
  return db.transaction().execute(async (tx) => {
    const row = await disableWebhookEndpoint(tx, programId, id, at)
    if (!row) throw notFound(`Webhook endpoint ${id}`)
    await failPendingDeliveriesOf(tx, id)
    const endpoint = toWebhookEndpoint(row)
    await recordAudit(tx, programId, audit, { action: 'webhook_endpoint.deleted', subject: { type: 'webhook_endpoint', id }, before: { url: endpoint.url, events: endpoint.events }, after: null })
    return endpoint
  })
}

export function listWebhookDeliveries(db: Db, programId: string, q: ListWebhookDeliveriesQuery & { limit: number }): Promise<Page<WebhookDelivery>> {
  return deliveriesPage(db, programId, q)
}

/**
 * Schedules a delivery to be sent again now (the deliverer picks it up within seconds), whatever
 * its status: a failed one gets one more try, a delivered one is sent again (same event id, so the
 * receiver can tell it has seen it). 409 while a try of it is in flight.
 */
export async function retryWebhookDelivery(db: Db, programId: string, id: string, audit: AuditContext): Promise<WebhookDelivery> {
  return db.transaction().execute(async (tx) => {
    const found = await findDeliveryEndpointState(tx, programId, id)
    if (!found) throw notFound(`Webhook delivery ${id}`)
    if (found.disabled_at) throw conflict('The endpoint of this delivery was deleted')
    // Never two sends of one delivery at once: a try in flight is recorded first.
    const rescheduled = await rescheduleDeliveryNow(tx, id, audit.at)
    if (!rescheduled) throw conflict('This delivery is being sent now: retry it once that try is recorded (within a minute)')
    // Sending an event again is a change made by hand: who did it, and what state the delivery was in.
    await recordAudit(tx, programId, audit, {
      action: 'webhook_delivery.retried',
      subject: { type: 'webhook_delivery', id },
      before: { status: found.status === 'sending' ? 'pending' : found.status, nextAttemptAt: found.next_attempt_at },
      after: { status: rescheduled.status, nextAttemptAt: rescheduled.nextAttemptAt },
    }, { always: true }) // a retry asked for is recorded even of a delivery already due now
    return rescheduled
  })
}
