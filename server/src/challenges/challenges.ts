// Challenges: the program's CRUD and leaderboard, and the partner's view with its own progress.
// Paying rewards is rewards.ts; reads settle what is due first (click challenges are never
// checked on the click's hot path), so a partner who has met a target sees it paid.
import type {
  Challenge,
  ChallengeDetail,
  ChallengeStanding,
  CreateBountyInput,
  CreateChallengeInput,
  ListChallengesQuery,
  Page,
  PortalChallenge,
  UpdateChallengeInput,
} from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { transact } from '../kernel/events.ts'
import { challengeStatus, createProblem, percentOf, rankStandings, updateProblem } from './challenge-rules.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import {
  archiveChallengeRow,
  type ChallengeRow,
  challengesPage,
  findChallenge,
  findLiveSegment,
  insertChallenge,
  partnerContacts,
  progressByPartner,
  startedChallenges,
  toChallenge,
  updateChallengeIfUnchanged,
} from './queries.ts'
import { challengeRewards, findReward, partnerRewards } from './reward-queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import { eligiblePartners, isEligible, settleChallenge } from './rewards.ts'
import { portalBounties } from './bounties.ts'
import { lockBounty } from './bounty-queries.ts'
import { DEFAULT_MAX_PER_PARTNER, NO_DEADLINE } from './bounty-rules.ts'
import type { PortalSession } from '../portal/index.ts'
import { partnerCommissionsByIds } from '../ledger/index.ts'
import { unknownReference } from '../kernel/http/references.ts'

type Page_ = { cursor?: string | undefined; limit: number }

/** Most challenges a partner sees in the portal: the running ones, then the latest ended. */
const PORTAL_MAX = 50

/** A goal challenge, or a bounty (`metric: 'bounty'`: its target is how many approvals one partner may have). */
export async function createChallenge(db: Db, programId: string, input: CreateChallengeInput | CreateBountyInput, audit: AuditContext): Promise<Challenge> {
  const now = audit.at
  if (input.segmentId) await checkSegment(db, programId, input.segmentId)
  const at = now.toISOString()
  const kind =
    input.metric === 'bounty'
      ? {
          metric: input.metric,
          target: input.maxPerPartner ?? DEFAULT_MAX_PER_PARTNER,
          currency: null,
          starts_at: input.startsAt ?? at,
          ends_at: input.endsAt ?? NO_DEADLINE,
          max_per_partner: input.maxPerPartner ?? DEFAULT_MAX_PER_PARTNER,
          max_approved: input.maxApproved ?? null,
        }
      : { metric: input.metric, target: input.target, currency: input.currency ?? null, starts_at: input.startsAt, ends_at: input.endsAt, max_per_partner: null, max_approved: null }
  const problem = createProblem({ metric: kind.metric, currency: kind.currency, startsAt: kind.starts_at, endsAt: kind.ends_at })
  if (problem) throw badRequest(`${problem.field}: ${problem.message}`, problem.field)
  const row: ChallengeRow = {
    id: newId('chl', now.getTime()),
    program_id: programId,
    name: input.name,
    description: input.description ?? null,
    ...kind,
    segment_id: input.segmentId ?? null,
    reward_minor: input.reward.amountMinor,
    reward_currency: input.reward.currency,
    created_at: at,
    updated_at: at,
    archived_at: null,
    settled_at: null,
  }
  const challenge = toChallenge(row, now)
  await transact(db, async (tx) => {
    await insertChallenge(tx, row)
    await recordAudit(tx, programId, audit, { action: 'challenge.created', subject: { type: 'challenge', id: row.id }, before: null, after: audited(challenge) })
  })
  return challenge
}

/**
 * What the audit log keeps of a challenge: its API shape but for what moves without a change (its status,
 * which the clock moves, and the touch time), so an unchanged challenge's before and after are equal.
 */
const audited = ({ id: _id, status: _s, createdAt: _c, updatedAt: _u, ...terms }: Challenge) => terms

/** Newest first; `status` filters by where each stands now. */
export function listChallenges(db: Db, programId: string, q: ListChallengesQuery & Page_, now: Date): Promise<Page<Challenge>> {
  return challengesPage(db, programId, q, now)
}

/**
 * The challenge with its leaderboard: eligible partners (the segment's members now, or everyone) with any
 * progress, and everyone already paid, best first. Pays whoever has met the target and was not paid yet.
 */
