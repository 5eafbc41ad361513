// Revoking a key, and with it the tokens minted with it. Apart from programs.ts: it reaches into the
// console and portal features, which import this feature's index (programs.ts is behind it).
import type { ApiKey } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import { revokeUnattributedConsoleTokens } from '../console/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { notFound } from '../kernel/http/errors.ts'
import { revokeUnattributedEmbedTokens } from '../portal/index.ts'
import { forgetKey } from './api-keys.ts'
import { revokeActiveKey, toApiKey } from './queries.ts'

/**
 * Revokes a key at once. The console and embed tokens it minted stop with it (they are checked against
 * their key on use); tokens that name no key (minted before keys were recorded) end here too, since any
 * key of the program may have minted them.
 */
export async function revokeKey(db: Db, programId: string, keyId: string, audit: AuditContext): Promise<ApiKey> {
  const at = audit.at.toISOString()
  const row = await db.transaction().execute(async (tx) => {
    const row = await revokeActiveKey(tx, programId, keyId, at)
    if (!row) throw notFound('Active key')
    if (row.kind === 'secret') {
      await revokeUnattributedConsoleTokens(tx, programId, at)
      await revokeUnattributedEmbedTokens(tx, programId, at)
    }
    await recordAudit(tx, programId, audit, { action: 'key.revoked', subject: { type: 'key', id: row.id }, before: { prefix: row.prefix, revokedAt: null }, after: { prefix: row.prefix, revokedAt: row.revoked_at } })
    return row
  })
  forgetKey(db, row.key_hash)
  return toApiKey(row)
}
