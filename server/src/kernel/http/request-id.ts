// Every answer's X-Request-Id: the caller's own (a proxy's, a client's) when it is a short safe token, else
// one made here. The SDK puts it on its errors (AfflioApiError.requestId) and a 500's log line names it, so a
// caller's report leads to the server's log. The tracking routes, mounted ahead of this middleware, set it
// themselves (open-cors.ts): a click's answer is built with it, never copied to add it.
import type { Context, MiddlewareHandler } from 'hono'
import { randomUUID } from 'node:crypto'
import { requestHeader } from './headers.ts'

export const REQUEST_ID_HEADER = 'X-Request-Id'

/** A caller's id taken as it is: 1 to 128 letters, digits, `.`, `_`, `:` or `-` (a UUID, a proxy's hex), nothing that could bend a log line or a header. */
const SAFE = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * The id of a request that came with `given` (its X-Request-Id, if any): `given` when it is safe, else a new
 * random UUID, the usual form of this header (0.3 µs; a time-sorted id cost a click three times that).
 *
 * @example
 * requestIdFor('edge-42') // 'edge-42'
 * requestIdFor('a b\r\nc') // '3b241101-e2bb-4255-8caf-4136c566a962': a new one
 */
export function requestIdFor(given: string | undefined): string {
  return given !== undefined && SAFE.test(given) ? given : randomUUID()
}

/** The request's id, read off the request (once per request, by the first to ask) and kept on the context. */
export function requestIdOf(c: Context): string {
  let id = c.get('requestId') as string | undefined
  if (id === undefined) c.set('requestId', (id = requestIdFor(requestHeader(c, REQUEST_ID_HEADER))))
  return id
}

/** Sets X-Request-Id on whatever the routes after it answer, errors included. */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const id = requestIdOf(c)
    await next()
    c.res.headers.set(REQUEST_ID_HEADER, id)
  }
}
