// The partner's notices (commissions, payouts, messages, …) with the unread count the Notices tab shows as
// a badge: loaded when the portal opens and kept live while it is open. And their email preferences.
import type { EmailKind, NoticePage } from '@afflio/sdk/types'
import { keepLive } from '../../kit/live.ts'
import { remote, type Session } from './session.ts'

export function createNotices(session: Session) {
  const store = remote<NoticePage>(session, (c) => c.notices.list())
  keepLive(store.$, store.refresh) // a sale appears while the portal is open
  const prefs = remote(session, (c) => c.notices.preferences())
  const patch = (change: Partial<NoticePage>) => {
    const d = store.value()
    if (d) store.set({ ...d, ...change })
  }
  return {
    ...store,
    prefs,
    /** Marks these notices read (all without ids); the list shows them read at once. */
    async markRead(ids?: string[]) {
      const { unreadCount } = await session.call((c) => c.notices.markRead(ids ? { ids } : { all: true }))
      const at = new Date().toISOString()
      const d = store.value()
      if (d) patch({ unreadCount, data: d.data.map((n) => (n.readAt || (ids && !ids.includes(n.id)) ? n : { ...n, readAt: at })) })
    },
    async more() {
      const cursor = store.value()?.nextCursor
      if (!cursor) return
      const page = await session.call((c) => c.notices.list({ cursor }))
      patch({ data: [...store.value()!.data, ...page.data], nextCursor: page.nextCursor })
    },
    async setEmail(kind: EmailKind, on: boolean) {
      prefs.set(await session.call((c) => c.notices.setPreferences({ emails: { [kind]: on } })))
    },
  }
}
