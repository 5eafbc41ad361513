// CORS open to every origin, answering what hono/cors({ origin: '*', ... }) answers, for the script tag's
// endpoints (a click on every visit). Hono's sets its headers on `c.res` before the route runs; Hono then
// copies the route's response into a new one (its body becoming a web stream, written out asynchronously),
// which cost a click more than its database insert. Here the header is added to the route's own response,
// and the request id (request-id.ts) too: these routes are mounted ahead of the app's middleware that sets it.
import type { MiddlewareHandler } from 'hono'
import { errorBody } from './errors.ts'
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts'

export interface OpenCorsOptions {
  allowMethods: readonly string[]
  allowHeaders: readonly string[]
  maxAge: number
}

// Exposed: the SDK, in a browser too, reads the request id into its errors; a page's script reads how long
// to wait after the rate limiter's 429 (Retry-After), as on the app's other CORS-open routes.
const OPEN = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': `Retry-After,${REQUEST_ID_HEADER}`, 'X-Content-Type-Options': 'nosniff' } as const

/** The open headers and the request's id as a plain object (also for node's response at the click's door, tracking/click-door.ts). */
export const openHeaders = (requestId: string): Record<string, string> => ({ [REQUEST_ID_HEADER]: requestId, ...OPEN })

/** Answers built with the open headers already: nothing to add. */
const built = new WeakSet<Response>()

/** A JSON answer with the open headers and the request's id (`requestIdOf(c)`). */
export function openJson(body: unknown, status: number, requestId: string): Response {
  const res = new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...openHeaders(requestId) } })
  built.add(res)
  return res
}

/** An answer without a body, with the open headers and the request's id (`requestIdOf(c)`). */
export function openEmpty(status: number, requestId: string): Response {
  const res = new Response(null, { status, headers: openHeaders(requestId) })
  built.add(res)
  return res
}

export function openCors({ allowMethods, allowHeaders, maxAge }: OpenCorsOptions): MiddlewareHandler {
  const preflight = {
    ...OPEN,
    'Access-Control-Max-Age': String(maxAge),
    'Access-Control-Allow-Methods': allowMethods.join(','),
    'Access-Control-Allow-Headers': allowHeaders.join(','),
    Vary: 'Access-Control-Request-Headers',
  }
  return async (c, next) => {
    const id = requestIdOf(c)
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { ...preflight, [REQUEST_ID_HEADER]: id })
    await next() // a route's error is already an answer here (Hono's compose turns it into one)
    if (built.has(c.res)) return
    const headers = c.res.headers
    for (const [name, value] of Object.entries(OPEN)) headers.set(name, value)
    headers.set(REQUEST_ID_HEADER, id)
  }
}

/**
 * A browser's preflight to a route no CORS middleware opened (the secret-key API, /v1/admin, /v1/track/sale)
 * answers 403 saying where that call belongs. It answered the route's auth error before ("Missing API key":
 * the browser never sends the key on a preflight), which sent a newcomer looking for a key they had sent.
 * Still without Access-Control-Allow-Origin: the browser refuses the call, and its network tab shows why.
 */
export const closedToBrowsers: MiddlewareHandler = async (c, next) => {
  await next()
  if (c.req.method !== 'OPTIONS') return
  const method = c.req.header('access-control-request-method')
  if (!method || !c.req.header('origin') || c.res.headers.has('access-control-allow-origin')) return
  const message = `${method} ${c.req.path} is not open to browsers (CORS): call it from your backend with the secret key. Web pages use the tracking script (POST /v1/track/click and /v1/track/lead, publishable key), the portal and the console their tokens (docs/api.md#cors)`
  c.res = c.json(errorBody('forbidden', message), 403)
}
