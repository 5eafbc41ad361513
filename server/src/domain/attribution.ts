// Which click earns the sale: pure, given the candidate clicks and the program's settings.

export interface CandidateClick {
  id: string
  partnerId: string
  createdAt: string
}

export interface AttributionSettings {
  windowDays: number
  model: 'last_click' | 'first_click'
}

const DAY_MS = 86_400_000

/** True when the click is inside the window that ends at `at` (a click after `at` does not count). */
export function inWindow(clickAt: string, at: string, windowDays: number): boolean {
  const age = Date.parse(at) - Date.parse(clickAt)
  return age >= 0 && age <= windowDays * DAY_MS
}

/** The credited click, or null when none is inside the window. Last click wins by default. */
export function attribute(clicks: readonly CandidateClick[], at: string, settings: AttributionSettings): CandidateClick | null {
  const eligible = clicks.filter((c) => inWindow(c.createdAt, at, settings.windowDays))
  if (eligible.length === 0) return null
  eligible.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  return settings.model === 'first_click' ? eligible[0]! : eligible[eligible.length - 1]!
}

/** Cookie and attribution expiry for a click made at `at`. */
export function expiresAt(at: string, windowDays: number): string {
  return new Date(Date.parse(at) + windowDays * DAY_MS).toISOString()
}
