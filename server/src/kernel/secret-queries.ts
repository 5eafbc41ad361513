// Reading and rewriting the stored secrets of one column (kernel/secrets.ts SEALED_COLUMNS), whatever its
// table: the column is named at run time, so these are raw SQL with quoted identifiers.
import { sql } from 'kysely'
import type { Db } from './db/connect.ts'

/** A column that holds sealed secrets, and the columns that name its row. */
export interface SecretColumn {
  table: string
  column: string
  key: readonly string[]
}

/** Every row holding a value in the column: its key columns, and the stored value as `v`. */
export async function storedSecrets(db: Db, { table, column, key }: SecretColumn, unsealedOnly?: { sealedPrefix: string }): Promise<Array<Record<string, string>>> {
  // substr, not LIKE: SQLite's LIKE ignores case, and `V1:…` is plain text to isSealed
  const plain = unsealedOnly ? sql` and substr(${sql.ref(column)}, 1, ${unsealedOnly.sealedPrefix.length}) <> ${unsealedOnly.sealedPrefix}` : sql``
  const { rows } = await sql<Record<string, string>>`select ${sql.join(key.map((k) => sql.ref(k)))}, ${sql.ref(column)} as v from ${sql.table(table)} where ${sql.ref(column)} is not null${plain}`.execute(db)
  return rows
}

/** Replaces the row's value if it still holds `stored` (a concurrent write wins); true when it did. */
export async function replaceStoredSecret(db: Db, { table, column, key }: SecretColumn, row: Record<string, string>, stored: string, sealed: string): Promise<boolean> {
  const where = sql.join([...key.map((k) => sql`${sql.ref(k)} = ${row[k]}`), sql`${sql.ref(column)} = ${stored}`], sql` and `)
  const result = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sealed} where ${where}`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}
