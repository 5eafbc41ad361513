// Console tokens: the host's backend mints one with its secret key for a signed-in program manager,
// and the embeddable console uses it in the browser instead of the secret key, which never leaves the server.
import type { ConsoleToken, CreateConsoleTokenInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { UnknownCredential } from '../kernel/http/auth-throttle.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { randomToken } from '../kernel/ids.ts'
import type { ProgramRow } from '../programs/index.ts'
import { insertConsoleToken, programByTokenHash, sweepExpiredTokens } from './queries.ts'

const DEFAULT_TTL_S = 3600

export async function mintConsoleToken(db: Db, programId: string, input: CreateConsoleTokenInput, audit: AuditContext): Promise<ConsoleToken> {
  const now = audit.at
  const token = `ct_${randomToken(32)}`
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? DEFAULT_TTL_S) * 1000).toISOString()
  await db.transaction().execute(async (tx) => {
    await sweepExpiredTokens(tx, programId, now.toISOString())
    await insertConsoleToken(tx, { token_hash: sha256(token), program_id: programId, manager: input.manager, expires_at: expiresAt, created_at: now.toISOString() })
    await recordAudit(tx, programId, audit, { action: 'console_token.issued', subject: { type: 'program', id: programId }, before: null, after: { manager: input.manager, expiresAt } })
  })
  return { token, expiresAt }
}

/** The token's program, and the manager the host named when it minted the token. */
export async function resolveConsoleToken(db: Db, token: string, now: Date): Promise<{ program: ProgramRow; manager: string }> {
  const row = await programByTokenHash(db, sha256(token))
  if (!row) throw new UnknownCredential('Unknown console token')
  const { token_expires_at, token_manager, ...program } = row
  if (token_expires_at <= now.toISOString()) throw new ApiError(401, 'token_expired', 'Console token expired: mint a new one')
  return { program, manager: token_manager }
}
