import { serve as nodeServe } from '@hono/node-server'
import { createApp } from './app.ts'
import type { Db } from './db/connect.ts'
import type { Env } from './env.ts'

/** Serves the API on the configured address; resolves with the bound port. */
export function serve(db: Db, env: Env): Promise<{ port: number; close: () => Promise<void> }> {
  const app = createApp({
    db,
    adminToken: env.AFFLIO_ADMIN_TOKEN,
    rateLimit: { burst: env.AFFLIO_RATE_LIMIT_BURST, perSecond: env.AFFLIO_RATE_LIMIT_PER_SECOND, trustProxy: env.AFFLIO_TRUST_PROXY },
  })
  return new Promise((resolve) => {
    const server = nodeServe({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) =>
      resolve({ port: info.port, close: () => new Promise((done) => server.close(() => done())) }),
    )
  })
}
