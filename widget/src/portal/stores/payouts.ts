import type { PayoutDetails, PortalPayouts } from '@afflio/sdk/types'
import { keepLive } from '../../kit/live.ts'
import { keepHistory } from '../../kit/payout-history.ts'
import { remote, type Session } from './session.ts'

export function createPayouts(session: Session) {
  const store = remote<PortalPayouts>(session, (c) => c.payouts.get())
  /**
   * Loads again, keeping the history's pages loaded with "Load more": new payouts on top, changed ones
   * (sent, failed) in place, the older pages and their cursor kept.
   */
  // A page appended while a reload ran drops the reload's answer (remote's order), and must not be merged as new.
  let appended = 0
  const refresh = async () => {
    const [before, mark] = [store.value(), appended]
    const answered = await store.refresh()
    const after = store.value()
    if (answered && appended === mark && before && after && after !== before) store.set(keepHistory(before, after))
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
      if (store.value() !== data) return
      appended++
      store.set({ ...data, history: [...data.history, ...page.data], historyNextCursor: page.nextCursor })
    },
    /** Saves where the partner is paid; rejects with the API error for the form to show. */
    async saveDetails(details: PayoutDetails): Promise<void> {
      const saved = await session.call((c) => c.payoutDetails.update(details))
      const data = store.value()
      if (data) store.set({ ...data, payoutDetails: saved })
    },
  }
}
