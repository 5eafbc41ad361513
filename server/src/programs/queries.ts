// Programs and their API keys: the rows, their API shapes, and every statement on them.
import type { ApiKey, Page, PageQuery, Program } from '@afflio/sdk/types'
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { ApiKeyTable, ProgramTable } from '../kernel/db/schema.ts'

export type ProgramRow = Selectable<ProgramTable>
export type ApiKeyRow = Selectable<ApiKeyTable>

export function toProgram(r: ProgramRow): Program {
  return {
    id: r.id,
    name: r.name,
    currency: r.currency,
    attributionWindowDays: r.attribution_window_days,
    attributionModel: r.attribution_model,
    defaultCommission:
      r.default_commission_type === 'percent'
        ? { type: 'percent', rateBps: r.default_commission_value }
        : { type: 'flat', amountMinor: r.default_commission_value },
    siteUrl: r.site_url,
    createdAt: r.created_at,
  }
}

export function toApiKey(r: ApiKeyRow): ApiKey {
  return { id: r.id, kind: r.kind, prefix: r.prefix, createdAt: r.created_at, revokedAt: r.revoked_at }
}

// Prepared (kernel/db/prepared.ts): the challenges' reaction to every credited sale reads it.
const programById = prepare<{ id: string }, ProgramRow>((db, arg) => db.selectFrom('programs').selectAll().where('id', '=', arg('id')))

export async function findProgram(db: Db | Tx, id: string) {
  return (await programById.execute(db, { id })).rows[0]
}

/** What payouts need of a program to say whether a balance is paid: its minimums and schedule. */
export type PayoutTerms = Pick<ProgramRow, 'id' | 'payout_minimums' | 'payout_schedule'>

// Prepared and named on Postgres (its columns listed, not `*`): a commission's notice after every sale reads it.
const payoutTermsById = prepare<{ id: string }, PayoutTerms>((db, arg) => db.selectFrom('programs').select(['id', 'payout_minimums', 'payout_schedule']).where('id', '=', arg('id')))

export async function findPayoutTerms(db: Db | Tx, id: string): Promise<PayoutTerms | undefined> {
  return (await payoutTermsById.execute(db, { id })).rows[0]
}

export async function insertProgram(tx: Tx, row: Insertable<ProgramTable>): Promise<void> {
  await tx.insertInto('programs').values(row).execute()
}

export async function insertKeys(db: Db | Tx, rows: Insertable<ApiKeyTable>[]): Promise<void> {
  await db.insertInto('api_keys').values(rows).execute()
}

/** The program of an active key, with the key's kind. */
export function programByActiveKey(db: Db, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('programs', 'programs.id', 'api_keys.program_id')
    .selectAll('programs')
    .select(['api_keys.kind', 'api_keys.id as key_id', 'api_keys.prefix as key_prefix'])
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst()
}

export async function revokedKeyExists(db: Db, keyHash: string): Promise<boolean> {
  const row = await db.selectFrom('api_keys').select('id').where('key_hash', '=', keyHash).where('revoked_at', 'is not', null).executeTakeFirst()
  return row !== undefined
}

/** Revokes an active key of the program; undefined when there is none with that id. */
export function revokeActiveKey(db: Db, programId: string, keyId: string, at: string): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('program_id', '=', programId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The program's API keys (hashes never leave the database), newest first, a cursor page. */
export function keysPage(db: Db, programId: string, page: PageQuery & { limit: number }): Promise<Page<ApiKey>> {
  return paginate(db.selectFrom('api_keys').selectAll().where('program_id', '=', programId), 'id', page, toApiKey)
}
