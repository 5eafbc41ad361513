import type { MiddlewareHandler } from 'hono'
import type { Db } from '../db/connect.ts'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { isUniqueViolation } from '../db/errors.ts'
import { sha256 } from '../hash.ts'
import { deleteIdempotencyKey, deleteIdempotencyKeysBefore, findIdempotencyKey, insertIdempotencyClaim, releaseIdempotencyClaim, renewIdempotencyClaim, storeIdempotentResponse } from './idempotency-queries.ts'
import { randomToken } from '../ids.ts'
import { openSecret, sealSecret } from '../secrets.ts'
import type { AppEnv } from './env.ts'
import { bodyText } from './body.ts'
import { ApiError } from './errors.ts'

/**
 * A running request's claim lasts this long past its last renewal; a claim not renewed for longer belongs to
 * a request whose process died (or stalled past it): a retry may take the key and run.
 */
export const CLAIM_LEASE_MS = 60_000
/** How often a running request renews its claim: a few times within the lease, so one late renewal is no loss. */
export const CLAIM_RENEW_MS = 15_000
/** Stored responses are replayed for this long, as Stripe does; then the key may be used afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000

/**
 * `Idempotency-Key` on a POST: the first response is stored and replayed for retries with the same
 * body; a different body under the same key is refused; a retry while the first runs gets 409 (the first
 * renews its claim while it runs: CLAIM_LEASE_MS).
 * Must run after authentication: keys are scoped to the program and to the credential that sent them (or
 * the route's idempotencyScope): a console token must not replay what the secret key was answered (a new
 * secret key), nor one manager what another was.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header('idempotency-key')
  if (c.req.method !== 'POST' || !given) return next()
  if (given.length > 255) throw new ApiError(400, 'invalid_request', 'Idempotency-Key is longer than 255 characters')
  // c.get, not c.var: c.var copies every variable into a new object on each read
  const actor = c.get('actor')
  const scope = c.get('idempotencyScope') ?? `${actor.kind}:${actor.id}`
  const key = `${scope}|${given}`
  const { db, now } = c.get('deps')
  const programId = c.get('program').id
  const requestHash = sha256(`${c.req.method} ${c.req.path}\n${await bodyText(c)}`)
  const id = { programId, key }
  const claimId = randomToken(16)

  // Claim the key; a second attempt follows only after removing a dead or expired claim.
  for (let attempt = 0; ; attempt++) {
    try {
      await insertIdempotencyClaim(db, id, claimId, requestHash, now().toISOString())
      break
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
    }
    const seen = await findIdempotencyKey(db, id)
    if (!seen) continue // removed in between: claim again
    const dead = seen.status_code === null
      ? now().getTime() - Date.parse(seen.renewed_at ?? seen.created_at) > CLAIM_LEASE_MS
      : now().getTime() - Date.parse(seen.created_at) > IDEMPOTENCY_TTL_MS
    if (dead && attempt === 0) {
      // The first request stopped renewing (its process died), or its answer is past keeping: the key is free again.
      await deleteIdempotencyKey(db, id, seen)
      continue
    }
    if (seen.request_hash !== requestHash) throw new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was used with a different request')
    if (seen.status_code === null) {
      throw new ApiError(409, 'conflict', 'A request with this Idempotency-Key is still in progress', undefined, { 'Retry-After': '1' })
    }
    c.header('Idempotent-Replayed', 'true')
    return c.body(openSecret(db, seen.response_body) ?? '', seen.status_code as ContentfulStatusCode, { 'content-type': 'application/json' })
  }

  // Renewed while the request runs, however long: a retry meanwhile answers 409, not a second run. A failed
  // renewal is tried again at the next tick; the timer never keeps the process alive.
  const lease = setInterval(() => void renewIdempotencyClaim(db, id, claimId, now().toISOString()).catch(() => {}), CLAIM_RENEW_MS)
  lease.unref()
  const forget = () => releaseIdempotencyClaim(db, id, claimId)
  try {
    await next()
  } catch (err) {
    clearInterval(lease)
    await forget()
    throw err
  }
  clearInterval(lease)
  // Server errors are not final: let the retry run again. Client errors are replayed like successes.
  if (c.res.status >= 500) return void (await forget())
  // Sealed: a response may carry a secret that is shown once (a new API key, a webhook signing secret).
  const body = sealSecret(db, await c.res.clone().text())
  await storeIdempotentResponse(db, id, claimId, c.res.status, body)
}

/** Forgets stored responses past their keeping time; run by the server's maintenance loop. */
export async function pruneIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()
  return deleteIdempotencyKeysBefore(db, before)
}
