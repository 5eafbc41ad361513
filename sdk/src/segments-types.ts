// Segments: saved partner filters evaluated by the server, the audience of messages, newsletters and
// bulk actions (move group, set status, set tier, pay).
import type { CreatedPayoutRun } from './ledger-types.ts'
import type { Id, Partner, PartnerStatus } from './types.ts'

/**
 * A window of time for the performance conditions, in UTC. `last_30_days` is the 30 whole UTC days ending
 * today, today included (the console's "last 30 days"); it and the current calendar period (`this_month`)
 * run up to now; `last_month`, `last_quarter` and `last_year` are the previous whole calendar period;
 * `lifetime` has no bounds.
 */
export type SegmentPeriod =
  | 'last_7_days'
  | 'last_30_days'
  | 'last_90_days'
  | 'last_365_days'
  | 'this_month'
  | 'last_month'
  | 'this_quarter'
  | 'last_quarter'
  | 'this_year'
  | 'last_year'
  | 'lifetime'

/**
 * One condition on a partner. Lists (`in`) match any of their values; `none: true` also matches a
 * partner with no value (no group, no tier, no country).
 */
export type SegmentCondition =
  | { type: 'group'; in?: Id[] | undefined; none?: boolean | undefined }
  /** The tier name on the partner's applicable tiered sale rule (as `GET /v1/partners/:id/tier` shows it) */
  | { type: 'tier'; in?: string[] | undefined; none?: boolean | undefined }
  /** ISO 3166-1 alpha-2 codes */
  | { type: 'country'; in?: string[] | undefined; none?: boolean | undefined }
  /** Joined on or after `after`, and before `before` (ISO dates or timestamps) */
  | { type: 'joined'; after?: string | undefined; before?: string | undefined }
  | { type: 'status'; in: PartnerStatus[] }
  /** Dormant: no click in the last `days` days (a click exactly `days` days old still counts), or never clicked */
  | { type: 'lastClickOlderThanDays'; days: number }
  /**
   * The top `percent`% of partners by net revenue (credited sales minus refunds) in `currency` (the
   * program's by default) over `period`: ceil(percent% × partners with revenue > 0) partners, and
   * everyone tied with the last of them.
   */
  | { type: 'revenueTopPercent'; percent: number; period: SegmentPeriod; currency?: string | undefined }
  /** Net revenue (credited sales minus refunds) in `currency` over `period` of at least `amountMinor` */
  | { type: 'revenueAtLeast'; amountMinor: number; currency: string; period: SegmentPeriod }
  /** At least `count` credited sales (not fully refunded) over `period` */
  | { type: 'salesAtLeast'; count: number; period: SegmentPeriod }
  /**
   * At least `count` clicks over `period`, counted by UTC day (the daily stats, which outlive raw clicks):
   * a rolling window counts the whole day it starts in
   */
  | { type: 'clicksAtLeast'; count: number; period: SegmentPeriod }

export type SegmentConditionType = SegmentCondition['type']

/**
 * A partner is in the segment when it meets every one of `conditions` and, if `any` is given and not
 * empty, at least one of `any`. No conditions at all: every partner of the program.
 * @example { conditions: [{ type: 'status', in: ['active'] }, { type: 'lastClickOlderThanDays', days: 30 }] }
 */
export interface SegmentDefinition {
  conditions: SegmentCondition[]
  any?: SegmentCondition[] | undefined
}

export interface Segment {
  id: Id
  name: string
  description: string | null
  definition: SegmentDefinition
  createdAt: string
  updatedAt: string
}

/** A segment with the number of partners in it now. */
export interface SegmentWithCount extends Segment {
  count: number
}

export interface CreateSegmentInput {
  name: string
  description?: string | null | undefined
  definition: SegmentDefinition
}

export interface UpdateSegmentInput {
  name?: string | undefined
  description?: string | null | undefined
  definition?: SegmentDefinition | undefined
}

/** `POST /v1/segments/preview`: the live count while a definition is edited. */
export interface PreviewSegmentInput {
  definition: SegmentDefinition
}

export interface SegmentPreview {
  count: number
  /** Up to 10 of the matching partners, newest first */
  sample: Partner[]
}

/** What a bulk action does to each partner it reaches. */
export type BulkPartnerAction =
  /** `groupId: null` takes them out of their group */
  | { action: 'move_group'; groupId: Id | null }
  | { action: 'set_status'; status: PartnerStatus }
  /**
   * Pins the partners at a named tier of their tiered rule, whatever their performance; `tier: null`
   * lets the tier follow performance again. A partner whose rule has no tier of that name earns as before.
   */
  | { action: 'set_tier'; tier: string | null }
  /** A payout run for just these partners (their approved, unpaid balances, as a normal run) */
  | { action: 'pay' }

/** `POST /v1/partners/bulk`: the partners of a segment, or up to 1000 listed ids, and one action. */
export type BulkPartnersInput = ({ segmentId: Id; partnerIds?: never } | { partnerIds: Id[]; segmentId?: never }) & BulkPartnerAction

export interface BulkPartnersResult {
  action: BulkPartnerAction['action']
  /** Partners the segment or list named */
  matched: number
  /** Partners the action changed (moved, status or tier changed, or paid) */
  changed: number
  /** `pay` only: the run created */
  payoutRun?: CreatedPayoutRun
}
