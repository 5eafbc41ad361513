import type { FileClaimInput, PortalClaim } from '@afflio/sdk/types'
import { remote, type Session } from './session.ts'

/** The partner's missing-commission claims, newest first (the latest 100). */
export function createClaims(session: Session) {
  const store = remote<PortalClaim[]>(session, async (c) => (await c.claims.list({ limit: 100 })).data)
  return {
    ...store,
    /** Files a claim and puts it first; rejects with the API error (409 when this invoice was claimed). */
    async file(input: FileClaimInput) {
      const claim = await session.call((c) => c.claims.file(input))
      store.set([claim, ...(store.value() ?? [])])
    },
  }
}
