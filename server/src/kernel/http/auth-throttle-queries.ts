// The failed-authentication buckets (`auth_failures`, one row per credential kind and client address),
// shared by every process on the database (kernel/http/auth-throttle.ts).
import { sql } from 'kysely'
import { type Db, isPostgres } from '../db/connect.ts'
import type { AuthFailureTable } from '../db/schema.ts'

/**
 * Takes one failure from the (kind, address) bucket at time `atMs`, after refilling it at `perMs` up to
 * `burst` (a new bucket starts full), in one upsert; returns what is left, below zero when other processes
 * emptied it first.
 */
export async function takeAuthFailure(
  db: Db,
  bucket: { kind: AuthFailureTable['kind']; address: string },
  atMs: number,
  { burst, perMs }: { burst: number; perMs: number },
): Promise<number> {
  const pg = isPostgres(db)
  const least = pg ? sql.raw('least') : sql.raw('min')
  const greatest = pg ? sql.raw('greatest') : sql.raw('max')
  const num = (n: number) => (pg ? sql`cast(${n} as double precision)` : sql`${n}`)
  const row = await db
    .insertInto('auth_failures')
    .values({ kind: bucket.kind, address: bucket.address, tokens: burst - 1, at_ms: atMs })
    .onConflict((oc) =>
      oc.columns(['kind', 'address']).doUpdateSet({
        tokens: sql<number>`${least}(${num(burst)}, auth_failures.tokens + ${greatest}(${num(0)}, ${num(atMs)} - auth_failures.at_ms) * ${num(perMs)}) - 1`,
        at_ms: sql<number>`${greatest}(auth_failures.at_ms, ${num(atMs)})`,
      }),
    )
    .returning('tokens')
    .executeTakeFirstOrThrow()
  return Number(row.tokens)
}

/** Drops buckets last touched before `beforeMs` (refilled completely by now). */
export async function deleteIdleAuthFailures(db: Db, beforeMs: number): Promise<void> {
  await db.deleteFrom('auth_failures').where('at_ms', '<', beforeMs).execute()
}
