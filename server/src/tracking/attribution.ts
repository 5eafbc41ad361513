// Which click earns the sale, and what it wins against a coupon code: pure, given the candidate clicks,
// the code and the program's settings.
import type { DecisionClick, DecisionCode } from '@afflio/sdk/types'
import { DAY_MS } from '../kernel/days.ts'
import { extended } from '../kernel/extended.ts'

export interface CandidateClick {
  id: string
  partnerId: string
  createdAt: string
}

export interface AttributionSettings {
  windowDays: number
  model: 'last_click' | 'first_click'
  /** The click the sale names itself (a checkout's client_reference_id): it may look up to CLOCK_SKEW_MS newer than the sale */
  namedClickId?: string | undefined
}

/**
 * How far a sale's clock may differ from ours. Clicks are stamped by this server; a sale's time comes
 * from the payment provider (Stripe: whole seconds, its own clock). A sale that names its click is the
 * same visit, so a click up to this much "after" it still counts; a sale may say it happened up to this
 * much after our now (`occurredAtProblem`); the Stripe signature check allows the same 300 s.
 */
export const CLOCK_SKEW_MS = 300_000

/**
 * The earliest time a conversion may say it happened. A backfill of old sales is taken, from before the
 * program or its partners existed too (such a sale finds no click in its window and credits nobody,
 * unless a partner is named); a time before this is a mistake rather than history: Unix seconds read as
 * milliseconds (January 1970), a mistyped year (0202).
 */
export const EARLIEST_OCCURRED_AT = '2000-01-01T00:00:00.000Z'

/**
 * Why a conversion's reported time (a sale's `occurredAt`, a claim's) is refused, or null when it is
 * taken. A time more than `aheadMs` after `now` is in the future: every click would look later than the
 * sale, which would silently lose its partner. `aheadMs` is the clock skew, unless the caller gives
 * more (a claim's day is a day ahead for a partner east of UTC).
 *
 * @example
 * occurredAtProblem('2026-11-01T12:04:00Z', new Date('2026-11-01T12:00:00Z')) // null: within the skew
 * occurredAtProblem('1970-01-21T12:00:00Z', new Date('2026-11-01T12:00:00Z')) // 'must not be before 2000-01-01'
 */
export function occurredAtProblem(at: string, now: Date, aheadMs = CLOCK_SKEW_MS): string | null {
  const time = Date.parse(at)
  if (time > now.getTime() + aheadMs) return `must not be in the future (the server's time is ${now.toISOString()})`
  if (time < Date.parse(EARLIEST_OCCURRED_AT)) return `must not be before ${EARLIEST_OCCURRED_AT.slice(0, 10)}`
  return null
}

/** True when the click is inside the window that ends at `at` (a click after `at`, beyond `skewMs`, does not count). */
export function inWindow(clickAt: string, at: string, windowDays: number, skewMs = 0): boolean {
  const age = Date.parse(at) - Date.parse(clickAt)
  return age >= -skewMs && age <= windowDays * DAY_MS
}

/** The credited click, or null when none is inside the window. Last click wins by default. */
export function attribute(clicks: readonly CandidateClick[], at: string, settings: AttributionSettings): CandidateClick | null {
  return weighClicks(clicks, at, settings).credited
}

/** A click as attribution weighed it, and why it won or lost (the SDK's DecisionClick). */
export interface WeighedClick extends CandidateClick {
  outcome: 'credited' | 'outside_window' | 'not_chosen'
  named: boolean
}

/**
 * The credited click and every click weighed with why it won or lost, oldest first: what `attribute`
 * decides, with its reasons (a commission's decision record keeps them).
 */
export function weighClicks(clicks: readonly CandidateClick[], at: string, settings: AttributionSettings): { credited: CandidateClick | null; weighed: WeighedClick[] } {
  const sorted = [...clicks].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  const eligible = sorted.filter((c) => inWindow(c.createdAt, at, settings.windowDays, c.id === settings.namedClickId ? CLOCK_SKEW_MS : 0))
  const credited = eligible.length === 0 ? null : settings.model === 'first_click' ? eligible[0]! : eligible[eligible.length - 1]!
  const weighed = sorted.map(
    (c): WeighedClick => extended(c, { outcome: c === credited ? 'credited' : eligible.includes(c) ? 'not_chosen' : 'outside_window', named: c.id === settings.namedClickId }),
  )
  return { credited, weighed }
}

/**
 * Who has named a customer: only browsers so far (a lead with the publishable key, which anyone reading the
 * host's page holds), or the host's server (a lead or a sale with the secret key, a Stripe checkout).
 */
export type CustomerClaim = 'browser' | 'server'

/** What a lead or a sale naming a customer by its external id does to it (claimStep). */
export type ClaimStep = 'create' | 'ignore' | 'take_over' | 'adopt' | 'update'

