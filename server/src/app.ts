import type { BlockList } from 'node:net'
import { Hono } from 'hono'
import type { Db } from './kernel/db/connect.ts'
import type { AppEnv, OutgoingMail } from './kernel/http/env.ts'
import { ApiError, notFoundHandler, onError } from './kernel/http/errors.ts'
import { limitBody } from './kernel/http/body.ts'
import type { Door } from './kernel/http/listen.ts'
import type { RateLimitOptions } from './kernel/http/rate-limit.ts'
import { type AuthThrottleOptions, createAuthThrottle } from './kernel/http/auth-throttle.ts'
import { securityHeaders } from './kernel/http/security-headers.ts'
import { closedToBrowsers } from './kernel/http/open-cors.ts'
import { requestId } from './kernel/http/request-id.ts'
import { adminRoutes } from './programs/admin-routes.ts'
import { assetRoutes } from './assets/routes.ts'
import { portalRoutes } from './portal/routes.ts'
import { partnerViewRoutes } from './portal/program-view-routes.ts'
import { ledgerRoutes } from './ledger/routes.ts'
import { payoutRoutes } from './payouts/routes.ts'
import { invitationRoutes } from './invitations/routes.ts'
import { partnerRoutes } from './partners/routes.ts'
import { linkRoutes } from './links/routes.ts'
import { programRoutes } from './programs/routes.ts'
import { programOverviewRoutes } from './programs/overview-routes.ts'
import { consoleApi } from './console/routes.ts'
import { stripeRoutes } from './stripe/routes.ts'
import { segmentRoutes } from './segments/routes.ts'
import { dealRoutes } from './deals/routes.ts'
import { couponRoutes } from './coupons/routes.ts'
import { requireSecretKey } from './programs/index.ts'
import { idempotency } from './kernel/http/idempotency.ts'
import { tracking } from './tracking/routes.ts'
import { webhookRoutes } from './webhooks/routes.ts'
import { marketplaceRoutes } from './recruitment/marketplace-routes.ts'
import { recruitmentRoutes } from './recruitment/routes.ts'
import { onboardingRoutes } from './onboarding/routes.ts'
import { messagingRoutes, unsubscribeRoutes } from './messaging/routes.ts'
import { openapiRoutes } from './openapi/routes.ts'
import { auditRoutes } from './audit/routes.ts'
import { customerRoutes } from './customers/routes.ts'
import { rewardRoutes } from './rewards/routes.ts'
import { claimRoutes } from './claims/index.ts'
import { budgetRoutes } from './budgets/routes.ts'
import { attachEventBus, EventBus, eventBusOf } from './kernel/events.ts'
import { onboardingReactions } from './onboarding/index.ts'
import { challengeReactions } from './challenges/index.ts'
import { messagingReactions } from './messaging/index.ts'

export interface AppOptions {
  db: Db
  now?: () => Date
  /** Enables POST /v1/admin/programs for operators */
  adminToken?: string
  rateLimit?: Partial<RateLimitOptions>
  /** The failed-credential throttle's allowance; default AUTH_FAILURE_BURST and AUTH_FAILURES_PER_MINUTE */
  authThrottle?: Pick<AuthThrottleOptions, 'burst' | 'perMinute'>
  /** Largest request body accepted, in bytes */
  maxBodyBytes?: number
  /** Stripe Connect payouts: API base URL (default https://api.stripe.com) and fetch; tests point them at a fake */
  stripe?: { baseUrl?: string; fetch?: typeof fetch }
  /** Origins allowed to frame the HTML pages (CSP frame-ancestors sources); default none */
  frameAncestors?: readonly string[]
  /** Sending an email at once (a newsletter's test copy); without it those answer 422 mail_not_configured */
  mail?: OutgoingMail
  /** Whether this server sends email, for the console's warning; default: whether `mail` is given */
  mailConfigured?: boolean
  /** Networks webhook endpoints may name besides public addresses (AFFLIO_WEBHOOK_ALLOWED_NETWORKS); default none */
  webhookNetworks?: BlockList | null
  /** Where this server is reached from outside (AFFLIO_PUBLIC_URL), the OpenAPI document's server; unset: relative */
  publicUrl?: string | undefined
}

