// The console overview's figures, one aggregate query each; `from` null counts all time.
import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'

const n = sql<number>`count(*)`.as('n')

export function partnersByStatus(db: Db, programId: string) {
  return db.selectFrom('partners').select(['status', n]).where('program_id', '=', programId).groupBy('status').execute()
}

export function partnersJoined(db: Db, programId: string, from: string | null) {
  return db.selectFrom('partners').select(n).where('program_id', '=', programId).$if(from !== null, (q) => q.where('created_at', '>=', from!)).executeTakeFirstOrThrow()
}

export function clicksSince(db: Db, programId: string, from: string | null) {
  return db.selectFrom('clicks').select(n).where('program_id', '=', programId).$if(from !== null, (q) => q.where('created_at', '>=', from!)).executeTakeFirstOrThrow()
}

/** Customers credited to a partner */
export function creditedLeadsSince(db: Db, programId: string, from: string | null) {
  return db
    .selectFrom('customers')
    .select(n)
    .where('program_id', '=', programId)
    .where('partner_id', 'is not', null)
    .$if(from !== null, (q) => q.where('created_at', '>=', from!))
    .executeTakeFirstOrThrow()
}

/** Credited sales not fully refunded, and their net revenue, per currency */
export function creditedSalesSince(db: Db, programId: string, from: string | null) {
  return db
    .selectFrom('sales')
    .select([
      'currency',
      sql<number>`sum(case when refunded_minor < amount_minor then 1 else 0 end)`.as('sales'),
      sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`.as('revenue'),
    ])
    .where('program_id', '=', programId)
    .where('partner_id', 'is not', null)
    .$if(from !== null, (q) => q.where('occurred_at', '>=', from!))
    .groupBy('currency')
    .orderBy('currency')
    .execute()
}

export function pendingApplications(db: Db, programId: string) {
  return db.selectFrom('applications').select(n).where('program_id', '=', programId).where('status', '=', 'pending').executeTakeFirstOrThrow()
}

export function pendingDeals(db: Db, programId: string) {
  return db.selectFrom('deals').select(n).where('program_id', '=', programId).where('status', '=', 'pending').executeTakeFirstOrThrow()
}
