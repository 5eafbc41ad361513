import type { Context } from 'hono'
import { requestHeader } from './headers.ts'

/** The bearer credential of a request, whatever its kind; which kinds a route takes is its feature's call. */
export function bearer(c: Context): string | null {
  const h = requestHeader(c, 'authorization')
  const m = h?.match(/^Bearer\s+(\S+)$/i)
  return m ? m[1]! : null
}
