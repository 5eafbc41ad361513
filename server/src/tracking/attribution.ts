// Which click earns the sale: pure, given the candidate clicks and the program's settings.

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

const DAY_MS = 86_400_000

/**
 * How far a sale's clock may run behind ours. Clicks are stamped by this server; a sale's time comes
 * from the payment provider (Stripe: whole seconds, its own clock). A sale that names its click is the
 * same visit, so a click up to this much "after" it still counts; the Stripe signature check allows
 * the same 300 s.
 */
export const CLOCK_SKEW_MS = 300_000

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
  const weighed = sorted.map((c): WeighedClick => ({
    ...c,
    outcome: c === credited ? 'credited' : eligible.includes(c) ? 'not_chosen' : 'outside_window',
    named: c.id === settings.namedClickId,
  }))
  return { credited, weighed }
}

/** Cookie and attribution expiry for a click made at `at`. */
export function expiresAt(at: string, windowDays: number): string {
  return new Date(Date.parse(at) + windowDays * DAY_MS).toISOString()
}

/** A partner's claim on a sale through one of its coupon codes. */
export interface CodeClaim {
  partnerId: string
  codeId: string
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

/**
 * Who earns a sale, given the credited click (attribute, or a renewal's first payment) and the partner
 * of the code the sale carried: nobody, one partner, or, when a click of one partner and a code of
 * another meet under the `split` policy, both, the click's partner first. A code of the click's own
 * partner is one credit; a split whose share leaves one side nothing is a credit of the other alone.
 */
export function creditSale(click: CandidateClick | null, code: CodeClaim | null, policy: CouponConflictSettings): SaleCredit[] {
  const byClick = (c: CandidateClick, shareBps = 10_000): SaleCredit => ({ partnerId: c.partnerId, via: 'click', clickId: c.id || null, shareBps })
  const byCode = (c: CodeClaim, shareBps = 10_000): SaleCredit => ({ partnerId: c.partnerId, via: 'code', clickId: null, shareBps })
  if (!code) return click ? [byClick(click)] : []
  if (!click || click.partnerId === code.partnerId) return click ? [byClick(click)] : [byCode(code)]
  const clickBps = Math.max(0, Math.min(10_000, policy.splitClickBps))
  if (policy.conflict === 'click' || (policy.conflict === 'split' && clickBps === 10_000)) return [byClick(click)]
  if (policy.conflict === 'code' || clickBps === 0) return [byCode(code)]
  return [byClick(click, clickBps), byCode(code, 10_000 - clickBps)]
}
