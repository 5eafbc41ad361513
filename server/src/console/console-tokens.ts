// Console tokens: the host's backend mints one with its secret key for a signed-in program manager,
// and the embeddable console uses it in the browser instead of the secret key, which never leaves the server.
// A token works until it expires, is revoked (one token, or a manager's), or the key that minted it is.
import type { ConsoleToken, CreateConsoleTokenInput, RevokeConsoleTokensInput, RevokedTokens } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { ConsoleTokenRef } from '../kernel/http/env.ts'
import { UnknownCredential } from '../kernel/http/auth-throttle.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { randomToken } from '../kernel/ids.ts'
import { revokeOwnerTokens, revokeTokenByHash, revokeUnattributedTokens, type TokenStore } from '../kernel/token-revocation-queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import { insertConsoleToken, programByTokenHash, sweepExpiredTokens } from './queries.ts'

const DEFAULT_TTL_S = 3600
const CONSOLE_TOKENS: TokenStore = { table: 'console_tokens', owner: 'manager' }

/** Mints a token for a manager; `keyId` is the secret key minting it, which the token lives no longer than. */
export async function mintConsoleToken(db: Db, programId: string, input: CreateConsoleTokenInput, audit: AuditContext, keyId: string): Promise<ConsoleToken> {
  const now = audit.at
  const token = `ct_${randomToken(32)}`
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? DEFAULT_TTL_S) * 1000).toISOString()
  await db.transaction().execute(async (tx) => {
    await sweepExpiredTokens(tx, programId, now.toISOString())
    await insertConsoleToken(tx, { token_hash: sha256(token), program_id: programId, manager: input.manager, key_id: keyId, revoked_at: null, expires_at: expiresAt, created_at: now.toISOString() })
    await recordAudit(tx, programId, audit, { action: 'console_token.issued', subject: { type: 'program', id: programId }, before: null, after: { manager: input.manager, expiresAt } })
  })
  return { token, expiresAt }
}

/**
 * The token's program, the manager the host named when it minted the token, and the key that minted it.
 * A revoked token (or one whose key is revoked) answers `unauthorized` without counting as a guess: it
 * was issued, and whoever holds it should stop, not be throttled.
 */
export async function resolveConsoleToken(db: Db, token: string, now: Date): Promise<{ program: ProgramRow; manager: string; keyId: string | null; consoleToken: ConsoleTokenRef }> {
  const hash = sha256(token)
  const row = await programByTokenHash(db, hash)
  if (!row) throw new UnknownCredential('Unknown console token')
  const { token_expires_at, token_manager, token_key_id, token_revoked_at, key_revoked_at, ...program } = row
  if (token_revoked_at !== null) throw new ApiError(401, 'unauthorized', 'This console token was revoked')
  if (key_revoked_at !== null) throw new ApiError(401, 'unauthorized', 'The secret key that minted this console token was revoked')
  if (token_expires_at <= now.toISOString()) throw new ApiError(401, 'token_expired', 'Console token expired: mint a new one')
  return { program, manager: token_manager, keyId: token_key_id, consoleToken: { hash, expiresAt: token_expires_at } }
}

/** Ends one live token of the program, or every live token of a manager; an audit entry when any was. */
export async function revokeConsoleTokens(db: Db, programId: string, input: RevokeConsoleTokensInput, audit: AuditContext): Promise<RevokedTokens> {
  const at = audit.at.toISOString()
  return db.transaction().execute(async (tx) => {
    let manager: string | undefined
    let revoked: number
    if (input.token !== undefined) {
      manager = await revokeTokenByHash(tx, CONSOLE_TOKENS, programId, sha256(input.token), at)
      revoked = manager === undefined ? 0 : 1
    } else {
      manager = input.manager
      revoked = await revokeOwnerTokens(tx, CONSOLE_TOKENS, programId, manager, at)
    }
    if (revoked > 0) {
      await recordAudit(tx, programId, audit, { action: 'console_token.revoked', subject: { type: 'program', id: programId }, before: null, after: { manager, revoked } })
    }
    return { revoked }
  })
}

/** A key of the program was revoked: its tokens that name no key end too (any key may have minted them). */
export function revokeUnattributedConsoleTokens(tx: Tx, programId: string, at: string): Promise<number> {
  return revokeUnattributedTokens(tx, CONSOLE_TOKENS, programId, at)
}
