// Failed authentication, throttled per client address and credential kind: a guess at a key or token
// costs the guesser, never the credential guessed, so random guesses run out like repeated ones.
//
// Each (kind, address) has a token bucket of AUTH_FAILURE_BURST failures that refills at
// AUTH_FAILURES_PER_MINUTE. The bucket is a row of `auth_failures`, updated by one upsert per failure,
// so every process on the same database (Postgres, or one SQLite file) counts the same failures.
// Valid traffic costs no query: a process that sees a bucket run dry remembers the address in memory
// until it refills, and answers 429 before looking at any credential from it, a valid one included
// (a guesser must not learn that a guess was right). Only guesses count: a missing credential, an
// expired token or a revoked key (each was issued once, not guessed) answers as before. A row names its
// address by the database's keyed hash (secrets.ts), never the address itself.
import type { Context } from 'hono'
import type { Db } from '../db/connect.ts'
import type { AuthFailureTable } from '../db/schema.ts'
import { secretBoxFor } from '../secrets.ts'
import { deleteIdleAuthFailures, takeAuthFailure } from './auth-throttle-queries.ts'
import type { AppEnv } from './env.ts'
import { ApiError } from './errors.ts'
import { clientNetwork } from './rate-limit.ts'

export type CredentialKind = AuthFailureTable['kind']

/** Failed attempts an address may make at once, per credential kind. */
export const AUTH_FAILURE_BURST = 10
/** Failed attempts it regains per minute: one every 6 seconds. */
export const AUTH_FAILURES_PER_MINUTE = 10

/** A credential that was presented and matched nothing: the failures the throttle counts. */
export class UnknownCredential extends ApiError {
  constructor(message: string) {
    super(401, 'unauthorized', message)
  }
}

export interface AuthThrottleOptions {
  db: Db
  now: () => Date
  /** read the client address from X-Forwarded-For (the rate limiter's setting) */
  trustProxy: boolean | number
  burst?: number
  perMinute?: number
}

export interface AuthThrottle {
  /**
   * Runs `check` (the credential's lookup) unless the address is throttled for this kind, and counts
   * it when it throws UnknownCredential. Throws 429 `rate_limited` with Retry-After when throttled.
   */
  guard<T>(c: Context, kind: CredentialKind, check: () => Promise<T>): Promise<T>
  /** As guard, for a request from `network` (clientNetwork's answer) read without a Context: the click's node door */
  guardAt<T>(network: string, kind: CredentialKind, check: () => Promise<T>): Promise<T>
}

// Rows idle this long have refilled completely (the default refill takes a minute): they are dropped.
const STALE_MS = 10 * 60_000
const SWEEP_EVERY = 200

export function createAuthThrottle({ db, now, trustProxy, burst = AUTH_FAILURE_BURST, perMinute = AUTH_FAILURES_PER_MINUTE }: AuthThrottleOptions): AuthThrottle {
  const perMs = perMinute / 60_000
  /** `${kind}|${address}` to the time (ms) its bucket holds one failure again, for buckets seen dry here */
  const refused = new Map<string, number>()
  let failures = 0

  const throttled = (untilMs: number, t: number) =>
    new ApiError(429, 'rate_limited', 'Too many failed authentication attempts from this address: wait Retry-After seconds', undefined, {
      'Retry-After': String(Math.max(1, Math.ceil((untilMs - t) / 1000))),
    })

  async function record(kind: CredentialKind, address: string, t: number): Promise<number> {
    const left = await takeAuthFailure(db, { kind, address: secretBoxFor(db).keyedHash(`auth|${address}`) }, t, { burst, perMs })
    if (++failures % SWEEP_EVERY === 0) await deleteIdleAuthFailures(db, t - STALE_MS)
    return left
  }

  async function guardAt<T>(address: string, kind: CredentialKind, check: () => Promise<T>): Promise<T> {
    const id = `${kind}|${address}`
    const t = now().getTime()
    const until = refused.get(id)
    if (until !== undefined) {
      if (until > t) throw throttled(until, t)
      refused.delete(id)
    }
    try {
      return await check()
    } catch (err) {
      if (!(err instanceof UnknownCredential)) throw err
      const left = await record(kind, address, t)
      if (left >= 1) throw err
      // Dry: refuse this address until one failure has refilled. A bucket below zero was emptied by
      // other processes first; this failure is over the allowance, so it is answered as one.
      const next = t + (1 - left) / perMs
      refused.set(id, next)
      if (refused.size > 10_000) for (const [k, u] of refused) if (u <= t) refused.delete(k)
      throw left < 0 ? throttled(next, t) : err
    }
  }
  // An IPv6 client's /64: rate-limit.ts says why
  return { guard: (c, kind, check) => guardAt(clientNetwork(c, trustProxy), kind, check), guardAt }
}

/** `check` behind the app's throttle: see AuthThrottle.guard. */
export function guardCredential<T, E extends AppEnv>(c: Context<E>, kind: CredentialKind, check: () => Promise<T>): Promise<T> {
  return (c as unknown as Context<AppEnv>).get('deps').authThrottle.guard(c, kind, check) // c.var would copy every variable
}
