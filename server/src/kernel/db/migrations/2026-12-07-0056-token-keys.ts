// Frozen: which secret key minted each console and embed token (key_id), and tokens revoked (revoked_at).
// A token works only while the key behind it does: resolving a token joins its key by primary key, so
// revoking a key ends every token it minted, directly or through a console token, in the same lookup.
//
// Tokens minted before this migration name no key (key_id null). Those a key that is already revoked may
// have minted are revoked here: minted after the key was created and before a day after it was revoked
// (a console token lives a day at most, and could mint embed tokens until then). From now on, revoking
// any secret key of a program also revokes the program's live tokens that name no key (the partial
// indexes below find them): any of its keys may have minted them, and they are gone within a day anyway.
import { type Kysely, sql } from 'kysely'

const DAY_MS = 86_400_000

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['console_tokens', 'embed_tokens']) {
    await db.schema.alterTable(table).addColumn('key_id', 'text', (c) => c.references('api_keys.id')).execute()
    await db.schema.alterTable(table).addColumn('revoked_at', 'text').execute()
    await db.schema.createIndex(`${table}_unattributed`).on(table).column('program_id').where(sql.ref('key_id'), 'is', null).execute()
  }
  // Revoking a manager's tokens (and the program's sweep of its expired ones, which had no index).
  await db.schema.createIndex('console_tokens_manager').on('console_tokens').columns(['program_id', 'manager']).execute()

  const now = new Date().toISOString()
  const revokedKeys = await db.selectFrom('api_keys').select(['program_id', 'created_at', 'revoked_at']).where('kind', '=', 'secret').where('revoked_at', 'is not', null).execute()
  for (const key of revokedKeys as { program_id: string; created_at: string; revoked_at: string }[]) {
    const until = new Date(Date.parse(key.revoked_at) + DAY_MS).toISOString()
    for (const table of ['console_tokens', 'embed_tokens']) {
      await db
        .updateTable(table)
        .set({ revoked_at: now })
        .where('program_id', '=', key.program_id)
        .where('key_id', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .where('created_at', '>=', key.created_at)
        .where('created_at', '<', until)
        .execute()
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('console_tokens_manager').execute()
  for (const table of ['console_tokens', 'embed_tokens']) {
    await db.schema.dropIndex(`${table}_unattributed`).execute()
    await db.schema.alterTable(table).dropColumn('revoked_at').execute()
    await db.schema.alterTable(table).dropColumn('key_id').execute()
  }
}
