import type { CreatePortalLinkInput, PortalLink } from '@afflio/sdk/types'
import { remote, type Session } from './session.ts'

export function createLinks(session: Session) {
  const store = remote<PortalLink[]>(session, async (c) => {
    const all: PortalLink[] = []
    for await (const link of c.links.listAll({ limit: 100 })) all.push(link)
    return all
  })
  return {
    ...store,
    /** Creates a link and puts it first; rejects with the API error for the form to show. */
    async create(input: CreatePortalLinkInput): Promise<PortalLink> {
      const link = await session.call((c) => c.links.create(input))
      store.set([link, ...(store.value() ?? [])])
      return link
    },
  }
}
