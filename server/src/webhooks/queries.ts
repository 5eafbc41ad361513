// Webhook endpoints, where a program's events go, as rows and API shapes (deliveries: delivery-queries.ts).
import type { Page, WebhookEndpoint, WebhookEventType } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { WebhookEndpointTable } from '../kernel/db/schema.ts'

export type WebhookEndpointRow = Selectable<WebhookEndpointTable>

export function toWebhookEndpoint(r: WebhookEndpointRow): WebhookEndpoint {
  const events = r.events.split(',').map((e) => e.trim())
  return {
    id: r.id,
    url: r.url,
    events: events.includes('*') ? ['*'] : (events as WebhookEventType[]),
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  }
}

export async function insertWebhookEndpoint(db: Db, row: WebhookEndpointRow): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute()
}

/** Active endpoints, newest first. */
export function webhookEndpointsPage(db: Db, programId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<WebhookEndpoint>> {
  return paginate(db.selectFrom('webhook_endpoints').selectAll().where('program_id', '=', programId).where('disabled_at', 'is', null), 'id', page, toWebhookEndpoint)
}

/** Disables the program's endpoint; undefined when it is not the program's or was disabled already. */
export function disableWebhookEndpoint(tx: Tx, programId: string, id: string, at: string): Promise<WebhookEndpointRow | undefined> {
  return tx
    .updateTable('webhook_endpoints')
    .set({ disabled_at: at })
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The program's active endpoints and the events each subscribes to (a comma list, or `*`). */
// Prepared (kernel/db/prepared.ts): every change that emits an event reads them, a credited sale included.
const activeEndpoints = prepare<{ program_id: string }, { id: string; events: string }>((db, arg) =>
  db.selectFrom('webhook_endpoints').select(['id', 'events']).where('program_id', '=', arg('program_id')).where('disabled_at', 'is', null),
)

export async function activeWebhookEndpoints(tx: Tx | Db, programId: string): Promise<Array<{ id: string; events: string }>> {
  return (await activeEndpoints.execute(tx, { program_id: programId })).rows
}

/**
 * Serializes the program's endpoint creations until the transaction ends, so a count of its endpoints holds
 * for the insert after it: on Postgres, the program's row locked (two creations at once both counted 15);
 * SQLite's transactions hold the write lock from their start already.
 */
export async function lockProgramEndpoints(tx: Tx, programId: string): Promise<void> {
  if (isPostgres(tx)) await tx.selectFrom('programs').select('id').where('id', '=', programId).forUpdate().execute()
}
