// Revoking bearer tokens stored as a sha256 of the token (console tokens, embed tokens): one set of
// updates for both tables, which share their revocation columns and differ in who a token is for.
import type { Tx } from './db/connect.ts'

/** A table of revocable tokens and the column naming who each token is for. */
export type TokenStore = { table: 'console_tokens'; owner: 'manager' } | { table: 'embed_tokens'; owner: 'partner_id' }

/** Revokes the program's tokens still live at `at` (not revoked, not expired); the caller narrows which. */
function revokeLive(tx: Tx, store: TokenStore, programId: string, at: string) {
  return tx
    .updateTable(store.table)
    .set({ revoked_at: at })
    .where('program_id', '=', programId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
}

/** Revokes the program's live token with this hash; its owner (a manager, a partner id), or undefined when there is none. */
export async function revokeTokenByHash(tx: Tx, store: TokenStore, programId: string, tokenHash: string, at: string): Promise<string | undefined> {
  const row = await revokeLive(tx, store, programId, at).where('token_hash', '=', tokenHash).returning(`${store.owner} as owner`).executeTakeFirst()
  return row?.owner
}

/** Revokes the program's live tokens of one owner (a manager, a partner id); how many. */
export async function revokeOwnerTokens(tx: Tx, store: TokenStore, programId: string, owner: string, at: string): Promise<number> {
  const rows = await revokeLive(tx, store, programId, at).where(store.owner, '=', owner).returning('token_hash').execute()
  return rows.length
}

/**
 * Revokes the program's live tokens that name no key (minted before keys were recorded; embed tokens'
 * are found by the partial index embed_tokens_unattributed): any of the program's keys may have minted
 * them, so revoking one ends them. How many.
 */
export async function revokeUnattributedTokens(tx: Tx, store: TokenStore, programId: string, at: string): Promise<number> {
  const rows = await revokeLive(tx, store, programId, at).where('key_id', 'is', null).returning('token_hash').execute()
  return rows.length
}
