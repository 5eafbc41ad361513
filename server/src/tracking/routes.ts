// Public tracking: the script tag's endpoints. Publishable key, CORS-open, rate-limited per key and address.
import { type Context, Hono } from 'hono'
import { bearer } from '../kernel/http/auth.ts'
import { requestHeader } from '../kernel/http/headers.ts'
import { openCors } from '../kernel/http/open-cors.ts'
import { authenticate } from '../programs/index.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { clientIp, createRateLimiter, type RateLimitOptions } from '../kernel/http/rate-limit.ts'
import { trackClick, trackLead } from './schemas.ts'
import { parse, readJson } from '../kernel/http/validate.ts'
import { recordClick } from './record-click.ts'
import { recordLead } from './record-lead.ts'

export function trackRoutes(limits: RateLimitOptions) {
  const limit = createRateLimiter(limits)

  // The key comes in the body (text/plain: no preflight) or as a bearer token. Servers calling with a
  // secret key are not throttled; everyone else is, per key and address, before any lookup.
  async function open(c: Context<AppEnv>): Promise<unknown> {
    const body = await readJson(c)
    const inBody = (body as { key?: unknown } | null)?.key
    const key = bearer(c) ?? (typeof inBody === 'string' ? inBody : null)
    if (!key?.startsWith('sk_')) limit(`${key}|${clientIp(c, limits.trustProxy)}`)
    await authenticate(c, key, ['publishable', 'secret'])
    return body
  }

  // Named paths, not '*': sale and refund share the /v1/track prefix and must stay closed to browsers.
  const corsOpen = openCors({ allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 86_400 })
  return new Hono<AppEnv>()
    .use('/click', corsOpen)
    .use('/lead', corsOpen)
    .post('/click', async (c) => {
      const input = parse(trackClick, await open(c))
      const visitor = { ip: clientIp(c, limits.trustProxy), userAgent: requestHeader(c, 'user-agent') ?? '' }
      const deps = c.get('deps') // c.get, not c.var: c.var copies every variable into a new object on each read
      const result = await recordClick(deps.db, c.get('program'), input, visitor, deps.now())
      if (!result) return c.body(null, 204) // not counted (fraud rules): the script goes on without a click id
      return c.json(result, result.duplicate ? 200 : 201)
    })
    .post('/lead', async (c) => {
      const input = parse(trackLead, await open(c))
      const deps = c.get('deps')
      return c.json(await recordLead(deps.db, c.get('program'), input, deps.now(), c.get('keyKind') === 'secret' ? 'server' : 'browser'))
    })
}