export async function getChallenge(db: Db, program: ProgramRow, id: string, q: { limit: number }, now: Date): Promise<ChallengeDetail> {
  const c = await findChallenge(db, program.id, id)
  if (!c) throw notFound('Challenge')
  await settleChallenge(db, program, c, now)
  const [progress, members, rewards] = await Promise.all([
    progressByPartner(db, c),
    eligiblePartners(db, c, now),
    challengeRewards(db, c.id),
  ])
  const paid = new Map(rewards.map((r) => [r.partner_id, r]))
  const standings = new Map<string, { partnerId: string; progress: number; metAt: string | null; commissionId: string | null }>()
  for (const [partnerId, value] of progress) {
    if (value > 0 && (!members || members.has(partnerId))) standings.set(partnerId, { partnerId, progress: value, metAt: null, commissionId: null })
  }
  for (const [partnerId, r] of paid) {
    const s = standings.get(partnerId)
    standings.set(partnerId, { partnerId, progress: s?.progress ?? progress.get(partnerId) ?? Number(r.progress), metAt: r.met_at, commissionId: r.commission_id })
  }
  const top = rankStandings([...standings.values()]).slice(0, q.limit)
  const partners = top.length ? await partnerContacts(db, program.id, top.map((s) => s.partnerId)) : []
  const who = new Map(partners.map((p) => [p.id, p]))
  const leaderboard: ChallengeStanding[] = top.map((s) => ({ ...s, partnerName: who.get(s.partnerId)?.name ?? null, partnerEmail: who.get(s.partnerId)?.email ?? '' }))
  // A bounty pays no reward row: it has met its goal for the partners at their cap.
  const metCount = c.metric === 'bounty' ? [...standings.values()].filter((s) => s.progress >= Number(c.target)).length : paid.size
  return { ...toChallenge(c, now), participants: standings.size, metCount, leaderboard }
}

/**
 * Changes a challenge. A bounty's change takes the bounty's lock (bounty-queries.ts), as submissions and
 * reviews do, so it waits for those in flight and every one after it counts against the caps and deadline
 * it set: a cap lowered while approvals race is held exactly.
 */
export async function updateChallenge(db: Db, programId: string, id: string, patch: UpdateChallengeInput, audit: AuditContext): Promise<Challenge> {
  const now = audit.at
  if (patch.segmentId) await checkSegment(db, programId, patch.segmentId)
  return transact(db, async (tx) => {
    const c = await lockedChallenge(tx, programId, id)
    const before = toChallenge(c, now)
    const after = toChallenge(await changeChallenge(tx, c, patch, now), now)
    await recordAudit(tx, programId, audit, { action: 'challenge.changed', subject: { type: 'challenge', id }, before: audited(before), after: audited(after) })
    return after
  })
}

/** The challenge, read under its bounty's lock when it is a bounty. */
async function lockedChallenge(tx: Tx, programId: string, id: string): Promise<ChallengeRow> {
  const c = await findChallenge(tx, programId, id)
  if (!c) throw notFound('Challenge')
  if (c.metric !== 'bounty') return c
  await lockBounty(tx, programId, id)
  return (await findChallenge(tx, programId, id))!
}

async function changeChallenge(tx: Tx, c: ChallengeRow, patch: UpdateChallengeInput, now: Date): Promise<ChallengeRow> {
  const problem = updateProblem(
    { name: c.name, metric: c.metric, target: Number(c.target), currency: c.currency, startsAt: c.starts_at, endsAt: c.ends_at, archivedAt: c.archived_at },
    patch,
    now,
  )
  if (problem) throw problem.conflict ? conflict(`${problem.field}: ${problem.message}`, problem.field) : badRequest(`${problem.field}: ${problem.message}`, problem.field)
  const set = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.target !== undefined && { target: patch.target }),
    // A bounty's target is its per-partner cap: the two change together.
    ...(patch.maxPerPartner !== undefined && { max_per_partner: patch.maxPerPartner, target: patch.maxPerPartner }),
    ...(patch.maxApproved !== undefined && { max_approved: patch.maxApproved }),
    ...(patch.startsAt !== undefined && { starts_at: patch.startsAt }),
    ...(patch.endsAt !== undefined && { ends_at: patch.endsAt, settled_at: null }),
    ...(patch.segmentId !== undefined && { segment_id: patch.segmentId }),
    ...(patch.reward !== undefined && { reward_minor: patch.reward.amountMinor, reward_currency: patch.reward.currency }),
    updated_at: now.toISOString(),
  }
  // Conditional on what was checked: a concurrent start or archive makes this a 409, not a silent change.
  const row = await updateChallengeIfUnchanged(tx, c.program_id, c.id, c.starts_at, set)
  if (!row) throw conflict('The challenge changed meanwhile; read it again', 'id')
  return row
}

