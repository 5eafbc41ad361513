import type { Context } from 'hono'
import { requestHeader } from './headers.ts'

/** The bearer credential of a request, whatever its kind; which kinds a route takes is its feature's call. */
export function bearer(c: Context): string | null {
  return bearerOf(requestHeader(c, 'authorization'))
}

/** The credential of an Authorization header's value: `Bearer <credential>`, else null. */
export function bearerOf(header: string | undefined): string | null {
  const m = header?.match(/^Bearer\s+(\S+)$/i)
  return m ? m[1]! : null
}
