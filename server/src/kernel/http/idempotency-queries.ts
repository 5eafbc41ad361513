// Idempotency keys (`idempotency_keys`): a claim per (program, key) while the first request runs, renewed
// by it, then its stored, sealed answer (kernel/http/idempotency.ts).
import type { Selectable } from 'kysely'
import type { Db } from '../db/connect.ts'
import type { IdempotencyKeyTable } from '../db/schema.ts'

/** The program and the scoped key (`scope|key`, or the key as given). */
export interface IdempotencyKeyId {
  programId: string
  key: string
}

/** Claims the key for a request; throws a unique violation when it is claimed already (kernel/db/errors.ts). */
export async function insertIdempotencyClaim(db: Db, id: IdempotencyKeyId, claimId: string, requestHash: string, at: string): Promise<void> {
  await db.insertInto('idempotency_keys').values({ program_id: id.programId, key: id.key, claim_id: claimId, request_hash: requestHash, status_code: null, response_body: null, created_at: at, renewed_at: at }).execute()
}

export function findIdempotencyKey(db: Db, id: IdempotencyKeyId): Promise<Selectable<IdempotencyKeyTable> | undefined> {
  return db.selectFrom('idempotency_keys').where('program_id', '=', id.programId).where('key', '=', id.key).selectAll().executeTakeFirst()
}

/**
 * Removes the key as `seen`: only that claim or answer (its claim id, and its renewal for claims made before
 * leases), never one made or renewed since by another request.
 */
export async function deleteIdempotencyKey(db: Db, id: IdempotencyKeyId, seen: Pick<Selectable<IdempotencyKeyTable>, 'claim_id' | 'created_at' | 'renewed_at'>): Promise<void> {
  let query = db.deleteFrom('idempotency_keys').where('program_id', '=', id.programId).where('key', '=', id.key).where('created_at', '=', seen.created_at)
  query = seen.claim_id === null ? query.where('claim_id', 'is', null) : query.where('claim_id', '=', seen.claim_id)
  query = seen.renewed_at === null ? query.where('renewed_at', 'is', null) : query.where('renewed_at', '=', seen.renewed_at)
  await query.execute()
}

/** Gives up the running request's claim (its answer is not final). */
export async function releaseIdempotencyClaim(db: Db, id: IdempotencyKeyId, claimId: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('program_id', '=', id.programId).where('key', '=', id.key).where('claim_id', '=', claimId).where('status_code', 'is', null).execute()
}

/** Extends the running request's lease; false when the claim is no longer its own (its lease lapsed and a retry took it). */
export async function renewIdempotencyClaim(db: Db, id: IdempotencyKeyId, claimId: string, at: string): Promise<boolean> {
  const result = await db.updateTable('idempotency_keys').set({ renewed_at: at }).where('program_id', '=', id.programId).where('key', '=', id.key).where('claim_id', '=', claimId).where('status_code', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Stores the answer of the request holding the claim; a request whose claim was taken stores nothing. */
export async function storeIdempotentResponse(db: Db, id: IdempotencyKeyId, claimId: string, statusCode: number, sealedBody: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ status_code: statusCode, response_body: sealedBody }).where('program_id', '=', id.programId).where('key', '=', id.key).where('claim_id', '=', claimId).where('status_code', 'is', null).execute()
}

/** Deletes keys claimed before `before`; returns how many. */
export async function deleteIdempotencyKeysBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
