// Deal registration (a partner registers a prospect; the program approves, rejects, marks it won or lost)
// and challenges (a goal in a period, for a segment, with a bonus paid through the commission ledger).
import type { BountyTerms, CreateBountyInput, PortalBounty } from './bounties-types.ts'
import type { Commission, CommissionStatus, Id, PageQuery, Sale } from './types.ts'

// ---- Deals -------------------------------------------------------------------------------------

/**
 * pending: registered, waiting for the program. approved: the prospect is the partner's to close.
 * rejected: refused (with a reason). won: closed, a sale was recorded and credited to the partner. lost: closed without a sale.
 * pending → approved → won | lost; pending → rejected.
 */
export type DealStatus = 'pending' | 'approved' | 'rejected' | 'won' | 'lost'

/** Which field of a registration matched an earlier deal: the normalised company name, or a domain. */
export type DealDuplicateField = 'company' | 'companyDomain' | 'contactEmail'

/** A registered prospect, as the program sees it. */
export interface Deal {
  id: Id
  partnerId: Id
  company: string
  /** A host name (`acme.com`), normalised from whatever was given */
  companyDomain: string | null
  contactName: string
  contactEmail: string
  /** The deal's expected size, in minor units of `currency` */
  estimatedValueMinor: number | null
  currency: string | null
  notes: string | null
  status: DealStatus
  /**
   * Set when the registration matched an earlier open deal (another partner's pending one, or this
   * partner's own won one): the program decides. Null otherwise.
   */
  duplicateOf: Id | null
  duplicateField: DealDuplicateField | null
  /** Why the program rejected the deal, or why it was lost */
  reason: string | null
  /** The sale recorded when the deal was won */
  saleId: Id | null
  invoiceId: string | null
  createdAt: string
  updatedAt: string
  /** When it was approved or rejected */
  decidedAt: string | null
  /** When it was won or lost */
  closedAt: string | null
}

/** A deal as its partner sees it in the portal: no duplicate bookkeeping about other partners' deals. */
export type PortalDeal = Omit<Deal, 'partnerId' | 'duplicateOf' | 'duplicateField'>

/**
 * `POST /v1/portal/deals`. A prospect already approved for or won by another partner is refused with
 * 409 `conflict` (its `field` says which field matched); so is the partner's own open deal for it.
 * @example { company: 'Globex', contactName: 'Hank Scorpio', contactEmail: 'hank@globex.com', estimatedValueMinor: 1200000, currency: 'USD' }
 */
export interface RegisterDealInput {
  company: string
  contactName: string
  contactEmail: string
  /** The company's web address or domain; matched with the contact's email domain */
  companyDomain?: string | undefined
  estimatedValueMinor?: number | undefined
  /** Defaults to the program's currency when `estimatedValueMinor` is given */
  currency?: string | undefined
  notes?: string | undefined
}

export interface ListDealsQuery extends PageQuery {
  status?: DealStatus | undefined
  partnerId?: Id | undefined
}

export interface PortalDealsQuery extends PageQuery {
  status?: DealStatus | undefined
}

export interface RejectDealInput {
  reason: string
}

export interface MarkDealLostInput {
  reason?: string | undefined
}

/**
 * `POST /v1/deals/:id/won`: records the sale through the ledger, credited to the deal's partner (no click
 * needed). Idempotent on `invoiceId`: repeating it answers the same result. An invoice already credited to
 * another partner is refused (409).
 */
export interface MarkDealWonInput {
  invoiceId: string
  amountMinor: number
  currency: string
  productId?: string | undefined
  /** When the sale happened; defaults to now. As `TrackSaleInput.occurredAt`: at most 5 minutes ahead of the server's clock, not before 2000 */
  occurredAt?: string | undefined
}

export interface DealWonResult {
  deal: Deal
  sale: Sale
  /** The partner's commission on the sale; null when no rule pays (or the partner is suspended) */
  commission: Commission | null
}

// ---- Challenges --------------------------------------------------------------------------------

/**
 * sales: credited sales (not fully refunded; a sale split between a click's and a code's partner counts for
 * both); revenue: their net amount in `currency` (a split sale's by each partner's share); clicks: clicks on
 * the partner's links, by UTC day (every day the window touches: clicks are kept as daily counts);
 * bounty: approved submissions of proof (bounties-types.ts), each paid the reward.
 */
export type ChallengeMetric = 'sales' | 'revenue' | 'clicks' | 'bounty'

