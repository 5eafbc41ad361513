// Frozen: visitors' and partners' addresses were kept as plain SHA-256 of `<program>|<ip>` (clicks and
// partner_addresses) and of `<program>|<ip>|<user agent>` (a click's visitor_hash), which anyone holding
// the database undoes by hashing every IPv4 address (a /16 in a tenth of a second). They are keyed hashes
// now (HMAC-SHA256 under a key derived from the encryption key: kernel/secrets.ts keyedHash), which no
// migration can compute, holding no key. So the plain ones go: a click's address_hash becomes null (the
// partner_address rule does not judge a conversion of a click from before: docs/fraud.md), its
// visitor_hash a random one (a plain hash never matched a keyed one: a reload across the upgrade counts
// again either way), and each partner's addresses are learnt again from its next portal request. The
// failed-authentication buckets, which named a client by its address, are emptied (a throttled address
// gets its allowance back; the buckets are keyed hashes of the address from now on).
// Data only; the down restores nothing (the plain hashes are gone), and the schema is unchanged either way.
import { type Kysely, sql } from 'kysely'

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

export async function up(db: Kysely<any>): Promise<void> {
  const random = isPostgres(db) ? sql`md5(random()::text || id) || md5(id || random()::text)` : sql`lower(hex(randomblob(32)))`
  await db.updateTable('clicks').set({ address_hash: null, visitor_hash: random }).execute()
  await db.deleteFrom('partner_addresses').execute()
  await db.deleteFrom('auth_failures').execute()
}

export async function down(): Promise<void> {}
