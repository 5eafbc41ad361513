import { createCommissions } from './commissions.ts'
import { createLinks } from './links.ts'
import { createMe } from './me.ts'
import { createOverview } from './overview.ts'
import { createPayouts } from './payouts.ts'
import { createSession, type SessionOptions } from './session.ts'

/** One portal's state. Each mounted portal has its own, so two on a page do not share a token. */
export function createStores(options: SessionOptions) {
  const session = createSession(options)
  return {
    session,
    me: createMe(session),
    overview: createOverview(session),
    links: createLinks(session),
    commissions: createCommissions(session),
    payouts: createPayouts(session),
  }
}

export type Stores = ReturnType<typeof createStores>
