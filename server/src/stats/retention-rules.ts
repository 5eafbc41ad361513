// How long raw clicks are kept. Pure. Attribution reads a customer's clicks inside the program's window,
// so a click must live at least that long; the rollups keep every count after the click is gone, and each
// partner's span of deleted clicks (first and last time) what the counts do not.
import { idFloor } from '../kernel/ids.ts'

/** Days raw clicks are kept unless the program says otherwise: a year and a month of drill-down. */
export const DEFAULT_CLICK_RETENTION_DAYS = 400

/** Longest retention a program may set (ten years). */
export const MAX_CLICK_RETENTION_DAYS = 3650

/** Why a retention cannot be set, or null. */
export function retentionProblem(days: number, attributionWindowDays: number): string | null {
  if (days < attributionWindowDays) return `must be at least the attribution window (${attributionWindowDays} days): attribution reads clicks that old`
  if (days > MAX_CLICK_RETENTION_DAYS) return `must be at most ${MAX_CLICK_RETENTION_DAYS} days`
  return null
}

/** The first instant whose clicks are kept: older ones may be deleted. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000)
}

/**
 * Whether a click id the program no longer has may be one the retention deleted (made before the cutoff:
 * ids sort by creation, kernel/ids.ts) rather than one it never had. Decided from the id alone, so the
 * answer says nothing about other programs' clicks.
 */
export function clickMayBePruned(clickId: string, now: Date, days: number): boolean {
  return clickId < idFloor('clk', retentionCutoff(now, days).getTime())
}

export interface ClickSpan {
  partnerId: string
  first: string
  last: string
}

/** Each partner's earliest and latest click time among `clicks`. */
export function clickSpans(clicks: ReadonlyArray<{ partner_id: string; created_at: string }>): ClickSpan[] {
  const spans = new Map<string, ClickSpan>()
  for (const { partner_id: partnerId, created_at: at } of clicks) {
    const span = spans.get(partnerId)
    if (!span) spans.set(partnerId, { partnerId, first: at, last: at })
    else if (at < span.first) span.first = at
    else if (at > span.last) span.last = at
  }
  return [...spans.values()]
}
