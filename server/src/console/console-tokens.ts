// Console tokens: the host's backend mints one with its secret key for a signed-in program manager,
// and the embeddable console uses it in the browser instead of the secret key, which never leaves the server.
import type { ConsoleToken, CreateConsoleTokenInput } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { UnknownCredential } from '../kernel/http/auth-throttle.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { randomToken } from '../kernel/ids.ts'
import type { ProgramRow } from '../programs/index.ts'
import { insertConsoleToken, programByTokenHash, sweepExpiredTokens } from './queries.ts'

const DEFAULT_TTL_S = 3600

export async function mintConsoleToken(db: Db, programId: string, input: CreateConsoleTokenInput, now: Date): Promise<ConsoleToken> {
  const token = `ct_${randomToken(32)}`
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? DEFAULT_TTL_S) * 1000).toISOString()
  await db.transaction().execute(async (tx) => {
    await sweepExpiredTokens(tx, programId, now.toISOString())
    await insertConsoleToken(tx, { token_hash: sha256(token), program_id: programId, manager: input.manager, expires_at: expiresAt, created_at: now.toISOString() })
  })
  return { token, expiresAt }
}

export async function resolveConsoleToken(db: Db, token: string, now: Date): Promise<ProgramRow> {
  const row = await programByTokenHash(db, sha256(token))
  if (!row) throw new UnknownCredential('Unknown console token')
  const { token_expires_at, ...program } = row
  if (token_expires_at <= now.toISOString()) throw new ApiError(401, 'token_expired', 'Console token expired: mint a new one')
  return program
}