/**
 * Withdraws a challenge: no more progress is paid. Rewards already paid stay in the ledger. Repeating it
 * answers the same. A bounty's archive waits for its reviews in flight (its lock): none pays after it.
 */
export async function archiveChallenge(db: Db, programId: string, id: string, audit: AuditContext): Promise<Challenge> {
  const now = audit.at
  const at = now.toISOString()
  return transact(db, async (tx) => {
    const before = toChallenge(await lockedChallenge(tx, programId, id), now)
    await archiveChallengeRow(tx, programId, id, at)
    const after = toChallenge((await findChallenge(tx, programId, id))!, now)
    await recordAudit(tx, programId, audit, { action: 'challenge.archived', subject: { type: 'challenge', id }, before: audited(before), after: audited(after) })
    return after
  })
}

/**
 * The challenges a partner takes part in (running or ended, not archived), with its progress; and any it
 * was paid for even if it has left the segment since. Pays a met target not yet paid (clicks).
 */
export async function listPortalChallenges(db: Db, session: PortalSession, now: Date): Promise<{ data: PortalChallenge[] }> {
  const { program, partner } = session
  const at = now.toISOString()
  const rows = await startedChallenges(db, program.id, at)
  const rewards = new Map((await partnerRewards(db, program.id, partner.id)).map((r) => [r.challenge_id, r]))
  const shown: ChallengeRow[] = []
  for (const c of rows) if (rewards.has(c.id) || (await isEligible(db, c, partner.id, now))) shown.push(c)
  const bounties = await portalBounties(db, session, shown.filter((c) => c.metric === 'bounty'), now)
  const out: PortalChallenge[] = []
  for (const c of shown) {
    const bounty = bounties.get(c.id)
    const progress = bounty ? bounty.approved : ((await progressByPartner(db, c, partner.id)).get(partner.id) ?? 0)
    if (!bounty && !rewards.has(c.id) && progress >= Number(c.target)) {
      await settleChallenge(db, program, c, now, partner.id)
      const paid = await findReward(db, c.id, partner.id)
      if (paid) rewards.set(c.id, paid)
    }
    const status = challengeStatus({ startsAt: c.starts_at, endsAt: c.ends_at, archivedAt: null }, now) as PortalChallenge['status']
    out.push({
      id: c.id,
      name: c.name,
      description: c.description,
      metric: c.metric,
      target: Number(c.target),
      currency: c.currency,
      startsAt: c.starts_at,
      endsAt: c.ends_at,
      status,
      reward: { amountMinor: Number(c.reward_minor), currency: c.reward_currency },
      progress,
      percent: percentOf(progress, Number(c.target)),
      metAt: rewards.get(c.id)?.met_at ?? null,
      earned: null,
      ...(bounty && { bounty }),
    })
  }
  // What each met target credited: its bonus as written (a budget may have cut or held it)
  const bonuses = new Map((await partnerCommissionsByIds(db, program.id, partner.id, [...rewards.values()].flatMap((r) => r.commission_id ?? []))).map((b) => [b.id, b]))
  for (const c of out) {
    const bonus = bonuses.get(rewards.get(c.id)?.commission_id ?? '')
    if (bonus) c.earned = { commissionId: bonus.id, amountMinor: bonus.amountMinor, currency: bonus.currency, status: bonus.status }
  }
  // Running ones first (soonest to end first), then ended ones (latest first).
  const active = out.filter((c) => c.status === 'active').sort((a, b) => (a.endsAt < b.endsAt ? -1 : a.endsAt > b.endsAt ? 1 : 0))
  const ended = out.filter((c) => c.status !== 'active')
  return { data: [...active, ...ended].slice(0, PORTAL_MAX) }
}

async function checkSegment(db: Db, programId: string, segmentId: string): Promise<void> {
  const seg = await findLiveSegment(db, programId, segmentId)
  if (!seg) throw unknownReference('segment', segmentId, 'segmentId')
}
