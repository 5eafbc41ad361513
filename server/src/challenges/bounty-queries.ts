// Every statement on bounty submissions, the lock that makes a bounty's caps hold, and the one place a
// submission row becomes its API shapes.
import type { BountySubmission, ListSubmissionsQuery, Page, PortalSubmission } from '@afflio/sdk/types'
import { type Selectable, sql, type Updateable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { ChallengeSubmissionTable } from '../kernel/db/schema.ts'
import { type PageQuery, paginate } from '../kernel/db/page.ts'
import type { BountyCounts } from './bounty-rules.ts'

export type SubmissionRow = Selectable<ChallengeSubmissionTable>
type QueueRow = SubmissionRow & { challenge_name: string; reward_minor: number | string; reward_currency: string; partner_name: string | null; partner_email: string }

export function toPortalSubmission(r: SubmissionRow): PortalSubmission {
  return {
    id: r.id,
    challengeId: r.challenge_id,
    url: r.url,
    text: r.text,
    fileUrl: r.file_url,
    status: r.status,
    reason: r.reason,
    commissionId: r.commission_id,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  }
}

function toBountySubmission(r: QueueRow): BountySubmission {
  return {
    ...toPortalSubmission(r),
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    partnerEmail: r.partner_email,
    challengeName: r.challenge_name,
    reward: { amountMinor: Number(r.reward_minor), currency: r.reward_currency },
  }
}

/**
 * Submissions and reviews of one bounty take turns until the transaction ends, so its caps are counted
 * one writer after the other: an advisory lock on Postgres; SQLite has one writer already. Callers take it
 * only once the bounty is known to be the program's (and the partner's), then read it again.
 */
export async function lockBounty(tx: Tx, programId: string, challengeId: string): Promise<void> {
  // Keyed by program and bounty: a caller of one program can never take (or wait on) another program's lock.
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtext(${'afflio:bounty:' + programId}), hashtext(${challengeId}))`.execute(tx)
}

/** The bounty's approved submissions in all, and the partner's approved and pending ones. */
export async function bountyCounts(db: Db | Tx, challengeId: string, partnerId: string): Promise<BountyCounts> {
  const own = sql`partner_id = ${partnerId}`
  const r = await db
    .selectFrom('challenge_submissions')
    .select([
      sql<number | string | null>`sum(case when status = 'approved' and ${own} then 1 else 0 end)`.as('partner_approved'),
      sql<number | string | null>`sum(case when status = 'pending' and ${own} then 1 else 0 end)`.as('partner_pending'),
      sql<number | string | null>`sum(case when status = 'approved' then 1 else 0 end)`.as('total_approved'),
    ])
    .where('challenge_id', '=', challengeId)
    .where('status', 'in', ['approved', 'pending'])
    .executeTakeFirstOrThrow()
  return { partnerApproved: Number(r.partner_approved ?? 0), partnerPending: Number(r.partner_pending ?? 0), totalApproved: Number(r.total_approved ?? 0) }
}

/** Approved submissions per partner: a bounty's progress and leaderboard. */
export async function approvedByPartner(db: Db | Tx, challengeId: string, partnerId?: string): Promise<Map<string, number>> {
  let q = db.selectFrom('challenge_submissions').select(['partner_id', sql<number>`count(*)`.as('n')]).where('challenge_id', '=', challengeId).where('status', '=', 'approved')
  if (partnerId) q = q.where('partner_id', '=', partnerId)
  const rows = await q.groupBy('partner_id').execute()
  return new Map(rows.map((r) => [r.partner_id, Number(r.n)]))
}

export async function insertSubmission(tx: Tx, row: SubmissionRow): Promise<void> {
  await tx.insertInto('challenge_submissions').values(row).execute()
}

export function findSubmission(db: Db | Tx, programId: string, id: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('challenge_submissions').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

/** The partner's submissions to the bounties `challengeIds`, newest first. */
export function partnerSubmissions(db: Db, programId: string, partnerId: string, challengeIds: string[]): Promise<SubmissionRow[]> {
  if (challengeIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('challenge_submissions')
    .selectAll()
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('challenge_id', 'in', challengeIds)
    .orderBy('id', 'desc')
    .limit(500)
    .execute()
}

/** A page of the partner's submissions to one bounty, newest first. */
export function partnerSubmissionsPage<Out>(db: Db, programId: string, partnerId: string, challengeId: string, page: PageQuery, map: (row: SubmissionRow) => Out): Promise<Page<Out>> {
  const query = db.selectFrom('challenge_submissions').selectAll().where('program_id', '=', programId).where('partner_id', '=', partnerId).where('challenge_id', '=', challengeId)
  return paginate(query, 'id', page, map)
}

/** Moves a submission on only from the status it was read in; undefined when it moved meanwhile. */
export function moveSubmission(tx: Tx, row: SubmissionRow, set: Updateable<ChallengeSubmissionTable>): Promise<SubmissionRow | undefined> {
  return tx.updateTable('challenge_submissions').set(set).where('id', '=', row.id).where('status', '=', row.status).returningAll().executeTakeFirst()
}

/** Submissions of the program with their bounty's name and reward and their partner's name and address. */
function queued(db: Db | Tx, programId: string) {
  return db
    .selectFrom('challenge_submissions as s')
    .innerJoin('challenges as c', 'c.id', 's.challenge_id')
    .innerJoin('partners as p', 'p.id', 's.partner_id')
    .selectAll('s')
    .select(['c.name as challenge_name', 'c.reward_minor', 'c.reward_currency', 'p.name as partner_name', 'p.email as partner_email'])
    .where('s.program_id', '=', programId)
}

/** The review queue: oldest first (first come, first reviewed), by status (default pending), bounty and partner. */
export async function submissionsPage(db: Db, programId: string, q: ListSubmissionsQuery & { cursor?: string | undefined; limit: number }): Promise<Page<BountySubmission>> {
  let query = queued(db, programId)
    .where('s.status', '=', q.status ?? 'pending')
  if (q.challengeId) query = query.where('s.challenge_id', '=', q.challengeId)
  if (q.partnerId) query = query.where('s.partner_id', '=', q.partnerId)
  if (q.cursor) query = query.where('s.id', '>', q.cursor)
  const rows = await query.orderBy('s.id', 'asc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { data: page.map(toBountySubmission), nextCursor: more ? page[page.length - 1]!.id : null }
}

/** One submission with its bounty and partner, as the queue shows it. */
export async function findQueuedSubmission(db: Db | Tx, programId: string, id: string): Promise<BountySubmission | undefined> {
  const r = await queued(db, programId)
    .where('s.id', '=', id)
    .executeTakeFirst()
  return r && toBountySubmission(r)
}
