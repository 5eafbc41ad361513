import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { ApiError } from './errors.ts'
import { requestHeader } from './headers.ts'

export interface RateLimitOptions {
  /** requests allowed in a burst */
  burst: number
  /** sustained requests per second */
  perSecond: number
  /** read the client address from X-Forwarded-For (only behind a proxy you run) */
  trustProxy: boolean
  now?: () => number
}

interface Bucket {
  tokens: number
  at: number
}

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = requestHeader(c, 'x-forwarded-for')
    if (fwd) return fwd.split(',')[0]!.trim()
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // not behind node-server (app.request in tests)
  }
}

/** A token bucket per id (key and client address), in memory: each process guards its own door. */
export function createRateLimiter(opts: RateLimitOptions): (id: string) => void {
  const buckets = new Map<string, Bucket>()
  const now = opts.now ?? Date.now
  // A sweep walks every bucket: at most one per refill time, or a flood of live addresses would make
  // every request walk them all.
  let sweptAt = Number.NEGATIVE_INFINITY
  return (id) => {
    const t = now()
    const b = buckets.get(id) ?? { tokens: opts.burst, at: t }
    b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond)
    b.at = t
    if (b.tokens < 1) {
      const retry = Math.ceil((1 - b.tokens) / opts.perSecond)
      throw new ApiError(429, 'rate_limited', 'Too many requests', undefined, { 'Retry-After': String(retry) })
    }
    b.tokens -= 1
    buckets.set(id, b)
    if (buckets.size > 50_000 && t - sweptAt > (opts.burst / opts.perSecond) * 1000) {
      sweptAt = t
      sweep(buckets, t, opts)
    }
  }
}

// Drop buckets that have refilled completely: they hold nothing a fresh one would not.
function sweep(buckets: Map<string, Bucket>, t: number, opts: RateLimitOptions) {
  const full = (opts.burst / opts.perSecond) * 1000
  for (const [k, b] of buckets) if (t - b.at > full) buckets.delete(k)
}
