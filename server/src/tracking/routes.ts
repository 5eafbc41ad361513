// Public tracking: the script tag's endpoints. Publishable key, CORS-open, rate-limited per key and address.
// Every visit of every customer's site is a click: these routes are mounted ahead of the app's middleware
// (app.ts), whose layers a click paid for each, and do its work themselves: the app's dependencies, the
// body's limit, and (openCors) nosniff and the request id; NUL in the URL does not matter here, as nothing reads the URL.
import type { TrackClickResult } from '@afflio/sdk/types'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bearer } from '../kernel/http/auth.ts'
import { limitBody } from '../kernel/http/body.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { requestHeader } from '../kernel/http/headers.ts'
import { openCors, openEmpty, openJson } from '../kernel/http/open-cors.ts'
import { requestIdOf } from '../kernel/http/request-id.ts'
import { actorOf, keyHolder } from '../programs/index.ts'
import type { AppEnv, Deps } from '../kernel/http/env.ts'
import { clientIp, createRateLimiter, networkOf, type RateLimitOptions } from '../kernel/http/rate-limit.ts'
import { trackClick, trackLead } from './schemas.ts'
import { parse, readJson } from '../kernel/http/validate.ts'
import type { Door } from '../kernel/http/listen.ts'
import { clickDoor } from './click-door.ts'
import { recordClick } from './record-click.ts'
import { recordBrowserLead, recordLead } from './record-lead.ts'

export interface TrackDoor {
  deps: Deps
  /** The app's limit on a body's size, in bytes (kernel/http/body.ts) */
  maxBodyBytes: number
}

/** What the tracking endpoints read of a request, however it came in (Hono's Context, or node's request at the click's door). */
export interface Knock {
  /** the body, parsed as JSON (`readJson`) */
  body: unknown
  /** the Authorization header's bearer credential */
  bearer: string | null
  /** the client's address (`clientIp`) and its network (`networkOf`) */
  ip: string
  network: string
  userAgent: string
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

/**
 * The tracking endpoints: Hono's routes, and for the click (every visit of every customer's site) a door on
 * node's server ahead of Hono (click-door.ts) that answers the same from the same code (`click` below).
 */
export function tracking(limits: RateLimitOptions, { deps, maxBodyBytes }: TrackDoor): { routes: Hono<AppEnv>; door: Door } {
  const limit = createRateLimiter(limits)

  // The key comes in the body (text/plain: no preflight) or as a bearer token. Servers calling with a
  // secret key as a bearer token are not throttled; everyone else is, per key and address, before any lookup.
  // The body's key is the script's `data-key`: a secret key there sat in a web page, so it is refused.
  function admit(knock: Knock) {
    const inBody = (knock.body as { key?: unknown } | null)?.key
    const key = knock.bearer ?? (typeof inBody === 'string' ? inBody : null)
    if (!knock.bearer?.startsWith('sk_')) limit(`${bucketKey(key)}|${knock.network}`)
    if (typeof inBody === 'string' && inBody.startsWith('sk_')) throw new ApiError(403, 'forbidden', SECRET_KEY_IN_BODY)
    return keyHolder(deps.db, (kind, check) => deps.authThrottle.guardAt(knock.network, kind, check), key, ['publishable', 'secret'])
  }

  /** POST /v1/track/click: null is a click the fraud rules did not count (answered 204, without a click id). */
  async function click(knock: Knock): Promise<TrackClickResult | null> {
    const { program } = await admit(knock)
    const input = parse(trackClick, knock.body)
    return recordClick(deps.db, program, input, { ip: knock.ip, userAgent: knock.userAgent }, deps.now())
  }

  const knockOf = async (c: Context<AppEnv>): Promise<Knock> => {
    const body = await readJson(c)
    const ip = clientIp(c, limits.trustProxy)
    return { body, bearer: bearer(c), ip, network: networkOf(ip), userAgent: requestHeader(c, 'user-agent') ?? '' }
  }

  // Named paths, not '*': sale and refund share the /v1/track prefix and must stay closed to browsers.
  const corsOpen = openCors({ allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 86_400 })
  const limitSize = limitBody(maxBodyBytes)
  const door: MiddlewareHandler<AppEnv> = (c, next) => {
    c.set('deps', deps)
    return limitSize(c, next)
  }
  const routes = new Hono<AppEnv>()
    .use('/click', corsOpen, door)
    .use('/lead', corsOpen, door)
    .post('/click', async (c) => {
      const result = await click(await knockOf(c))
      if (!result) return openEmpty(204, requestIdOf(c)) // not counted (fraud rules): the script goes on without a click id
      return openJson(result, result.duplicate ? 200 : 201, requestIdOf(c))
    })
    .post('/lead', async (c) => {
      const knock = await knockOf(c)
      const found = await admit(knock)
      const input = parse(trackLead, knock.body)
      if (found.kind === 'secret') return openJson(await recordLead(deps.db, found.program, input, deps.now(), actorOf(found)), 200, requestIdOf(c))
      const received = await recordBrowserLead(deps.db, found.program, input, deps.now())
      return received ? openJson(received, 200, requestIdOf(c)) : openEmpty(204, requestIdOf(c)) // no click: nothing recorded, whoever the id names
    })
  return { routes, door: clickDoor(click, { maxBodyBytes, trustProxy: limits.trustProxy }) }
}
