// Challenge rewards: one row per (challenge, partner) paid, its bonus commission, and the lock and reads
// that paying it exactly once relies on (rewards.ts explains the order).
import { sql } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { ChallengeRewardTable } from '../kernel/db/schema.ts'

/** Everyone the challenge has paid, for its leaderboard. */
export function challengeRewards(db: Db, challengeId: string) {
  return db.selectFrom('challenge_rewards').select(['partner_id', 'met_at', 'commission_id', 'progress']).where('challenge_id', '=', challengeId).execute()
}

/** When the partner met each challenge it was paid for, and its bonus. */
export function partnerRewards(db: Db, programId: string, partnerId: string) {
  return db.selectFrom('challenge_rewards').select(['challenge_id', 'met_at', 'commission_id']).where('program_id', '=', programId).where('partner_id', '=', partnerId).execute()
}

/** The partner's reward for the challenge, if paid. */
export function findReward(db: Db, challengeId: string, partnerId: string) {
  return db.selectFrom('challenge_rewards').select(['challenge_id', 'met_at', 'commission_id']).where('challenge_id', '=', challengeId).where('partner_id', '=', partnerId).executeTakeFirst()
}

/** The partners the challenge has paid (or whether `partnerId` was). */
export async function paidPartnerIds(db: Db, challengeId: string, partnerId?: string): Promise<Set<string>> {
  let q = db.selectFrom('challenge_rewards').select('partner_id').where('challenge_id', '=', challengeId)
  if (partnerId) q = q.where('partner_id', '=', partnerId)
  return new Set((await q.execute()).map((r) => r.partner_id))
}

/**
 * Holds (challenge, partner) until the transaction ends, so checks running together count one after the
 * other. Postgres only: SQLite runs one writer at a time.
 */
export async function lockChallengePartner(tx: Tx, challengeId: string, partnerId: string): Promise<void> {
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtext(${challengeId}), hashtext(${partnerId}))`.execute(tx)
}

export function findPartnerStatus(tx: Tx, programId: string, partnerId: string) {
  return tx.selectFrom('partners').select(['id', 'status']).where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
}

/** Inserts the reward row unless the partner has one for the challenge: its id, or undefined when paid already. */
export function insertReward(tx: Tx, row: ChallengeRewardTable) {
  return tx.insertInto('challenge_rewards').values(row).onConflict((oc) => oc.columns(['challenge_id', 'partner_id']).doNothing()).returning('id').executeTakeFirst()
}

export async function setRewardCommission(tx: Tx, rewardId: string, commissionId: string): Promise<void> {
  await tx.updateTable('challenge_rewards').set({ commission_id: commissionId }).where('id', '=', rewardId).execute()
}
