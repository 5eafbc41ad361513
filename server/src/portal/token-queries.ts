// Embed tokens (stored as a sha256 of the token), and the partner a token is minted for.
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

/** The token, and whether the key that minted it is revoked: one statement, both rows by primary key. */
export function findEmbedToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('embed_tokens')
    .leftJoin('api_keys', 'api_keys.id', 'embed_tokens.key_id')
    .selectAll('embed_tokens')
    .select('api_keys.revoked_at as key_revoked_at')
    .where('embed_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/** Revokes the program's live token with this hash; its partner, or undefined when there is none. */
export function revokeTokenByHash(tx: Tx, programId: string, tokenHash: string, at: string) {
  return tx
    .updateTable('embed_tokens')
    .set({ revoked_at: at })
    .where('token_hash', '=', tokenHash)
    .where('program_id', '=', programId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('partner_id')
    .executeTakeFirst()
}

/** Revokes a partner's live tokens (embed_tokens_partner); how many. */
export async function revokePartnerTokens(tx: Tx, programId: string, partnerId: string, at: string): Promise<number> {
  const rows = await tx
    .updateTable('embed_tokens')
    .set({ revoked_at: at })
    .where('partner_id', '=', partnerId)
    .where('expires_at', '>', at)
    .where('program_id', '=', programId)
    .where('revoked_at', 'is', null)
    .returning('token_hash')
    .execute()
  return rows.length
}

/**
 * Revokes the program's live tokens that name no key (minted before keys were recorded, found by the
 * partial index embed_tokens_unattributed): any of the program's keys may have minted them. How many.
 */
export async function revokeUnattributedTokens(tx: Tx, programId: string, at: string): Promise<number> {
  const rows = await tx
    .updateTable('embed_tokens')
    .set({ revoked_at: at })
    .where('program_id', '=', programId)
    .where('key_id', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('token_hash')
    .execute()
  return rows.length
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
