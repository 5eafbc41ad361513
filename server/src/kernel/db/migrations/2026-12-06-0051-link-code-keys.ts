// Frozen: a link code is one per program whatever its case (`?ref=alice` is the link `ALICE`), as a coupon
// code is: `code_key` beside the code as the partner typed it, upper case (kernel/codes.ts's codeKey), unique
// per program, and what a lookup matches. Link codes are 2-64 ASCII letters, digits, `_` or `-`, so SQL's
// upper() below gives what codeKey gives.
//
// Codes that differ only by case could coexist before. In each such group the oldest link (by created_at,
// then id) keeps its code; each later one, in that order, gets its code with the first free suffix `-2`,
// `-3`, … (cut to stay within 64 characters), free meaning no link of the program has it in any case.
// Clicks, sales and stats follow a link by id, so nothing else changes; but a URL shared before with a
// renamed link's old spelling now credits the oldest link's partner. Each rename is reported on the
// console (program, link, old and new code) for the program to tell its partner.
// The unique (program_id, code) stays: SQLite cannot drop a table's constraint, and the new index implies
// it. The down drops the key; renamed codes stay renamed.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')
const MAX_CODE = 64
const key = sql<string>`upper(code)`

export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds a NOT NULL column only with a default; Postgres sets NOT NULL once the keys are in.
  await db.schema.alterTable('links').addColumn('code_key', 'text', (c) => (isPostgres(db) ? c : c.notNull().defaultTo(''))).execute()

  const groups: Array<{ program_id: string; key: string }> = await db
    .selectFrom('links')
    .select(['program_id', key.as('key')])
    .groupBy(['program_id', key])
    .having((eb) => eb(eb.fn.countAll(), '>', 1))
    .orderBy('program_id')
    .orderBy('key')
    .execute()
  for (const group of groups) {
    const links: Array<{ id: string; code: string }> = await db
      .selectFrom('links')
      .select(['id', 'code'])
      .where('program_id', '=', group.program_id)
      .where(key, '=', group.key)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    let n = 2
    for (const link of links.slice(1)) {
      let code: string
      do {
        const suffix = `-${n++}`
        code = link.code.slice(0, MAX_CODE - suffix.length) + suffix
      } while (await db.selectFrom('links').select('id').where('program_id', '=', group.program_id).where(key, '=', code.toUpperCase()).executeTakeFirst())
      await db.updateTable('links').set({ code }).where('id', '=', link.id).execute()
      console.warn(`afflio: link ${link.id} of program ${group.program_id} renamed from ${link.code} to ${code}: link codes are now one whatever their case, and the older link ${links[0]!.id} keeps ${links[0]!.code}`)
    }
  }

  await db.updateTable('links').set({ code_key: key }).execute()
  if (isPostgres(db)) await db.schema.alterTable('links').alterColumn('code_key', (c) => c.setNotNull()).execute()
  await db.schema.createIndex('links_code_key').on('links').columns(['program_id', 'code_key']).unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('links_code_key').execute()
  await db.schema.alterTable('links').dropColumn('code_key').execute()
}
