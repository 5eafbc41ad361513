import type { PortalDeal, RegisterDealInput } from '@afflio/sdk/types'
import { remote, type Session } from './session.ts'

/** The partner's registered deals, newest first. */
export function createDeals(session: Session) {
  const store = remote<PortalDeal[]>(session, async (c) => {
    const all: PortalDeal[] = []
    for await (const d of c.deals.listAll({ limit: 100 })) all.push(d)
    return all
  })
  return {
    ...store,
    /** Registers a prospect and puts it first; rejects with the API error (409 for a duplicate). */
    async register(input: RegisterDealInput) {
      const deal = await session.call((c) => c.deals.register(input))
      store.set([deal, ...(store.value() ?? [])])
    },
  }
}
