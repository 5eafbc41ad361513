import type { ApiKey, Page, PageQuery } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { type ApiKeyRow, keysPage, programByActiveKey, type ProgramRow, revokedKeyExists } from './queries.ts'

// Keys are looked up on every request: cache the answer briefly so a click costs no extra query.
export interface KeyHolder {
  kind: ApiKeyRow['kind']
  keyId: string
  keyPrefix: string
  program: ProgramRow
}
const cache = new WeakMap<Db, Map<string, { at: number; value: KeyHolder | null }>>()
const TTL_MS = 5_000

export async function findProgramByKeyHash(db: Db, keyHash: string) {
  let byHash = cache.get(db)
  if (!byHash) cache.set(db, (byHash = new Map()))
  const hit = byHash.get(keyHash)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value
  const row = await programByActiveKey(db, keyHash)
  let value: KeyHolder | null = null
  if (row) {
    const { kind, key_id, key_prefix, ...program } = row
    value = { kind, keyId: key_id, keyPrefix: key_prefix, program }
  }
  if (byHash.size > 10_000) byHash.clear()
  byHash.set(keyHash, { at: Date.now(), value })
  return value
}

/** A key that existed and was revoked: presenting it is a stale configuration, not a guess (kernel/http/auth-throttle.ts). */
export function isRevokedKey(db: Db, keyHash: string): Promise<boolean> {
  return revokedKeyExists(db, keyHash)
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

/** The program's API keys (hashes never leave the database), newest first, a cursor page. */
export function listKeys(db: Db, programId: string, page: PageQuery & { limit: number }): Promise<Page<ApiKey>> {
  return keysPage(db, programId, page)
}
