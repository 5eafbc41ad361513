// Console tokens, stored as a sha256 of the token.
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

/** The token's program, with when the token expires. */
export function programByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('console_tokens')
    .innerJoin('programs', 'programs.id', 'console_tokens.program_id')
    .selectAll('programs')
    .select(['console_tokens.expires_at as token_expires_at', 'console_tokens.manager as token_manager'])
    .where('console_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst()
}
