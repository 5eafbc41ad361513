// Operator endpoints for a self-hosted install: create programs. Guarded by AFFLIO_ADMIN_TOKEN.
import { createHash, timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { bearer } from '../kernel/http/auth.ts'
import { guardCredential, UnknownCredential } from '../kernel/http/auth-throttle.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { createProgram as createProgramSchema } from './schemas.ts'
import { parseBody } from '../kernel/http/validate.ts'
import { createProgram } from './programs.ts'

/** Compared as SHA-256 digests: equal lengths whatever was sent, so the time taken tells nothing, not even the length. */
function same(a: string, b: string) {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}

export function adminRoutes(adminToken: string | undefined) {
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      const token = bearer(c)
      if (!adminToken) throw new ApiError(403, 'forbidden', 'Admin API is disabled: set AFFLIO_ADMIN_TOKEN')
      if (!token) throw new ApiError(401, 'unauthorized', 'Missing admin token: send Authorization: Bearer <AFFLIO_ADMIN_TOKEN>')
      await guardCredential(c, 'admin', async () => {
        // A program's key is the usual mistake here: say so rather than only "invalid".
        const programKey = /^(sk|pk)_/.test(token) ? ': the admin API takes the server\'s AFFLIO_ADMIN_TOKEN, not a program\'s key' : ': it must be the server\'s AFFLIO_ADMIN_TOKEN'
        if (!same(token, adminToken)) throw new UnknownCredential(`Invalid admin token${programKey}`)
      })
      c.set('actor', { kind: 'admin', id: 'admin', label: null })
      await next()
    })
    .post('/programs', async (c) => {
      const input = await parseBody(c, createProgramSchema)
      return c.json(await createProgram(c.var.deps.db, input, c.var.deps.now(), c.var.actor), 201)
    })
}
