// Console tokens, stored as a sha256 of the token (revoked through kernel/token-revocation-queries.ts).
import type { Insertable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { ConsoleTokenTable } from '../kernel/db/schema.ts'

/** Expired tokens are dead weight: the program's are swept on each mint. */
export async function sweepExpiredTokens(tx: Tx, programId: string, at: string): Promise<void> {
  await tx.deleteFrom('console_tokens').where('program_id', '=', programId).where('expires_at', '<', at).execute()
}

export async function insertConsoleToken(tx: Tx, row: Insertable<ConsoleTokenTable>): Promise<void> {
  await tx.insertInto('console_tokens').values(row).execute()
}

/**
 * The token's program, with the token's expiry, manager and revocation, and whether the key that minted
 * it is revoked: one statement, each table read by its primary key (this runs on every console request).
 */
export function programByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('console_tokens')
    .innerJoin('programs', 'programs.id', 'console_tokens.program_id')
    .leftJoin('api_keys', 'api_keys.id', 'console_tokens.key_id')
    .selectAll('programs')
    .select([
      'console_tokens.expires_at as token_expires_at',
      'console_tokens.manager as token_manager',
      'console_tokens.key_id as token_key_id',
      'console_tokens.revoked_at as token_revoked_at',
      'api_keys.revoked_at as key_revoked_at',
    ])
    .where('console_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst()
}
