// The program API for the embeddable console: `/console/v1/*` is `/v1/*` (the same routes, built by
// app.ts's secretApi()), CORS-open so a manager's browser on the host's site can call it, and taking
// console tokens only. `/v1/*` itself stays closed to browsers, and a secret key is refused here, so
// it can never be used from a web page by mistake.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { tooLarge } from '../kernel/http/body.ts'
import { bearer } from '../kernel/http/auth.ts'
import { guardCredential, UnknownCredential } from '../kernel/http/auth-throttle.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { ApiError } from '../kernel/http/errors.ts'

export function consoleApi(programApi: Hono<AppEnv>, maxBodyBytes: number) {
  return new Hono<AppEnv>()
    .use(
      '*',
      cors({
        origin: '*',
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
        exposeHeaders: ['Retry-After', 'Content-Disposition', 'X-Request-Id', 'Afflio-Export-Count', 'Afflio-Export-Excluded'],
        maxAge: 86_400,
      }),
    )
    .use('*', async (c, next) => {
      const key = bearer(c)
      if (!key) throw new ApiError(401, 'unauthorized', 'Missing console token: send Authorization: Bearer ct_…')
      if (!key.startsWith('ct_')) {
        // An API key is a credential of the wrong kind here (403); anything else is no credential at all: a
        // 401, counted as a failed guess like an unknown console token.
        if (/^(sk|pk)_/.test(key)) throw new ApiError(403, 'forbidden', 'The console API takes a console token (ct_…); never send an API key to a browser')
        await guardCredential(c, 'console', async () => {
          throw new UnknownCredential('Malformed console token: the console API takes a console token (ct_…)')
        })
      }
      await next()
    })
    .use(
      '*',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: () => {
          throw tooLarge(maxBodyBytes)
        },
      }),
    )
    .route('/v1', programApi)
}
