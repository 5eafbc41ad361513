// Frozen: a program's site URL (its settings' `siteUrl`; kernel/web-url.ts says what it may be). The base of
// the share URL of every link without a destination, and the host partners' own links must stay on.
// Existing programs get none (null): their links without a destination have no URL until the program sets
// it (the portal shows them on its host page's origin, as before), and their partners may not choose a
// destination meanwhile.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').addColumn('site_url', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').dropColumn('site_url').execute()
}
