import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { isUniqueViolation } from '../lib/db-errors.ts'
import { sha256 } from '../lib/hash.ts'
import type { AppEnv } from './env.ts'
import { ApiError } from './errors.ts'

/**
 * `Idempotency-Key` on a POST: the first response is stored and replayed for retries with the same
 * body; a different body under the same key is refused; a retry racing the first gets 409.
 * Must run after authentication: keys are scoped to the program.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key')
  if (c.req.method !== 'POST' || !key) return next()
  if (key.length > 255) throw new ApiError(400, 'invalid_request', 'Idempotency-Key is longer than 255 characters')
  const { db, now } = c.var.deps
  const programId = c.var.program.id
  const requestHash = sha256(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
  try {
    await db.insertInto('idempotency_keys').values({ program_id: programId, key, request_hash: requestHash, status_code: null, response_body: null, created_at: now().toISOString() }).execute()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const seen = await db.selectFrom('idempotency_keys').selectAll().where('program_id', '=', programId).where('key', '=', key).executeTakeFirstOrThrow()
    if (seen.request_hash !== requestHash) throw new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was used with a different request')
    if (seen.status_code === null) {
      throw new ApiError(409, 'conflict', 'A request with this Idempotency-Key is still in progress', undefined, { 'Retry-After': '1' })
    }
    c.header('Idempotent-Replayed', 'true')
    return c.body(seen.response_body ?? '', seen.status_code as ContentfulStatusCode, { 'content-type': 'application/json' })
  }
  const forget = () => db.deleteFrom('idempotency_keys').where('program_id', '=', programId).where('key', '=', key).execute()
  try {
    await next()
  } catch (err) {
    await forget()
    throw err
  }
  // Server errors are not final: let the retry run again. Client errors are replayed like successes.
  if (c.res.status >= 500) return void (await forget())
  const body = await c.res.clone().text()
  await db.updateTable('idempotency_keys').set({ status_code: c.res.status, response_body: body }).where('program_id', '=', programId).where('key', '=', key).execute()
}
