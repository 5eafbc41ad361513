import type { Context } from 'hono'
import { isIP } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import { ApiError } from './errors.ts'
import { requestHeader } from './headers.ts'

export interface RateLimitOptions {
  /** requests allowed in a burst */
  burst: number
  /** sustained requests per second */
  perSecond: number
  /** read the client address from X-Forwarded-For, as the proxies in front (`true`: one) saw it; only behind proxies you run */
  trustProxy: boolean | number
  now?: () => number
}

interface Bucket {
  tokens: number
  at: number
}

export function clientIp(c: Context, trustProxy: boolean | number): string {
  return clientIpOf(trustProxy ? requestHeader(c, 'x-forwarded-for') : undefined, () => {
    try {
      return getConnInfo(c).remote.address
    } catch {
      return undefined // not behind node-server (app.request in tests)
    }
  }, trustProxy)
}

/** clientIp from the request's X-Forwarded-For and its socket's address (`remote`, asked only when needed). */
export function clientIpOf(header: string | undefined, remote: () => string | undefined, trustProxy: boolean | number): string {
  const proxies = trustProxy === true ? 1 : Number(trustProxy)
  if (proxies > 0) {
    // Each proxy appends the address it was reached from, after whatever the request already said: the entry
    // our outermost proxy wrote is `proxies` from the end. Anything before it the client may have written
    // itself, to be a new address at every guess.
    // Walked from the end (a click reads it): the header's length is the client's to choose.
    if (header) {
      let end = header.length
      let nearest = ''
      for (let seen = 0; end > 0; ) {
        const start = header.lastIndexOf(',', end - 1)
        const entry = header.slice(start + 1, end).trim()
        if (entry && ++seen === proxies) return entry
        nearest ||= entry
        end = start < 0 ? 0 : start
      }
      // Fewer entries than proxies (a request past the outer ones): only the last is surely a proxy's own
      if (nearest) return nearest
    }
  }
  return remote() ?? 'unknown'
}

/**
 * The client's network, as per-address limits count it: an IPv4 address itself, an IPv6 address's /64.
 * One subscriber (a VPS, a home line) holds a whole /64, 2^64 addresses: counted one by one, each would
 * be a fresh bucket. An IPv4-mapped IPv6 address is its IPv4 address.
 */
export function clientNetwork(c: Context, trustProxy: boolean | number): string {
  return networkOf(clientIp(c, trustProxy))
}

export function networkOf(ip: string): string {
  if (isIP(ip) !== 6) return ip
  const address = ip.replace(/%.*$/, '').toLowerCase() // a zone (fe80::1%eth0) names the interface, not the client
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (mapped) return mapped[1]!
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const width = (groups: string[]) => groups.length + (groups.at(-1)?.includes('.') ? 1 : 0) // a trailing dotted IPv4 is two groups
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right]
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`
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