/** scheduled: before `startsAt`. active: in [startsAt, endsAt). ended: after. archived: withdrawn by the program. */
export type ChallengeStatus = 'scheduled' | 'active' | 'ended' | 'archived'

export interface ChallengeReward {
  amountMinor: number
  currency: string
}

export interface Challenge {
  id: Id
  name: string
  description: string | null
  metric: ChallengeMetric
  /** A count (sales, clicks) or minor units of `currency` (revenue) */
  target: number
  /** revenue only: the currency sales are counted in; null otherwise */
  currency: string | null
  /** The window is [startsAt, endsAt) */
  startsAt: string
  endsAt: string
  /** Only partners in this segment take part; null: every partner */
  segmentId: Id | null
  /** Paid once per partner, as a `bonus` commission, when the partner reaches the target */
  reward: ChallengeReward
  status: ChallengeStatus
  createdAt: string
  updatedAt: string
  archivedAt: string | null
  /** A bounty's terms; absent on other kinds */
  bounty?: BountyTerms
}

/** @example { name: 'Ten in November', metric: 'sales', target: 10, startsAt: '2026-11-01', endsAt: '2026-12-01', reward: { amountMinor: 50000, currency: 'USD' } } */
export interface CreateChallengeInput {
  name: string
  description?: string | null | undefined
  /** A bounty is created with CreateBountyInput */
  metric: Exclude<ChallengeMetric, 'bounty'>
  target: number
  /** Required for revenue, refused otherwise */
  currency?: string | undefined
  /** A day (midnight UTC) or an ISO timestamp; the window is [startsAt, endsAt) */
  startsAt: string
  endsAt: string
  /** Only partners in this segment take part; null or absent: every partner */
  segmentId?: Id | null | undefined
  reward: ChallengeReward
}

/** `POST /v1/challenges`: a goal challenge, or a bounty (`metric: 'bounty'`). */
export type CreateChallengeOrBountyInput = CreateChallengeInput | CreateBountyInput

/**
 * Before a challenge starts anything but its metric and currency may change; once it has started, only
 * its name, description and end (not before now).
 */
export interface UpdateChallengeInput {
  name?: string | undefined
  description?: string | null | undefined
  target?: number | undefined
  startsAt?: string | undefined
  endsAt?: string | undefined
  segmentId?: Id | null | undefined
  reward?: ChallengeReward | undefined
  /** Bounties only, at any time: a lower cap stops approvals beyond it; approved submissions stay paid */
  maxPerPartner?: number | undefined
  /** Bounties only, at any time, as maxPerPartner (even below the approved count: nothing more is approved); null: no overall cap */
  maxApproved?: number | null | undefined
}

export interface ListChallengesQuery extends PageQuery {
  status?: ChallengeStatus | undefined
}

export interface GetChallengeQuery {
  /** Leaderboard length, 1..100 (default 25) */
  limit?: number | undefined
}

/** One partner's standing in a challenge. */
export interface ChallengeStanding {
  partnerId: Id
  partnerName: string | null
  partnerEmail: string
  /** In the challenge's unit: a count, or minor units */
  progress: number
  /** When the target was reached and the reward paid; null while not yet */
  metAt: string | null
  /** The reward's `bonus` commission */
  commissionId: Id | null
}

/** A challenge with its leaderboard: eligible partners with progress, best first. */
export interface ChallengeDetail extends Challenge {
  /** Eligible partners with any progress */
  participants: number
  /** Partners who met the target and were paid */
  metCount: number
  leaderboard: ChallengeStanding[]
}

/** A challenge as a partner sees it in the portal, with its own progress. */
export interface PortalChallenge {
  id: Id
  name: string
  description: string | null
  metric: ChallengeMetric
  target: number
  currency: string | null
  startsAt: string
  endsAt: string
  status: Exclude<ChallengeStatus, 'archived'>
  reward: ChallengeReward
  progress: number
  /** 0..100, rounded down */
  percent: number
  metAt: string | null
  /**
   * What the met target credited: its bonus commission's amount (below `reward` when a budget stepped it
   * down) and status (`on_hold` when a budget held it). Null until met, and on a bounty (each approved
   * submission names its own commission).
   */
  earned: { commissionId: Id; amountMinor: number; currency: string; status: CommissionStatus } | null
  /** A bounty's terms and the partner's submissions; absent on other kinds */
  bounty?: PortalBounty
}

/** The data of a `challenge.met` webhook event. */
export interface ChallengeMet {
  challengeId: Id
  challengeName: string
  partnerId: Id
  progress: number
  target: number
  metAt: string
  commission: Commission
}
