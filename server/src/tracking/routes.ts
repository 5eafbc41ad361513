// Public tracking: the script tag's endpoints. Publishable key, CORS-open, rate-limited per key and address.
// Every visit of every customer's site is a click: these routes are mounted ahead of the app's middleware
// (app.ts), whose layers a click paid for each, and do its work themselves: the app's dependencies, the
// body's limit, and (openCors) nosniff and the request id; NUL in the URL does not matter here, as nothing reads the URL.
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bearer } from '../kernel/http/auth.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { requestHeader } from '../kernel/http/headers.ts'
import { openCors, openEmpty, openJson } from '../kernel/http/open-cors.ts'
import { requestIdOf } from '../kernel/http/request-id.ts'
import { authenticate } from '../programs/index.ts'
import type { AppEnv, Deps } from '../kernel/http/env.ts'
import { clientIp, clientNetwork, createRateLimiter, type RateLimitOptions } from '../kernel/http/rate-limit.ts'
import { trackClick, trackLead } from './schemas.ts'
import { parse, readJson } from '../kernel/http/validate.ts'
import { recordClick } from './record-click.ts'
import { recordBrowserLead, recordLead } from './record-lead.ts'

export interface TrackDoor {
  deps: Deps
  /** The app's body limit (kernel/http/body.ts) */
  limitBody: MiddlewareHandler
}

// A key longer than any we issue (`pk_live_` and 32 characters) is no key: it shares its address's one
// bucket. Otherwise each made-up key, up to the body's size, was a bucket of its own, kept in memory until
// a sweep: a client posting new ones was never limited, and 50,000 posts of 64 KB held 3 GB.
const KEY_MAX = 64
const bucketKey = (key: string | null) => (key !== null && key.length <= KEY_MAX ? key : '-')

const SECRET_KEY_IN_BODY =
  'A secret key (sk_…) in the body is refused: the body\'s key is for web pages, which take the publishable key (pk_…). ' +
  'If this secret key was in a page, it is public: roll it (POST /v1/keys for a new one, then DELETE /v1/keys/:id the exposed one). ' +
  'Servers send the secret key as Authorization: Bearer'

export function trackRoutes(limits: RateLimitOptions, { deps, limitBody }: TrackDoor) {
  const limit = createRateLimiter(limits)

  // The key comes in the body (text/plain: no preflight) or as a bearer token. Servers calling with a
  // secret key as a bearer token are not throttled; everyone else is, per key and address, before any lookup.
  // The body's key is the script's `data-key`: a secret key there sat in a web page, so it is refused.
  async function open(c: Context<AppEnv>): Promise<unknown> {
    const body = await readJson(c)
    const inBody = (body as { key?: unknown } | null)?.key
    const header = bearer(c)
    const key = header ?? (typeof inBody === 'string' ? inBody : null)
    if (!header?.startsWith('sk_')) limit(`${bucketKey(key)}|${clientNetwork(c, limits.trustProxy)}`)
    if (typeof inBody === 'string' && inBody.startsWith('sk_')) throw new ApiError(403, 'forbidden', SECRET_KEY_IN_BODY)
    await authenticate(c, key, ['publishable', 'secret'])
    return body
  }

  // Named paths, not '*': sale and refund share the /v1/track prefix and must stay closed to browsers.
  const corsOpen = openCors({ allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 86_400 })
  const door: MiddlewareHandler<AppEnv> = (c, next) => {
    c.set('deps', deps)
    return limitBody(c, next)
  }
  return new Hono<AppEnv>()
    .use('/click', corsOpen, door)
    .use('/lead', corsOpen, door)
    .post('/click', async (c) => {
      const input = parse(trackClick, await open(c))
      const visitor = { ip: clientIp(c, limits.trustProxy), userAgent: requestHeader(c, 'user-agent') ?? '' }
      const result = await recordClick(deps.db, c.get('program'), input, visitor, deps.now())
      if (!result) return openEmpty(204, requestIdOf(c)) // not counted (fraud rules): the script goes on without a click id
      return openJson(result, result.duplicate ? 200 : 201, requestIdOf(c))
    })
    .post('/lead', async (c) => {
      const input = parse(trackLead, await open(c))
      if (c.get('keyKind') === 'secret') return openJson(await recordLead(deps.db, c.get('program'), input, deps.now(), c.get('actor')), 200, requestIdOf(c))
      const received = await recordBrowserLead(deps.db, c.get('program'), input, deps.now())
      return received ? openJson(received, 200, requestIdOf(c)) : openEmpty(204, requestIdOf(c)) // no click: nothing recorded, whoever the id names
    })
}
