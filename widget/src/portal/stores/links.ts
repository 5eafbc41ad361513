import type { CreatePortalLinkInput, LinkStats } from '@afflio/sdk/types'
import { paged } from '../../kit/paged.ts'
import type { RemoteStore } from '../../kit/remote.ts'
import { remote, type Session } from './session.ts'

export function createLinks(session: Session) {
  // A page at a time: a partner may have a thousand links, and each shows a form of its own
  const list = paged(session, (c, cursor) => c.links.list({ limit: 25, ...(cursor ? { cursor } : {}) }))
  // One store per link whose stats were opened, kept; loaded again when opened again later (everyMount:
  // nanostores keeps a store mounted for a second after its last listener leaves).
  const stats = new Map<string, RemoteStore<LinkStats>>()
  return {
    ...list,
    /** Creates a link and puts it first (the newest, as the pages come); rejects with the API error for the form to show. */
    async create(input: CreatePortalLinkInput) {
      const link = await session.call((c) => c.links.create(input))
      list.update((items) => [link, ...items])
      return link
    },
    /** A link's last 30 days: series and breakdowns by sub-id and referrer. */
    stats(id: string): RemoteStore<LinkStats> {
      let s = stats.get(id)
      if (!s) stats.set(id, (s = remote(session, (c) => c.links.stats(id), { everyMount: true })))
      return s
    },
    /** A link's QR code as SVG, of its URL as the Links tab shows it: the page's origin where it has no other. */
    qr: (id: string, sub: string): Promise<string> => session.call((c) => c.links.qrSvg(id, { sub, origin: location.origin })),
  }
}
