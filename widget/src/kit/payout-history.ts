// A partner's payouts loaded again while the history shows pages loaded with "Load more" (the portal's
// live refresh, the console's partner page after a hold): the fresh answer, with those pages kept. Pure.
import type { PortalPayouts } from '@afflio/sdk/types'

/**
 * `fresh` with the history `shown` had: new payouts on top, changed ones (sent, failed) in place, the
 * older pages and their cursor kept: the list still ends with the last payout shown, and payouts are never
 * deleted, so paging on from its cursor misses nothing and repeats nothing. When the fresh page does not
 * reach the ones shown (more than a page of payouts made between two loads), keeping them would leave a
 * gap above them: the fresh page alone is shown, with its own cursor.
 */
export function keepHistory(shown: PortalPayouts, fresh: PortalPayouts): PortalPayouts {
  const byId = new Map(fresh.history.map((p) => [p.id, p]))
  const had = new Set(shown.history.map((p) => p.id))
  if (fresh.historyNextCursor && !fresh.history.some((p) => had.has(p.id))) return fresh
  const history = [...fresh.history.filter((p) => !had.has(p.id)), ...shown.history.map((p) => byId.get(p.id) ?? p)]
  return { ...fresh, history, historyNextCursor: shown.historyNextCursor }
}
