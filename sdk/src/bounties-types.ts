// Bounties: a challenge kind (metric 'bounty') where a partner sends proof of a task (a post, a video, a
// review) and the program approves it (a bonus through the commission ledger, once per submission) or
// rejects it with a reason.
import type { Id, PageQuery } from './types.ts'

/** A bounty's terms, on its challenge. */
export interface BountyTerms {
  /** Approved submissions one partner may have (default 1) */
  maxPerPartner: number
  /** Approved submissions in all; null: no overall cap */
  maxApproved: number | null
  /** Submissions are taken until then; null: no deadline (the challenge's `endsAt` is then 9999-12-31T23:59:59.999Z) */
  deadline: string | null
}

/**
 * A new bounty, `POST /v1/challenges` with `metric: 'bounty'`. It pays `reward` for each approved submission.
 * @example { metric: 'bounty', name: 'Review us on G2', description: 'Post a review and send its link.', reward: { amountMinor: 5000, currency: 'USD' } }
 */
export interface CreateBountyInput {
  metric: 'bounty'
  name: string
  /** What to do and what proof to send */
  description?: string | null | undefined
  reward: { amountMinor: number; currency: string }
  /** When submissions open: a date or timestamp (default: now) */
  startsAt?: string | undefined
  /** The deadline; omitted or null: none */
  endsAt?: string | null | undefined
  /** Only partners in this segment take part; null: every partner */
  segmentId?: Id | null | undefined
  /** 1..1000, default 1 */
  maxPerPartner?: number | undefined
  /** Overall cap on approved submissions; null: none */
  maxApproved?: number | null | undefined
}

/** pending: waiting for review. approved: paid (`commissionId`). rejected: with a `reason`. withdrawn: by the partner while pending. */
export type SubmissionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'

/** Proof of the task: a web address, some text, or both; a link to a file is optional. */
export interface SubmitProofInput {
  /** http(s), up to 2048 characters */
  url?: string | undefined
  /** up to 2000 characters */
  text?: string | undefined
  /** A link to a file (http(s)): a screenshot, a document */
  fileUrl?: string | undefined
}

/** `GET /v1/portal/challenges/:id/submissions`: a page of the partner's own, newest first. */
export type PortalSubmissionsQuery = PageQuery

/** A submission as its partner sees it. */
export interface PortalSubmission {
  id: Id
  challengeId: Id
  url: string | null
  text: string | null
  fileUrl: string | null
  status: SubmissionStatus
  /** Why it was rejected */
  reason: string | null
  /** The bonus commission of an approved submission */
  commissionId: Id | null
  createdAt: string
  decidedAt: string | null
}

/** A submission in the program's review queue. */
export interface BountySubmission extends PortalSubmission {
  partnerId: Id
  partnerName: string | null
  partnerEmail: string
  challengeName: string
  reward: { amountMinor: number; currency: string }
}

/** `GET /v1/bounty-submissions`: oldest first (a queue); `status` defaults to pending. */
export interface ListSubmissionsQuery extends PageQuery {
  status?: SubmissionStatus | undefined
  challengeId?: Id | undefined
  partnerId?: Id | undefined
}

export interface RejectSubmissionInput {
  /** Told to the partner */
  reason: string
}

/** A bounty in the portal: its terms, where the partner stands, and its own submissions (newest first). */
export interface PortalBounty extends BountyTerms {
  /** The partner's approved submissions */
  approved: number
  /** Whether the partner may submit now (open, under its caps, nothing pending beyond them) */
  canSubmit: boolean
  submissions: PortalSubmission[]
}
