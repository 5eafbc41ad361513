import type { PortalMe, UpdatePortalProfileInput } from '@afflio/sdk/types'
import { remote, type Session } from './session.ts'

/** The partner, the program's name, currency and site, the token's locale hint; the partner's profile edits. */
export function createMe(session: Session, baseUrl: string) {
  const store = remote<PortalMe>(session, (c) => c.me())
  return {
    ...store,
    /** The recruiting link in full: the server gives its path on the Afflio server */
    recruitingUrl: (me: PortalMe) => me.recruitingPath && new URL(me.recruitingPath, baseUrl).href,
    /** Saves the profile; rejects with the API error for the form to show. */
    async save(input: UpdatePortalProfileInput): Promise<void> {
      store.set(await session.call((c) => c.updateProfile(input)))
    },
  }
}
