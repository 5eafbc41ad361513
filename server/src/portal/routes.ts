// The partner portal's API: an embed token (`Bearer et_…`) acting as one partner of one program.
// Called from the browser on the host's site, so CORS is open: the token is the credential, never
// a cookie. Every query is scoped to the token's partner in the token's program.
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { bearer } from '../kernel/http/auth.ts'
import { guardCredential } from '../kernel/http/auth-throttle.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { idempotency } from '../kernel/http/idempotency.ts'
import { clientIp, clientNetwork, createRateLimiter, type RateLimitOptions } from '../kernel/http/rate-limit.ts'
import * as s from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { type PortalSession, resolveEmbedToken } from './embed-tokens.ts'
import { listPortalCommissions } from './commissions.ts'
import { explainCommission } from '../ledger/index.ts'
import { createPortalLink, listPortalLinks } from './links.ts'
import { getLinkStats, statsSchemas } from '../stats/index.ts'
import { getPortalMe, updatePortalProfile } from './me.ts'
import { getPortalOverview } from './overview.ts'
import { getPayoutHistory, getPortalPayouts, updatePayoutDetails } from './payouts.ts'
import { portalOnboardingRoutes } from '../onboarding/index.ts'
import { portalDealRoutes } from '../deals/index.ts'
import { portalLinkRoutes } from '../links/index.ts'
import { portalCouponRoutes } from '../coupons/index.ts'
import { portalClaimRoutes } from '../claims/index.ts'
import { portalMessagingRoutes, portalNoticeRoutes } from '../messaging/index.ts'
import { portalCustomerRoutes } from '../customers/index.ts'
import { payoutsSchemas } from '../payouts/index.ts'
import { notePartnerAddress } from '../fraud/index.ts'

export interface PortalEnv {
  Variables: AppEnv['Variables'] & { session: PortalSession }
}

export function portalRoutes(limits: RateLimitOptions) {
  const limit = createRateLimiter(limits)
  return (
    new Hono<PortalEnv>()
      .use(
        '*',
        cors({
          origin: '*',
          allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS'],
          allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
          exposeHeaders: ['Retry-After', 'X-Request-Id'],
          maxAge: 86_400,
        }),
      )
      // Throttled per token (by its hash: no live token is kept as a key) or per address without one,
      // before any lookup; failed guesses per address besides (kernel/http/auth-throttle.ts), since a
      // random token gets a bucket of its own here.
      .use('*', async (c, next) => {
        const token = bearer(c)
        limit(token ? `et|${sha256(token)}` : `ip|${clientNetwork(c, limits.trustProxy)}`)
        const session = await guardCredential(c, 'embed', () => resolveEmbedToken(c.var.deps.db, token, c.var.deps.now()))
        c.set('session', session)
        // Where the partner is seen, for the fraud rule on a customer clicking from the partner's address.
        await notePartnerAddress(c.var.deps.db, { programId: session.program.id, partnerId: session.partner.id }, clientIp(c, limits.trustProxy), c.var.deps.now())
        c.set('program', session.program) // for the idempotency layer, which is per program...
        c.set('idempotencyScope', `prt:${session.partner.id}`) // ...and per partner: keys are the client's to choose
        await next()
      })
      .get('/me', async (c) => c.json(await getPortalMe(c.var.deps.db, c.var.session)))
      .patch('/me', async (c) => c.json(await updatePortalProfile(c.var.deps.db, c.var.session, await parseBody(c, s.updateProfile), c.var.deps.now())))
      .get('/overview', async (c) => c.json(await getPortalOverview(c.var.deps.db, c.var.session, parseQuery(c, s.portalOverview), c.var.deps.now())))
      .get('/links', async (c) => c.json(await listPortalLinks(c.var.deps.db, c.var.session, parseQuery(c, s.portalLinks))))
      .get('/links/:id/stats', async (c) => {
        const { program, partner } = c.var.session
        return c.json(await getLinkStats(c.var.deps.db, program, c.req.param('id'), parseQuery(c, statsSchemas.linkStats), c.var.deps.now(), partner.id))
      })
      .post('/links', idempotency, async (c) => {
        const input = await parseBody(c, s.createPortalLink)
        return c.json(await createPortalLink(c.var.deps.db, c.var.session, input, c.var.deps.now()), 201)
      })
      .get('/commissions', async (c) => c.json(await listPortalCommissions(c.var.deps.db, c.var.session, parseQuery(c, s.portalCommissions))))
      .get('/commissions/:id/explanation', async (c) => {
        const { program, partner } = c.var.session
        return c.json(await explainCommission(c.var.deps.db, program.id, c.req.param('id'), c.var.deps.now(), partner.id))
      })
      .get('/payouts', async (c) => c.json(await getPortalPayouts(c.var.deps.db, c.var.session, c.var.deps.now())))
      .get('/payouts/history', async (c) => c.json(await getPayoutHistory(c.var.deps.db, c.var.session, parseQuery(c, s.payoutHistory))))
      .put('/payout-details', async (c) => {
        const details = await parseBody(c, payoutsSchemas.payoutDetails)
        return c.json(await updatePayoutDetails(c.var.deps.db, c.var.session, details, c.var.deps.now()))
      })
      .route('/', portalLinkRoutes)
      .route('/', portalOnboardingRoutes)
      .route('/', portalCouponRoutes)
      .route('/', portalDealRoutes)
      .route('/', portalClaimRoutes)
      .route('/', portalCustomerRoutes)
      .route('/messages', portalMessagingRoutes)
      .route('/', portalNoticeRoutes)
      // Answered here: otherwise the program API behind would ask for a secret key.
      .all('*', (c) => {
        throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`)
      })
  )
}
