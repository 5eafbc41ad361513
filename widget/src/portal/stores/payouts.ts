import type { PayoutDetails, PortalPayouts } from '@afflio/sdk/types'
import { keepLive } from '../../kit/live.ts'
import { remote, type Session } from './session.ts'

export function createPayouts(session: Session) {
  const store = remote<PortalPayouts>(session, (c) => c.payouts.get())
  keepLive(store.$, store.refresh) // a payout sent appears while the tab is open
  return {
    ...store,
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
