import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Db } from './db/connect.ts'
import type { AppEnv } from './http/env.ts'
import { ApiError, notFoundHandler, onError } from './http/errors.ts'
import type { RateLimitOptions } from './http/rate-limit.ts'
import { adminRoutes } from './routes/admin.ts'
import { programRoutes } from './routes/program.ts'
import { trackRoutes } from './routes/track.ts'

export interface AppOptions {
  db: Db
  now?: () => Date
  /** Enables POST /v1/programs for operators */
  adminToken?: string
  rateLimit?: Partial<RateLimitOptions>
  /** Largest request body accepted, in bytes */
  maxBodyBytes?: number
}

/** The whole HTTP API. Tests, the CLI and the demo all build it here, from a database. */
export function createApp({ db, now = () => new Date(), adminToken, rateLimit, maxBodyBytes = 64 * 1024 }: AppOptions) {
  const limits: RateLimitOptions = { burst: 60, perSecond: 10, trustProxy: false, ...rateLimit }
  const deps = { db, now }
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      c.set('deps', deps)
      await next()
    })
    .use(
      '/v1/*',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: () => {
          throw new ApiError(413, 'payload_too_large', `Request body is larger than ${maxBodyBytes} bytes`)
        },
      }),
    )
    .get('/health', (c) => c.json({ ok: true }))
    // Order matters: public and admin routes answer before the program API, whose key check covers /v1/*.
    .route('/v1/track', trackRoutes(limits))
    .route('/v1/admin', adminRoutes(adminToken))
    .route('/v1', programRoutes)
    .notFound(notFoundHandler)
    .onError(onError)
}

export type App = ReturnType<typeof createApp>
