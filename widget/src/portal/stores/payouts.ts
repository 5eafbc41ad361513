import type { PayoutDetails, PortalPayouts } from '@afflio/sdk/types'
import { keepLive } from '../../kit/live.ts'
import { remote, type Session } from './session.ts'

export function createPayouts(session: Session) {
  const store = remote<PortalPayouts>(session, (c) => c.payouts.get())
  /**
   * Loads again, keeping the history's pages loaded with "Load more": new payouts on top, changed ones
   * (sent, failed) in place, the older pages and their cursor kept.
   */
  const refresh = async () => {
    const before = store.value()
    const answered = await store.refresh()
    const after = store.value()
    // Payouts are never deleted, and the cursor shown is the last payout shown: the merge pages on from there.
    if (answered && before && after && after !== before) {
      const fresh = new Map(after.history.map((p) => [p.id, p]))
      const shown = new Set(before.history.map((p) => p.id))
      const history = [...after.history.filter((p) => !shown.has(p.id)), ...before.history.map((p) => fresh.get(p.id) ?? p)]
      store.set({ ...after, history, historyNextCursor: before.historyNextCursor })
    }
    return answered
  }
  keepLive(store.$, refresh) // a payout sent appears while the tab is open
  return {
    ...store,
    refresh,
    /** The history's next page, appended (dropped when the payouts loaded again meanwhile) */
    async moreHistory(): Promise<void> {
      const data = store.value()
      const cursor = data?.historyNextCursor
      if (!data || !cursor) return
      const page = await session.call((c) => c.payouts.history({ cursor }))
      if (store.value() === data) store.set({ ...data, history: [...data.history, ...page.data], historyNextCursor: page.nextCursor })
    },
    /** Saves where the partner is paid; rejects with the API error for the form to show. */
    async saveDetails(details: PayoutDetails): Promise<void> {
      const saved = await session.call((c) => c.payoutDetails.update(details))
      const data = store.value()
      if (data) store.set({ ...data, payoutDetails: saved })
    },
  }
}
