import type { ApiKey, Page, PageQuery } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { ApiKeyTable } from '../kernel/db/schema.ts'
import type { ProgramRow } from './queries.ts'

export type ApiKeyRow = Selectable<ApiKeyTable>

export function toApiKey(r: ApiKeyRow): ApiKey {
  return { id: r.id, kind: r.kind, prefix: r.prefix, createdAt: r.created_at, revokedAt: r.revoked_at }
}

// Keys are looked up on every request: cache the answer briefly so a click costs no extra query.
const cache = new WeakMap<Db, Map<string, { at: number; value: { kind: ApiKeyRow['kind']; program: ProgramRow } | null }>>()
const TTL_MS = 5_000

export async function findProgramByKeyHash(db: Db, keyHash: string) {
  let byHash = cache.get(db)
  if (!byHash) cache.set(db, (byHash = new Map()))
  const hit = byHash.get(keyHash)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('programs', 'programs.id', 'api_keys.program_id')
    .selectAll('programs')
    .select('api_keys.kind')
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst()
  let value: { kind: ApiKeyRow['kind']; program: ProgramRow } | null = null
  if (row) {
    const { kind, ...program } = row
    value = { kind, program }
  }
  if (byHash.size > 10_000) byHash.clear()
  byHash.set(keyHash, { at: Date.now(), value })
  return value
}

/** A key that existed and was revoked: presenting it is a stale configuration, not a guess (kernel/http/auth-throttle.ts). */
export async function isRevokedKey(db: Db, keyHash: string): Promise<boolean> {
  const row = await db.selectFrom('api_keys').select('id').where('key_hash', '=', keyHash).where('revoked_at', 'is not', null).executeTakeFirst()
  return row !== undefined
}

/** Settings changed: this process answers with the new program row at once (others within the TTL). */
export function forgetProgram(db: Db, programId: string) {
  const byHash = cache.get(db)
  if (byHash) for (const [hash, hit] of byHash) if (hit.value?.program.id === programId) byHash.delete(hash)
}

/** Revocation must take effect at once, not after the cache's TTL. */
export function forgetKey(db: Db, keyHash: string) {
  cache.get(db)?.delete(keyHash)
}

/** The program's API keys (hashes never leave the database), newest last, a cursor page. */
export function listKeys(db: Db, programId: string, page: PageQuery & { limit: number }): Promise<Page<ApiKey>> {
  return paginate(db.selectFrom('api_keys').selectAll().where('program_id', '=', programId), 'id', page, toApiKey)
}
