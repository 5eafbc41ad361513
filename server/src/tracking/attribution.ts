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
  const eligible = clicks.filter((c) => inWindow(c.createdAt, at, settings.windowDays, c.id === settings.namedClickId ? CLOCK_SKEW_MS : 0))
  if (eligible.length === 0) return null
  eligible.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  return settings.model === 'first_click' ? eligible[0]! : eligible[eligible.length - 1]!
}

/** Cookie and attribution expiry for a click made at `at`. */
export function expiresAt(at: string, windowDays: number): string {
  return new Date(Date.parse(at) + windowDays * DAY_MS).toISOString()
}
