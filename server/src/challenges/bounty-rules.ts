// Bounties as values: their terms, when a partner may submit proof, what proof is, the submission's
// status machine, and the caps an approval must respect. The service counts in SQL, under a lock, and
// asks these.
import type { ChallengeStatus, SubmissionStatus } from '@afflio/sdk/types'

/** A bounty without a deadline ends here, so the challenge's window rules hold unchanged. */
export const NO_DEADLINE = '9999-12-31T23:59:59.999Z'
export const DEFAULT_MAX_PER_PARTNER = 1
/** Most characters of a submission's text. */
export const PROOF_TEXT_MAX = 2000

export interface BountyCaps {
  maxPerPartner: number
  /** null: no overall cap */
  maxApproved: number | null
}

/** What is already there when a partner submits or a submission is approved (read under the bounty's lock). */
export interface BountyCounts {
  /** the partner's approved submissions */
  partnerApproved: number
  /** the partner's pending submissions */
  partnerPending: number
  /** everyone's approved submissions */
  totalApproved: number
}

/** A bounty's caps from its columns: one approved submission per partner unless it says otherwise. */
export function bountyCaps(c: { max_per_partner: number | null; max_approved: number | null }): BountyCaps {
  return { maxPerPartner: Number(c.max_per_partner ?? DEFAULT_MAX_PER_PARTNER), maxApproved: c.max_approved === null ? null : Number(c.max_approved) }
}

/** The deadline as the API shows it: null when there is none. */
export function deadlineOf(endsAt: string): string | null {
  return endsAt === NO_DEADLINE ? null : endsAt
}

/**
 * Whether `s` is a web address a manager can open: http or https with a host, no spaces.
 *
 * @example isWebAddress('https://youtu.be/abc') // true
 * @example isWebAddress('javascript:alert(1)') // false
 */
export function isWebAddress(s: string): boolean {
  if (/\s/.test(s)) return false
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0
  } catch {
    return false
  }
}

/** Proof needs something to look at: a web address or some text (a file link alone says nothing). */
export function proofProblem(p: { url?: string | undefined; text?: string | undefined }): { field: string; message: string } | null {
  if (!p.url && !p.text) return { field: 'url', message: 'send a web address or some text as proof' }
  return null
}

/**
 * Why the partner may not submit proof now, or null when it may. A bounty takes submissions while it runs;
 * a partner stops at `maxPerPartner` approved ones, and may not have more waiting than it could still be
 * paid for (withdraw one, or wait for the review); everyone stops when the overall cap is reached.
 *
 * @example submitProblem('active', { maxPerPartner: 1, maxApproved: null }, { partnerApproved: 0, partnerPending: 1, totalApproved: 0 })
 * // 'Your submission is waiting for review: withdraw it or wait for the decision'
 */
export function submitProblem(status: ChallengeStatus, caps: BountyCaps, n: BountyCounts): string | null {
  if (status === 'scheduled') return 'This bounty is not open yet'
  if (status === 'ended') return 'This bounty has closed'
  if (status === 'archived') return 'This bounty was withdrawn'
  if (n.partnerApproved >= caps.maxPerPartner) return `You have ${n.partnerApproved} approved ${n.partnerApproved === 1 ? 'submission' : 'submissions'}: the most this bounty pays one partner`
  if (caps.maxApproved !== null && n.totalApproved >= caps.maxApproved) return 'This bounty has paid all the submissions it will'
  if (n.partnerApproved + n.partnerPending >= caps.maxPerPartner) {
    return n.partnerPending === 1 ? 'Your submission is waiting for review: withdraw it or wait for the decision' : 'Your submissions are waiting for review: withdraw one or wait for the decisions'
  }
  return null
}

/**
 * Why a pending submission may not be approved now (a cap reached), with the cap to blame; null when it
 * may. Approval is allowed after the deadline (the proof came in time) but not once the bounty is archived.
 * The caps in force are the ones read under the bounty's lock, which a change of them takes too. A cap
 * may be lowered below what is approved already: that is how a program closes a bounty early, at a number
 * racing approvals could not let it name exactly (a 409 would), and an approval is a payment that stands.
 * Approved submissions stay paid; nothing more is approved or sent.
 */
export function approveProblem(status: ChallengeStatus, caps: BountyCaps, n: Pick<BountyCounts, 'partnerApproved' | 'totalApproved'>): { field: string; message: string } | null {
  if (status === 'archived') return { field: 'challengeId', message: 'The bounty was archived: it pays nothing more' }
  if (n.partnerApproved >= caps.maxPerPartner) return { field: 'maxPerPartner', message: `The partner already has ${n.partnerApproved} approved: the bounty pays one partner at most ${caps.maxPerPartner}` }
  if (caps.maxApproved !== null && n.totalApproved >= caps.maxApproved) return { field: 'maxApproved', message: `The bounty has paid ${n.totalApproved} submissions: its cap is ${caps.maxApproved}` }
  return null
}

export type SubmissionAction = 'approve' | 'reject' | 'withdraw'

const MOVES: Record<SubmissionAction, SubmissionStatus> = { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' }

/**
 * The status machine: pending → approved | rejected | withdrawn, and nothing after. `repeat` is true when
 * the submission is already where the action leads (a retry: answer it as it is).
 *
 * @example submissionMove('rejected', 'approve') // { error: 'Only a pending submission can be approved; this one is rejected' }
 */
export function submissionMove(status: SubmissionStatus, action: SubmissionAction): { to: SubmissionStatus } | { repeat: true } | { error: string } {
  const to = MOVES[action]
  if (status === 'pending') return { to }
  if (status === to) return { repeat: true }
  return { error: `Only a pending submission can be ${to}; this one is ${status}` }
}
