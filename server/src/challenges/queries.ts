// Plain queries for challenges, and the one place a challenge row becomes its API shape. Rewards' SQL is
// in reward-queries.ts.
import type { Challenge, ListChallengesQuery, Page } from '@afflio/sdk/types'
import { type Selectable, sql, type Updateable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import { everyColumn, prepare } from '../kernel/db/prepared.ts'
import type { ChallengeTable } from '../kernel/db/schema.ts'
import { challengeStatus, clickDays } from './challenge-rules.ts'
import { clicksByPartner } from '../stats/index.ts'
import { approvedByPartner } from './bounty-queries.ts'
import { bountyCaps, deadlineOf } from './bounty-rules.ts'
import { creditedSales, netRevenue, unrefunded } from '../ledger/index.ts'

export type ChallengeRow = Selectable<ChallengeTable>

export function toChallenge(r: ChallengeRow, now: Date): Challenge {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    metric: r.metric,
    target: Number(r.target),
    currency: r.currency,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    segmentId: r.segment_id,
    reward: { amountMinor: Number(r.reward_minor), currency: r.reward_currency },
    status: challengeStatus({ startsAt: r.starts_at, endsAt: r.ends_at, archivedAt: r.archived_at }, now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
    ...(r.metric === 'bounty' && {
      bounty: { ...bountyCaps(r), deadline: deadlineOf(r.ends_at) },
    }),
  }
}

export async function findChallenge(db: Db | Tx, programId: string, id: string): Promise<ChallengeRow | undefined> {
  return db.selectFrom('challenges').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

export async function insertChallenge(db: Db, row: ChallengeRow): Promise<void> {
  await db.insertInto('challenges').values(row).execute()
}

/** Newest first; `status` filters by where each stands at `now`. */
export function challengesPage(db: Db, programId: string, q: ListChallengesQuery & { cursor?: string | undefined; limit: number }, now: Date): Promise<Page<Challenge>> {
  const at = now.toISOString()
  let query = db.selectFrom('challenges').selectAll().where('program_id', '=', programId)
  if (q.status === 'archived') query = query.where('archived_at', 'is not', null)
  else if (q.status) {
    query = query.where('archived_at', 'is', null)
    if (q.status === 'scheduled') query = query.where('starts_at', '>', at)
    if (q.status === 'active') query = query.where('starts_at', '<=', at).where('ends_at', '>', at)
    if (q.status === 'ended') query = query.where('ends_at', '<=', at)
  }
  return paginate(query, 'id', q, (r) => toChallenge(r, now))
}

/**
 * Changes a live challenge, only if it still starts when it did when the change was checked; undefined
 * when it was archived or moved meanwhile.
 */
export function updateChallengeIfUnchanged(db: Db | Tx, programId: string, id: string, startsAt: string, set: Updateable<ChallengeTable>): Promise<ChallengeRow | undefined> {
  return db
    .updateTable('challenges')
    .set(set)
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .where('starts_at', '=', startsAt)
    .returningAll()
    .executeTakeFirst()
}

/** Archives the challenge unless it is archived already. */
export async function archiveChallengeRow(db: Db | Tx, programId: string, id: string, at: string): Promise<void> {
  await db.updateTable('challenges').set({ archived_at: at, updated_at: at }).where('program_id', '=', programId).where('id', '=', id).where('archived_at', 'is', null).execute()
}

/** The program's live challenges started by `at`, latest end first (at most 200): what a partner may see. */
export function startedChallenges(db: Db, programId: string, at: string): Promise<ChallengeRow[]> {
  return db
    .selectFrom('challenges')
    .selectAll()
    .where('program_id', '=', programId)
    .where('archived_at', 'is', null)
    .where('starts_at', '<=', at)
    .orderBy('ends_at', 'desc')
    .limit(200)
    .execute()
}

/** Every program's live challenges started by `at` and not settled after their end: the maintenance pass's. */
export function unsettledChallenges(db: Db, at: string): Promise<ChallengeRow[]> {
  // Bounties are paid by review, never by a sweep.
  return db.selectFrom('challenges').selectAll().where('archived_at', 'is', null).where('settled_at', 'is', null).where('metric', '!=', 'bounty').where('starts_at', '<=', at).orderBy('id').execute()
}

/** Marks an ended challenge settled: the maintenance pass stops sweeping it. */
export async function markSettled(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('challenges').set({ settled_at: at }).where('id', '=', id).where('settled_at', 'is', null).execute()
}

/**
 * The program's live sales and revenue (in the sale's currency) challenges running when the sale happened
 * that have not paid the partner yet, in id order.
 */
// Prepared (kernel/db/prepared.ts): every credited sale's reaction runs it, and most find nothing.
const challengeColumns = everyColumn('challenges', ['id', 'program_id', 'name', 'description', 'metric', 'target', 'currency', 'starts_at', 'ends_at', 'segment_id', 'reward_minor', 'reward_currency', 'created_at', 'updated_at', 'archived_at', 'settled_at', 'max_per_partner', 'max_approved'] as const)
const openForSale = prepare<{ program_id: string; partner_id: string; currency: string; occurred_at: string }, ChallengeRow>((db, arg) =>
  db
    .selectFrom('challenges')
    .select(challengeColumns)
    .where('program_id', '=', arg('program_id'))
    .where('archived_at', 'is', null)
    .where('starts_at', '<=', arg('occurred_at'))
    .where('ends_at', '>', arg('occurred_at'))
    .where((eb) => eb.or([eb('metric', '=', 'sales'), eb.and([eb('metric', '=', 'revenue'), eb('currency', '=', arg('currency'))])]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('challenge_rewards').select('challenge_rewards.id').whereRef('challenge_rewards.challenge_id', '=', 'challenges.id').where('challenge_rewards.partner_id', '=', arg('partner_id')),
        ),
      ),
    )
    .orderBy('id'), // locks are taken in this order: two sales of one partner never wait on each other in a cycle
)

export async function openChallengesForSale(tx: Tx, programId: string, sale: { partnerId: string; currency: string; occurredAt: string }): Promise<ChallengeRow[]> {
  return (await openForSale.execute(tx, { program_id: programId, partner_id: sale.partnerId, currency: sale.currency, occurred_at: sale.occurredAt })).rows
}

/** The program's segment, unless deleted. */
export function findLiveSegment(db: Db, programId: string, segmentId: string) {
  return db.selectFrom('segments').select('id').where('program_id', '=', programId).where('id', '=', segmentId).where('deleted_at', 'is', null).executeTakeFirst()
}

/** The names and addresses of the program's partners among `ids`, for a leaderboard. */
export function partnerContacts(db: Db, programId: string, ids: string[]) {
  return db.selectFrom('partners').select(['id', 'name', 'email']).where('program_id', '=', programId).where('id', 'in', ids).execute()
}

/**
 * Progress per partner in the challenge's window [starts_at, ends_at), from the ledger's facts: credited
 * sales not fully refunded (by occurred_at), their net amount in the challenge's currency, or clicks (by
 * the days the window touches, from the daily rollups: clickDays).
 * A bounty's progress is its approved submissions. Partners with none are absent. `partnerId` narrows it
 * to one partner (an indexed lookup).
 */
export async function progressByPartner(db: Db | Tx, c: ChallengeRow, partnerId?: string): Promise<Map<string, number>> {
  if (c.metric === 'bounty') return approvedByPartner(db, c.id, partnerId)
  let rows: Array<{ partner_id: string | null; value: number | string | null }>
  if (c.metric === 'clicks') {
    rows = await clicksByPartner(db, c.program_id, clickDays({ startsAt: c.starts_at, endsAt: c.ends_at }), partnerId)
  } else {
    // A split sale is each of its partners' (the ledger's creditedSales): counted once by each, its revenue
    // by each partner's part.
    const sales = creditedSales(db, c.metric === 'revenue' ? ['amount_minor', 'refunded_minor'] : [], (q, partner) => {
      let own = unrefunded(q.where('sales.program_id', '=', c.program_id).where('sales.occurred_at', '>=', c.starts_at).where('sales.occurred_at', '<', c.ends_at))
      if (c.metric === 'revenue') own = own.where('sales.currency', '=', c.currency ?? '')
      return partnerId ? own.where(partner, '=', partnerId) : own
    })
    const value = c.metric === 'revenue' ? netRevenue : sql<number>`count(*)`
    rows = await db.selectFrom(sales.as('s')).select(['partner_id', value.as('value')]).groupBy('partner_id').execute()
  }
  return new Map(rows.filter((r) => r.partner_id !== null).map((r) => [r.partner_id!, Number(r.value ?? 0)]))
}
