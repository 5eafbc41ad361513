// CORS open to every origin, answering what hono/cors({ origin: '*', ... }) answers, for the script tag's
// endpoints (a click on every visit). Hono's sets its headers on `c.res` before the route runs; Hono then
// copies the route's response into a new one (its body becoming a web stream, written out asynchronously),
// which cost a click more than its database insert. Here the header is added to the route's own response.
import type { MiddlewareHandler } from 'hono'

export interface OpenCorsOptions {
  allowMethods: readonly string[]
  allowHeaders: readonly string[]
  maxAge: number
}

const OPEN = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' } as const

/** Answers built with the open headers already: nothing to add. */
const built = new WeakSet<Response>()

/** A JSON answer with the open headers. */
export function openJson(body: unknown, status: number): Response {
  const res = new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...OPEN } })
  built.add(res)
  return res
}

/** An answer without a body, with the open headers. */
export function openEmpty(status: number): Response {
  const res = new Response(null, { status, headers: OPEN })
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
    if (c.req.method === 'OPTIONS') return c.body(null, 204, preflight)
    await next() // a route's error is already an answer here (Hono's compose turns it into one)
    if (built.has(c.res)) return
    const headers = c.res.headers
    for (const [name, value] of Object.entries(OPEN)) headers.set(name, value)
  }
}
