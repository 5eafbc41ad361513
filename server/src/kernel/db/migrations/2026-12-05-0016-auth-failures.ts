// Frozen: failed authentication per client address and credential kind, a token bucket per row
// (kernel/http/auth-throttle.ts), in the database so every process shares the same count.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_failures')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    .addColumn('at_ms', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_failures_pk', ['kind', 'address'])
    .execute()
  await db.schema.createIndex('auth_failures_at').on('auth_failures').column('at_ms').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_failures').execute()
}
