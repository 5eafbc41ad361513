import type { CreatePortalLinkInput, LinkStats, PortalLink } from '@afflio/sdk/types'
import type { RemoteStore } from '../../kit/remote.ts'
import { remote, type Session } from './session.ts'

export function createLinks(session: Session) {
  const store = remote<PortalLink[]>(session, async (c) => {
    const all: PortalLink[] = []
    for await (const link of c.links.listAll({ limit: 100 })) all.push(link)
    return all
  })
  // One store per link whose stats were opened, kept; loaded again when opened again later (everyMount:
  // nanostores keeps a store mounted for a second after its last listener leaves).
  const stats = new Map<string, RemoteStore<LinkStats>>()
  return {
    ...store,
    /** Creates a link and puts it first; rejects with the API error for the form to show. */
    async create(input: CreatePortalLinkInput): Promise<PortalLink> {
      const link = await session.call((c) => c.links.create(input))
      store.set([link, ...(store.value() ?? [])])
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
