// Webhook endpoints (where events go) and the delivery log.
import type { CreatedWebhookEndpoint, CreateWebhookEndpointInput, ListWebhookDeliveriesQuery, Page, WebhookDelivery, WebhookEndpoint } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { paginate } from '../kernel/db/page.ts'
import { sealSecret } from '../kernel/secrets.ts'
import { toWebhookDelivery, toWebhookEndpoint } from './queries.ts'

/** A new endpoint with its signing secret (`whsec_…`), returned this once. */
export async function createWebhookEndpoint(db: Db, programId: string, input: CreateWebhookEndpointInput, now: Date): Promise<CreatedWebhookEndpoint> {
  const secret = `whsec_${randomToken(32)}`
  const row = {
    id: newId('we', now.getTime()),
    program_id: programId,
    url: input.url,
    // Sealed, not hashed: every delivery is signed with it (kernel/secrets.ts).
    secret: sealSecret(db, secret),
    events: (input.events as string[]).includes('*') ? '*' : [...new Set(input.events)].join(','),
    disabled_at: null,
    created_at: now.toISOString(),
  }
  await db.insertInto('webhook_endpoints').values(row).execute()
  return { ...toWebhookEndpoint(row), secret }
}

/** Active endpoints, newest first. */
export function listWebhookEndpoints(db: Db, programId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<WebhookEndpoint>> {
  return paginate(db.selectFrom('webhook_endpoints').selectAll().where('program_id', '=', programId).where('disabled_at', 'is', null), 'id', page, toWebhookEndpoint)
}

/** Disables the endpoint (its log stays readable); deliveries still waiting for it are given up. */
export async function deleteWebhookEndpoint(db: Db, programId: string, id: string, now: Date): Promise<WebhookEndpoint> {
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('webhook_endpoints')
      .set({ disabled_at: at })
      .where('program_id', '=', programId)
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw notFound(`Webhook endpoint ${id}`)
    await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', next_attempt_at: null, last_error: 'endpoint deleted' })
      .where('endpoint_id', '=', id)
      .where('status', '=', 'pending')
      .execute()
    return toWebhookEndpoint(row)
  })
}

export function listWebhookDeliveries(db: Db, programId: string, q: ListWebhookDeliveriesQuery & { limit: number }): Promise<Page<WebhookDelivery>> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('program_id', '=', programId)
  if (q.endpointId) query = query.where('endpoint_id', '=', q.endpointId)
  if (q.status) query = query.where('status', '=', q.status)
  return paginate(query, 'id', q, toWebhookDelivery)
}

/**
 * Schedules a delivery to be sent again now (the deliverer picks it up within seconds), whatever
 * its status: a failed one gets one more try, a delivered one is sent again (same event id, so the
 * receiver can tell it has seen it).
 */
export async function retryWebhookDelivery(db: Db, programId: string, id: string, now: Date): Promise<WebhookDelivery> {
  const found = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .select(['webhook_deliveries.id', 'webhook_endpoints.disabled_at'])
    .where('webhook_deliveries.program_id', '=', programId)
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirst()
  if (!found) throw notFound(`Webhook delivery ${id}`)
  if (found.disabled_at) throw conflict('The endpoint of this delivery was deleted')
  const row = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now.toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return toWebhookDelivery(row)
}
