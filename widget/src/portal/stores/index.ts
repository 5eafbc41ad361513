import { atom } from 'nanostores'
import { createCommissions } from './commissions.ts'
import { createClaims } from './claims.ts'
import { createDeals } from './deals.ts'
import { createLinks } from './links.ts'
import { createMe } from './me.ts'
import { createMessages } from './messages.ts'
import { createNotices } from './notices.ts'
import { createOnboarding } from './onboarding.ts'
import { createOverview } from './overview.ts'
import { createPayouts } from './payouts.ts'
import { createResources } from './resources.ts'
import { remote, createSession, type SessionOptions } from './session.ts'
import { paged } from '../../kit/paged.ts'

/** One portal's state. Each mounted portal has its own, so two on a page do not share a token. */
export function createStores(options: SessionOptions) {
  const session = createSession(options)
  const onboarding = createOnboarding(session)
  return {
    session,
    /** The tab the partner chose (a view may send them to another); null: the first tab */
    tab: atom<string | null>(null),
    me: createMe(session, options.baseUrl),
    overview: createOverview(session),
    links: createLinks(session),
    commissions: createCommissions(session),
    customers: paged(session, (c, cursor) => c.customers.list({ cursor })),
    payouts: createPayouts(session),
    messages: createMessages(session),
    notices: createNotices(session),
    onboarding,
    resources: createResources(session, onboarding),
    deals: createDeals(session),
    claims: createClaims(session),
    challenges: remote(session, (c) => c.challenges.list()),
    coupons: remote(session, (c) => c.couponCodes.list()),
  }
}

export type Stores = ReturnType<typeof createStores>
