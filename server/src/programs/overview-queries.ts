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

export function pendingApplications(db: Db, programId: string) {
  return db.selectFrom('applications').select(n).where('program_id', '=', programId).where('status', '=', 'pending').executeTakeFirstOrThrow()
}

export function pendingDeals(db: Db, programId: string) {
  return db.selectFrom('deals').select(n).where('program_id', '=', programId).where('status', '=', 'pending').executeTakeFirstOrThrow()
}

export function pendingClaims(db: Db, programId: string) {
  return db.selectFrom('claims').select(n).where('program_id', '=', programId).where('status', '=', 'pending').executeTakeFirstOrThrow()
}

export function pendingSubmissions(db: Db, programId: string) {
  return db.selectFrom('challenge_submissions').select(n).where('program_id', '=', programId).where('status', '=', 'pending').executeTakeFirstOrThrow()
}
