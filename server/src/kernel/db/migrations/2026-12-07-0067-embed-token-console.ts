// Frozen: the console token an embed token was minted with (console_token_hash; null when the secret key
// minted it itself, or before this migration). Resolving an embed token joins it by the console token's
// primary key: revoking the console token (one, or a manager's) ends the embed tokens it minted at once,
// in every process, as revoking a key does. No foreign key: expired console tokens are swept, and an embed
// token minted with one expires no later than it did.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('embed_tokens').addColumn('console_token_hash', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('embed_tokens').dropColumn('console_token_hash').execute()
}
