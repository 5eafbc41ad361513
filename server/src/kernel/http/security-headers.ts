// Protective headers, added in one place to whatever a route answers: every response gets nosniff,
// and every HTML response (the marketplace pages, the unsubscribe pages, their error pages) a policy
// that lets the page run no script, load nothing but inline style and http(s) images, post forms only
// to this server, and not be framed (or only by the configured origins), nor leak its URL onward.
import type { MiddlewareHandler } from 'hono'

/** A `frame-ancestors` source: `'self'`, or an http(s) origin, optionally with a `*.` host wildcard and a port. */
export const FRAME_SOURCE = /^('self'|https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?)$/i

export interface SecurityHeaderOptions {
  /** Who may frame the HTML pages; default none (`'none'`, and X-Frame-Options: DENY) */
  frameAncestors?: readonly string[]
}

export function pageCsp(frameAncestors: readonly string[] = []): string {
  for (const source of frameAncestors) if (!FRAME_SOURCE.test(source)) throw new Error(`Not a frame-ancestors source: ${source}`)
  const ancestors = frameAncestors.length ? frameAncestors.join(' ') : "'none'"
  return `default-src 'none'; img-src http: https:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`
}

export function securityHeaders({ frameAncestors = [] }: SecurityHeaderOptions = {}): MiddlewareHandler {
  const csp = pageCsp(frameAncestors)
  return async (c, next) => {
    await next()
    const headers = c.res.headers
    headers.set('X-Content-Type-Options', 'nosniff')
    if (!/^text\/html\b/i.test(headers.get('content-type') ?? '')) return
    headers.set('Content-Security-Policy', csp)
    headers.set('Referrer-Policy', 'no-referrer')
    // For browsers without CSP frame-ancestors. It cannot name origins: with a list it is left out.
    if (frameAncestors.length === 0) headers.set('X-Frame-Options', 'DENY')
    else headers.delete('X-Frame-Options')
  }
}
