// Bounties: a partner sends proof of a task from the portal; the program approves it (a bonus commission
// through the ledger, once per submission) or rejects it with a reason, and the partner is told.
//
// Exactly once and within the caps: a submission and every review of one bounty take the bounty's lock
// (bounty-queries.ts) and then count, so two managers approving together, or twenty approvals racing for
// the last place under the cap, are decided one after the other; the submission moves on only from the
// status it was read in, and its commission id is unique. Approving an approved submission answers it as
// it is, with its one commission.
import type { BountySubmission, ListSubmissionsQuery, Page, PortalBounty, PortalSubmission, RejectSubmissionInput, SubmitProofInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { transact } from '../kernel/events.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { formatMoney } from '../kernel/money.ts'
import { creditBonus } from '../ledger/index.ts'
import { notifyPartner } from '../messaging/index.ts'
import type { PortalSession } from '../portal/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { bonusSentence, challengeStatus } from './challenge-rules.ts'
import { approveProblem, bountyCaps, deadlineOf, submissionMove, submitProblem } from './bounty-rules.ts'
import {
  bountyCounts,
  findQueuedSubmission,
  findSubmission,
  insertSubmission,
  lockBounty,
  moveSubmission,
  partnerSubmissions,
  partnerSubmissionsPage,
  type SubmissionRow,
  submissionsPage,
  toPortalSubmission,
} from './bounty-queries.ts'
import { type ChallengeRow, findChallenge } from './queries.ts'
import { findPartnerStatus } from './reward-queries.ts'
import { bonusOf, isEligible } from './rewards.ts'

type Page_ = { cursor?: string | undefined; limit: number }

const statusOf = (c: ChallengeRow, now: Date) => challengeStatus({ startsAt: c.starts_at, endsAt: c.ends_at, archivedAt: c.archived_at }, now)

/** The bounty, if the partner takes part in it; else not found (a partner does not learn of others' bounties). */
async function partnersBounty(db: Db | Tx, session: PortalSession, challengeId: string, now: Date): Promise<ChallengeRow> {
  const c = await findChallenge(db, session.program.id, challengeId)
  if (!c || c.metric !== 'bounty' || !(await isEligible(db, c, session.partner.id, now))) throw notFound('Bounty')
  return c
}

/** Sends proof for a bounty the partner takes part in; 409 when it is closed or the partner's caps are reached. */
export async function submitProof(db: Db, session: PortalSession, challengeId: string, input: SubmitProofInput, now: Date): Promise<PortalSubmission> {
  const { program, partner } = session
  return transact(db, async (tx) => {
    await partnersBounty(tx, session, challengeId, now)
    await lockBounty(tx, program.id, challengeId)
    const c = await partnersBounty(tx, session, challengeId, now)
    const problem = submitProblem(statusOf(c, now), bountyCaps(c), await bountyCounts(tx, c.id, partner.id))
    if (problem) throw conflict(problem, 'challengeId')
    const at = now.toISOString()
    const row: SubmissionRow = {
      id: newId('sub', now.getTime()),
      program_id: program.id,
      challenge_id: c.id,
      partner_id: partner.id,
      url: input.url ?? null,
      text: input.text ?? null,
      file_url: input.fileUrl ?? null,
      status: 'pending',
      reason: null,
      commission_id: null,
      created_at: at,
      updated_at: at,
      decided_at: null,
    }
    await insertSubmission(tx, row)
    // The program's backend hears of proof to review (webhooks), as of a registered deal.
    await emitEvent(tx, program.id, 'submission.created', (await findQueuedSubmission(tx, program.id, row.id))!, now)
    return toPortalSubmission(row)
  })
}

/** A page of the partner's own submissions to the bounty, newest first. */
export async function listPortalSubmissions(db: Db, session: PortalSession, challengeId: string, page: { cursor?: string | undefined; limit: number }, now: Date): Promise<Page<PortalSubmission>> {
  const c = await partnersBounty(db, session, challengeId, now)
  return partnerSubmissionsPage(db, session.program.id, session.partner.id, c.id, page, toPortalSubmission)
}

/** Takes back a pending submission; repeating it answers the same. 409 once it was reviewed. */
export async function withdrawSubmission(db: Db, session: PortalSession, challengeId: string, id: string, now: Date): Promise<PortalSubmission> {
  return transact(db, async (tx) => {
    const mine = (r: SubmissionRow | undefined): r is SubmissionRow => !!r && r.partner_id === session.partner.id && r.challenge_id === challengeId
    if (!mine(await findSubmission(tx, session.program.id, id))) throw notFound('Submission')
    await lockBounty(tx, session.program.id, challengeId)
    const row = await findSubmission(tx, session.program.id, id)
    if (!mine(row)) throw notFound('Submission')
    const move = submissionMove(row.status, 'withdraw')
    if ('repeat' in move) return toPortalSubmission(row)
    if ('error' in move) throw conflict(move.error, 'status')
    const at = now.toISOString()
    return toPortalSubmission((await moveSubmission(tx, row, { status: move.to, updated_at: at, decided_at: at }))!)
  })
}

/**
 * What the portal shows of each bounty among `bounties`: its terms, the partner's approved count, whether
 * it may submit now, and its submissions.
 */
export async function portalBounties(db: Db, session: PortalSession, bounties: ChallengeRow[], now: Date): Promise<Map<string, PortalBounty>> {
  const mine = await partnerSubmissions(db, session.program.id, session.partner.id, bounties.map((c) => c.id))
  const out = new Map<string, PortalBounty>()
  for (const c of bounties) {
    const caps = bountyCaps(c)
    const counts = await bountyCounts(db, c.id, session.partner.id)
    out.set(c.id, {
      ...caps,
      deadline: deadlineOf(c.ends_at),
      approved: counts.partnerApproved,
      canSubmit: submitProblem(statusOf(c, now), caps, counts) === null,
      submissions: mine.filter((s) => s.challenge_id === c.id).map(toPortalSubmission),
    })
  }
  return out
}

/** The review queue: oldest first, pending unless `status` says otherwise. */
export function listSubmissions(db: Db, programId: string, q: ListSubmissionsQuery & Page_): Promise<Page<BountySubmission>> {
  return submissionsPage(db, programId, q)
}

export async function getSubmission(db: Db, programId: string, id: string): Promise<BountySubmission> {
  const s = await findQueuedSubmission(db, programId, id)
  if (!s) throw notFound('Submission')
  return s
}

/**
 * Approves a pending submission: its bonus commission through the ledger (waiting out the holding period
 * like any, within the program's and the bounty's budgets, with its decision record), the partner's notice
 * and an audit entry, in one transaction. 409 when a cap is reached, the bounty is archived or the partner
 * suspended. Approving it again answers it as it is: paid once.
 */
export async function approveSubmission(db: Db, program: ProgramRow, id: string, audit: AuditContext): Promise<BountySubmission> {
  const now = audit.at
  return review(db, program.id, id, 'approve', async (tx, row, c) => {
    const problem = approveProblem(statusOf(c, now), bountyCaps(c), await bountyCounts(tx, c.id, row.partner_id))
    if (problem) throw conflict(problem.message, problem.field)
    const partner = await findPartnerStatus(tx, program.id, row.partner_id)
    if (!partner || partner.status === 'suspended') throw conflict('The partner is suspended: approving would pay them', 'partnerId')
    // Within the program's and the bounty's budgets, as every bonus (the ledger's creditBonus)
    const approval = { kind: 'submission' as const, submissionId: row.id, submittedAt: row.created_at, approvedAt: now.toISOString(), approvedBy: audit.actor }
    const commission = await creditBonus(tx, program, row.partner_id, { ...bonusOf(c), ...approval }, now)
    const money = formatMoney(commission.amount_minor, commission.currency)
    return {
      set: { commission_id: commission.id, reason: null },
      notice: { subject: `Bounty approved: ${c.name}`, body: `Your submission to the "${c.name}" bounty was approved. ${bonusSentence(money, commission.status)}` },
    }
  }, audit)
}

/** Rejects a pending submission with a reason the partner is told. Rejecting it again answers it as it is. */
export async function rejectSubmission(db: Db, programId: string, id: string, input: RejectSubmissionInput, audit: AuditContext): Promise<BountySubmission> {
  return review(db, programId, id, 'reject', async (_tx, _row, c) => ({
    set: { reason: input.reason },
    notice: { subject: `Bounty submission not approved: ${c.name}`, body: `Your submission to the "${c.name}" bounty was not approved: ${input.reason}` },
  }), audit)
}

/** One review under the bounty's lock: the move, the action's writes, the partner's notice, the audit entry. */
async function review(
  db: Db,
  programId: string,
  id: string,
  action: 'approve' | 'reject',
  decide: (tx: Tx, row: SubmissionRow, c: ChallengeRow) => Promise<{ set: { commission_id?: string; reason: string | null }; notice: { subject: string; body: string } }>,
  audit: AuditContext,
): Promise<BountySubmission> {
  const at = audit.at.toISOString()
  return transact(db, async (tx) => {
    const first = await findSubmission(tx, programId, id)
    if (!first) throw notFound('Submission')
    await lockBounty(tx, programId, first.challenge_id)
    const row = (await findSubmission(tx, programId, id))!
    const move = submissionMove(row.status, action)
    if ('repeat' in move) return (await findQueuedSubmission(tx, programId, id))!
    if ('error' in move) throw conflict(move.error, 'status')
    const c = (await findChallenge(tx, programId, row.challenge_id))!
    const { set, notice } = await decide(tx, row, c)
    const moved = await moveSubmission(tx, row, { ...set, status: move.to, updated_at: at, decided_at: at })
    if (!moved) throw conflict('The submission changed meanwhile; read it again', 'status')
    await recordAudit(tx, programId, audit, {
      action: action === 'approve' ? 'submission.approved' : 'submission.rejected',
      subject: { type: 'submission', id },
      before: { status: row.status },
      after: { status: moved.status, challengeId: c.id, partnerId: row.partner_id, ...(set.commission_id ? { commissionId: set.commission_id } : { reason: set.reason }) },
    })
    await notifyPartner(tx, { programId, partnerId: row.partner_id, kind: 'bounty_update', ...notice }, audit.at)
    const decided = (await findQueuedSubmission(tx, programId, id))!
    await emitEvent(tx, programId, action === 'approve' ? 'submission.approved' : 'submission.rejected', decided, audit.at)
    return decided
  })
}