/**
 * What a lead or a sale naming a customer may do, by who sends it (`by`), who named the customer before
 * (`before`; null: nobody, it is new) and whether the call names a click of its own (`hasClick`; a click the
 * retention deleted counts as none, as it does for attribution). A browser cannot tell a visitor's own signup
 * from someone naming an id ahead of its customer (with their own partner's click), so the server's click wins
 * over a browser's:
 * - `create`: a new customer, tied to the call's click. From a browser only with a click: without one the
 *   call would only claim the id, so it records nothing (`ignore`).
 * - `ignore`: a browser naming a customer already recorded changes nothing (contact, clicks, partner).
 * - `take_over`: the server names a customer only browsers named, with a click of its own: what the browsers
 *   said is dropped (the click they tied, the partner it gave, the email and name) and the customer is the
 *   server's from then on, as if new, tied to the server's click.
 * - `adopt`: the server names a customer only browsers named, by its id alone (the script's lead at signup,
 *   the backend's sale later): the click the browser tied stands and attribution is weighed as for any
 *   customer; the contact is updated and the customer is the server's from then on. The residual risk: a
 *   browser that named the id before its owner's signup keeps it (docs/commissions.md, "Who names a customer").
 * - `update`: the server names a customer it named before: contact updated, click tied, attribution weighed.
 *
 * @example claimStep('browser', 'server', false) // 'adopt': the backend's sale after the script's lead
 */
export function claimStep(before: CustomerClaim | null, by: CustomerClaim, hasClick: boolean): ClaimStep {
  if (by === 'browser') return before === null && hasClick ? 'create' : 'ignore'
  if (before === null) return 'create'
  if (before === 'server') return 'update'
  return hasClick ? 'take_over' : 'adopt'
}

/** Cookie and attribution expiry for a click made at `at`. */
export function expiresAt(at: string, windowDays: number): string {
  return new Date(Date.parse(at) + windowDays * DAY_MS).toISOString()
}

/** A partner's claim on a sale through one of its coupon codes. */
export interface CodeClaim {
  partnerId: string
  codeId: string
  /** The program's code, as created */
  code: string
}

export interface CouponConflictSettings {
  conflict: 'click' | 'code' | 'split'
  /** `split`: the click partner's share, basis points; the code partner has the rest */
  splitClickBps: number
}

/** One partner credited with a sale, and its share of what the sale pays (10 000 = all of it). */
export interface SaleCredit {
  partnerId: string
  via: 'click' | 'code'
  /** The click credited (null for a credit by code) */
  clickId: string | null
  shareBps: number
}

/** Who earns a sale, and how the click and the code fared (the SDK's DecisionClick and DecisionCode outcomes). */
export interface SaleClaims {
  credits: SaleCredit[]
  /** null without a click */
  click: 'credited' | 'lost_to_code' | 'shared' | null
  /** null without a code */
  code: 'credited' | 'lost_to_click' | 'shared' | 'same_partner' | null
  /** A click and a code of two partners met: the policy, and the share it gave the click (0: it lost, 10 000: the code lost) */
  conflict: { policy: CouponConflictSettings['conflict']; clickShareBps: number } | null
}

/**
 * Who earns a sale, given the credited click (attribute, or a renewal's first payment) and the partner
 * of the code the sale carried: nobody, one partner, or, when a click of one partner and a code of
 * another meet under the `split` policy, both, the click's partner first. A code of the click's own
 * partner is one credit; a split whose share leaves one side nothing is a credit of the other alone.
 * Says too how each claim fared, for the decision record.
 */
export function creditSale(click: CandidateClick | null, code: CodeClaim | null, policy: CouponConflictSettings): SaleClaims {
  const byClick = (c: CandidateClick, shareBps = 10_000): SaleCredit => ({ partnerId: c.partnerId, via: 'click', clickId: c.id || null, shareBps })
  const byCode = (c: CodeClaim, shareBps = 10_000): SaleCredit => ({ partnerId: c.partnerId, via: 'code', clickId: null, shareBps })
  if (!code) return { credits: click ? [byClick(click)] : [], click: click && 'credited', code: null, conflict: null }
  if (!click) return { credits: [byCode(code)], click: null, code: 'credited', conflict: null }
  if (click.partnerId === code.partnerId) return { credits: [byClick(click)], click: 'credited', code: 'same_partner', conflict: null }
  const clickShareBps = policy.conflict === 'click' ? 10_000 : policy.conflict === 'code' ? 0 : Math.max(0, Math.min(10_000, policy.splitClickBps))
  const conflict = { policy: policy.conflict, clickShareBps }
  if (clickShareBps === 10_000) return { credits: [byClick(click)], click: 'credited', code: 'lost_to_click', conflict }
  if (clickShareBps === 0) return { credits: [byCode(code)], click: 'lost_to_code', code: 'credited', conflict }
  return { credits: [byClick(click, clickShareBps), byCode(code, 10_000 - clickShareBps)], click: 'shared', code: 'shared', conflict }
}

/**
 * The clicks and the code as the decision record keeps them: each weighed click's outcome, the one
 * credited (`creditedClickId`) fared as creditSale said, and a click the model chose but the sale did
 * not go by (a renewal's, the program's choice) not chosen.
 */
export function claimOutcomes(weighed: readonly WeighedClick[], creditedClickId: string | null, code: CodeClaim | null, claims: Pick<SaleClaims, 'click' | 'code'>): { clicks: DecisionClick[]; codes: DecisionCode[] } {
  const clicks = weighed.map((c): DecisionClick => {
    const outcome = c.id === creditedClickId && claims.click ? claims.click : c.outcome === 'credited' ? 'not_chosen' : c.outcome
    return { ...c, outcome }
  })
  const codes = code && claims.code ? [{ code: code.code, codeId: code.codeId, partnerId: code.partnerId, outcome: claims.code }] : []
  return { clicks, codes }
}
