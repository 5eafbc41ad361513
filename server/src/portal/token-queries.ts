// Embed tokens (stored as a sha256 of the token; revoked through kernel/token-revocation-queries.ts), and
// the partner a token is minted for.
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { EmbedTokenTable, PartnerTable } from '../kernel/db/schema.ts'

type PartnerRow = Selectable<PartnerTable>

/** Drops the partner's tokens that expired before `before`. */
export async function sweepExpiredTokens(tx: Tx, partnerId: string, before: string): Promise<void> {
  await tx.deleteFrom('embed_tokens').where('partner_id', '=', partnerId).where('expires_at', '<', before).execute()
}

export async function insertEmbedToken(tx: Tx, row: Insertable<EmbedTokenTable>): Promise<void> {
  await tx.insertInto('embed_tokens').values(row).execute()
}

/**
 * The token, and whether the key that minted it, and the console token it was minted with, are revoked: one
 * statement, each row by its primary key.
 */
export function findEmbedToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('embed_tokens')
    .leftJoin('api_keys', 'api_keys.id', 'embed_tokens.key_id')
    .leftJoin('console_tokens', 'console_tokens.token_hash', 'embed_tokens.console_token_hash')
    .selectAll('embed_tokens')
    .select(['api_keys.revoked_at as key_revoked_at', 'console_tokens.revoked_at as console_revoked_at'])
    .where('embed_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/** The program and partner a token acts for; both must exist (foreign keys). */
export function sessionRows(db: Db, token: { program_id: string; partner_id: string }) {
  return Promise.all([
    db.selectFrom('programs').selectAll().where('id', '=', token.program_id).executeTakeFirstOrThrow(),
    db.selectFrom('partners').selectAll().where('id', '=', token.partner_id).where('program_id', '=', token.program_id).executeTakeFirstOrThrow(),
  ])
}

/**
 * The partners with this external id or this email (at most one each), read in one statement: two reads
 * could straddle the commit of a concurrent mint and see its partner by email but not by external id.
 */
export function partnersByExternalIdOrEmail(tx: Tx, programId: string, externalId: string, email: string): Promise<PartnerRow[]> {
  return tx
    .selectFrom('partners')
    .selectAll()
    .where('program_id', '=', programId)
    .where((eb) => eb.or([eb('external_id', '=', externalId), eb('email', '=', email)]))
    .execute()
}

/** Gives a partner created through the API the host's user id. */
export async function setExternalId(tx: Tx, partnerId: string, externalId: string): Promise<void> {
  await tx.updateTable('partners').set({ external_id: externalId }).where('id', '=', partnerId).execute()
}
