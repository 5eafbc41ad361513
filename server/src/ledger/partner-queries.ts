// Partners and groups as the ledger reads and places them: a partner's standing for pricing (locked),
// its group and pinned tier, and the program's placement of partners in groups and under recruiters.
import type { Updateable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { PartnerGroupTable, PartnerTable } from '../kernel/db/schema.ts'
import { type NameKey, nameKeys } from '../kernel/text-keys.ts'
import type { Recruiter } from './commission-rows.ts'

type Pricing = Pick<PartnerTable, 'id' | 'email' | 'group_id' | 'referred_by_id' | 'status' | 'tier_override'> & {
  /** The recruiter's status (null without one): a suspended recruiter earns no override */
  recruiter_status: PartnerTable['status'] | null
}

// Prepared (kernel/db/prepared.ts): every credited sale reads it. The recruiter's status by a subquery, not
// a join: Postgres locks no row on the nullable side of an outer join, and only the partner's is locked.
const pricingOf = prepare<{ id: string }, Pricing>((db, arg) =>
  db
    .selectFrom('partners as p')
    .select(['p.id', 'p.email', 'p.group_id', 'p.referred_by_id', 'p.status', 'p.tier_override'])
    .select((eb) => eb.selectFrom('partners as r').select('r.status').whereRef('r.id', '=', 'p.referred_by_id').as('recruiter_status'))
    .where('p.id', '=', arg('id'))
    .$if(isPostgres(db), (q) => q.forNoKeyUpdate()),
)

/** The partner's recruiter as the override reads it (commission-rows.ts's recruiterShare), or null. */
export function recruiterOf(p: Pricing): Recruiter | null {
  return p.referred_by_id === null ? null : { id: p.referred_by_id, status: p.recruiter_status! }
}

/**
 * What pricing a commission reads of the partner, under the partner's row lock until commit (Postgres).
 * NO KEY: inserts that reference the partner (its sales, taking KEY SHARE) are not blocked, so two sales
 * cannot deadlock. SQLite has one writer at a time already.
 */
export async function lockPartnerForPricing(tx: Tx, partnerId: string): Promise<Pricing> {
  const row = (await pricingOf.execute(tx, { id: partnerId })).rows[0]
  if (!row) throw new Error(`partner ${partnerId} not found`)
  return row
}

/** The program's partner's group and pinned tier, or undefined. */
export function partnerPlacement(db: Db, programId: string, partnerId: string) {
  return db.selectFrom('partners').select(['id', 'group_id', 'tier_override']).where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
}

/** One of the program's partners, or undefined. */
export function findPartner(db: Db, programId: string, partnerId: string) {
  return db.selectFrom('partners').selectAll().where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
}

/** One of the program's partners, locked until commit (Postgres; NO KEY: its sales may still be inserted), or undefined. */
export function lockPartner(tx: Tx, programId: string, partnerId: string) {
  return tx.selectFrom('partners').selectAll().where('program_id', '=', programId).where('id', '=', partnerId).$if(isPostgres(tx), (q) => q.forNoKeyUpdate()).executeTakeFirst()
}

/** One of the program's groups, or undefined. */
export function findGroup(db: Db, programId: string, groupId: string) {
  return db.selectFrom('partner_groups').selectAll().where('program_id', '=', programId).where('id', '=', groupId).executeTakeFirst()
}

export async function insertGroup(db: Db, row: PartnerGroupTable): Promise<void> {
  await db.insertInto('partner_groups').values(row).execute()
}

export async function updateGroupColumns(db: Db, groupId: string, set: Updateable<PartnerGroupTable>): Promise<void> {
  await db.updateTable('partner_groups').set(set).where('id', '=', groupId).execute()
}

export async function updatePartnerColumns(db: Db, partnerId: string, set: Omit<Updateable<PartnerTable>, NameKey>): Promise<void> {
  // The name's keys with the name (partners' searches and order read them).
  await db.updateTable('partners').set({ ...set, ...(set.name !== undefined && nameKeys(set.name)) }).where('id', '=', partnerId).execute()
}