/** The whole HTTP API. Tests, the CLI and the demo all build it here, from a database. */
export function createApp({ db, now = () => new Date(), adminToken, rateLimit, authThrottle, maxBodyBytes = 64 * 1024, stripe, frameAncestors, mail, mailConfigured = mail !== undefined, webhookNetworks = null, publicUrl }: AppOptions) {
  const limits: RateLimitOptions = { burst: 60, perSecond: 10, trustProxy: false, ...rateLimit }
  const deps = { db, now, stripe, mail, mailStatus: { configured: mailConfigured }, authThrottle: createAuthThrottle({ db, now, trustProxy: limits.trustProxy, ...authThrottle }), webhookNetworks }
  // One bus per database: a second app on the same database shares the first's (and its clock).
  if (!eventBusOf(db)) attachEventBus(createEventBus(db, now))
  const bodyLimit = limitBody(maxBodyBytes)
  const track = tracking(limits, { deps, maxBodyBytes })
  const app = new Hono<AppEnv>()
    .route('/v1/track', track.routes) // ahead of the middleware below, which it does itself: tracking/routes.ts
    .use('*', requestId()) // X-Request-Id on every answer (the tracking routes set their own)
    .use('*', securityHeaders({ frameAncestors })) // nosniff on every answer; on HTML pages, CSP, no framing, no referrer
    .use('*', async (c, next) => {
      c.set('deps', deps)
      // A NUL in a path segment or query would reach the database as text Postgres refuses: one 400 for both.
      if (/%00/i.test(c.req.url)) throw new ApiError(400, 'invalid_request', 'The URL must not contain NUL characters (%00)')
      await next()
    })
    .use('/v1/*', closedToBrowsers) // a preflight no route opened says so, not the route's auth error
    // Ahead of the API's limit: Stripe's events are larger (stripe/routes.ts), and checked against their own.
    .route('/v1/stripe', stripeRoutes)
    .use('/v1/*', bodyLimit)
    .get('/health', (c) => c.json({ ok: true }))
    .route('/', assetRoutes())
    // Order matters: public and admin routes answer before the program API, whose key check covers /v1/*.
    .route('/v1/admin', adminRoutes(adminToken))
    .route('/v1/portal', portalRoutes(limits))
    .route('/', marketplaceRoutes(limits)) // public: /v1/marketplace, /v1/programs/:slug/…, /marketplace pages
    .route('/v1/unsubscribe', unsubscribeRoutes) // public: the link in newsletter and notice emails
    .route('/v1', openapiRoutes(publicUrl)) // public: GET /v1/openapi.json, before the keyed API below
    .route('/console', consoleApi(secretApi(), maxBodyBytes)) // the same API for the console in the browser: CORS-open, console tokens only
    .route('/v1', secretApi())
    .notFound(notFoundHandler)
    .onError(onError)
  doors.set(app, track.door)
  return app
}

const doors = new WeakMap<object, Door>()

/** The click's door on node's server (tracking/click-door.ts), for `afflio serve` to put ahead of the app. */
export function nodeDoorOf(app: App): Door | undefined {
  return doors.get(app)
}

/**
 * The reactions to internal events (kernel/events.ts), each feature's own: they run after the change that
 * recorded the event commits, never inside it.
 */
export function createEventBus(db: Db, now: () => Date = () => new Date()): EventBus {
  const bus = new EventBus(db, { now })
  onboardingReactions(bus)
  challengeReactions(bus)
  messagingReactions(bus)
  return bus
}

/**
 * Everything that takes a secret key, behind one auth and one Idempotency-Key middleware.
 * Mounted last: its '*' middleware covers /v1/*, so routes mounted before it keep their own auth.
 */
function secretApi() {
  return new Hono<AppEnv>().use('*', requireSecretKey, idempotency).route('/', programRoutes).route('/', invitationRoutes).route('/', partnerRoutes).route('/', ledgerRoutes).route('/', payoutRoutes).route('/', webhookRoutes).route('/', onboardingRoutes).route('/', recruitmentRoutes).route('/', segmentRoutes).route('/', auditRoutes).route('/', customerRoutes)
    .route('/', partnerViewRoutes)
    .route('/', linkRoutes)
    .route('/', dealRoutes)
    .route('/', couponRoutes)
    .route('/', programOverviewRoutes)
    .route('/', messagingRoutes)
    .route('/', rewardRoutes)
    .route('/', claimRoutes)
    .route('/', budgetRoutes)
}

export type App = ReturnType<typeof createApp>
