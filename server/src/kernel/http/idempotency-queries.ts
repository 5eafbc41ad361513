// Idempotency keys (`idempotency_keys`): a claim per (program, key) while the first request runs, then
// its stored, sealed answer (kernel/http/idempotency.ts).
import type { Selectable } from 'kysely'
import type { Db } from '../db/connect.ts'
import type { IdempotencyKeyTable } from '../db/schema.ts'

/** The program and the scoped key (`scope|key`, or the key as given). */
export interface IdempotencyKeyId {
  programId: string
  key: string
}

/** Claims the key for a request; throws a unique violation when it is claimed already (kernel/db/errors.ts). */
export async function insertIdempotencyClaim(db: Db, id: IdempotencyKeyId, requestHash: string, at: string): Promise<void> {
  await db.insertInto('idempotency_keys').values({ program_id: id.programId, key: id.key, request_hash: requestHash, status_code: null, response_body: null, created_at: at }).execute()
}

export function findIdempotencyKey(db: Db, id: IdempotencyKeyId): Promise<Selectable<IdempotencyKeyTable> | undefined> {
  return db.selectFrom('idempotency_keys').where('program_id', '=', id.programId).where('key', '=', id.key).selectAll().executeTakeFirst()
}

/** Removes the key; with `createdAt`, only the claim made then (not one made since by another request). */
export async function deleteIdempotencyKey(db: Db, id: IdempotencyKeyId, createdAt?: string): Promise<void> {
  let query = db.deleteFrom('idempotency_keys').where('program_id', '=', id.programId).where('key', '=', id.key)
  if (createdAt !== undefined) query = query.where('created_at', '=', createdAt)
  await query.execute()
}

export async function storeIdempotentResponse(db: Db, id: IdempotencyKeyId, statusCode: number, sealedBody: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ status_code: statusCode, response_body: sealedBody }).where('program_id', '=', id.programId).where('key', '=', id.key).execute()
}

/** Deletes keys claimed before `before`; returns how many. */
export async function deleteIdempotencyKeysBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
