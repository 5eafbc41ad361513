// The partner's thread with the program team and their newsletter inbox, with the unread counts the
// Messages tab shows as a badge. Loaded when the portal opens (for the badge), again on every visit.
import type { PortalMessages, PortalMessagesQuery } from '@afflio/sdk/types'
import { keepLive } from '../../kit/live.ts'
import { remote, type Session } from './session.ts'

export function createMessages(session: Session) {
  const store = remote<PortalMessages>(session, (c) => c.messages.inbox())
  keepLive(store.$, store.refresh) // the program's reply appears while the tab is open
  const data = () => store.value()
  const patch = (change: Partial<PortalMessages>) => {
    const d = data()
    if (d) store.set({ ...d, ...change })
  }
  /** Marks what the partner sees read: the program's messages up to the newest shown, and every newsletter. */
  const markRead = async () => {
    const upTo = data()?.messages.data[0]?.id
    patch(await session.call((c) => c.messages.markRead(upTo ? { upTo } : {})))
  }
  return {
    ...store,
    markRead,
    /** Sends a message and puts it in the thread; rejects with the API error for the form to show. */
    async send(body: string) {
      const message = await session.call((c) => c.messages.send({ body }))
      const d = data()
      if (d) patch({ messages: { ...d.messages, data: [message, ...d.messages.data] } })
    },
    /** Opening the view: loads again, then marks read what it shows. Never rejects. */
    async visit() {
      await store.run()
      if (data()?.unreadCount) await markRead().catch(() => {})
    },
    /** Appends the next page of older messages or newsletters. */
    async more(list: 'messages' | 'newsletters') {
      const d = data()
      const cursor = d?.[list].nextCursor
      if (!cursor) return
      const query: PortalMessagesQuery = list === 'messages' ? { cursor } : { newslettersCursor: cursor }
      const page = (await session.call((c) => c.messages.inbox(query)))[list]
      const now = data()!
      patch({ [list]: { data: [...now[list].data, ...page.data], nextCursor: page.nextCursor } })
    },
    async setEmails(on: boolean) {
      patch(await session.call((c) => c.messages.setPreferences({ newsletterEmails: on })))
    },
  }
}
