import type { Context, MiddlewareHandler } from 'hono'
import { findProgramByKeyHash } from '../../programs/api-keys.ts'
import { sha256 } from '../hash.ts'
import { resolveConsoleToken } from '../../console/console-tokens.ts'
import type { AppEnv } from './env.ts'
import { ApiError } from './errors.ts'

export function bearer(c: Context): string | null {
  const h = c.req.header('authorization')
  const m = h?.match(/^Bearer\s+(\S+)$/i)
  return m ? m[1]! : null
}

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message)

/** Resolves a key to its program. `kinds` says which keys this route takes. */
export async function authenticate(c: Context<AppEnv>, key: string | null, kinds: ReadonlyArray<'publishable' | 'secret'>) {
  if (!key) throw unauthorized('Missing API key: send Authorization: Bearer <key>')
  const kind = key.startsWith('sk_') ? 'secret' : key.startsWith('pk_') ? 'publishable' : null
  if (!kind) throw unauthorized('Malformed API key')
  if (!kinds.includes(kind)) {
    throw new ApiError(403, 'forbidden', kind === 'publishable' ? 'This endpoint needs a secret key' : 'This endpoint takes a publishable key')
  }
  const found = await findProgramByKeyHash(c.var.deps.db, sha256(key))
  if (!found || found.kind !== kind) throw unauthorized('Unknown or revoked API key')
  c.set('program', found.program)
  c.set('keyKind', kind)
}

/** Secret key as a bearer token (the server-to-server API), or a console token (a manager in the browser). */
export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearer(c)
  if (key?.startsWith('ct_')) {
    c.set('program', await resolveConsoleToken(c.var.deps.db, key, c.var.deps.now()))
    c.set('keyKind', 'console')
  } else {
    await authenticate(c, key, ['secret'])
  }
  await next()
}

/** Managing keys and minting console tokens takes the secret key itself: a console token cannot mint its successors. */
export const requireRealSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.keyKind !== 'secret') throw new ApiError(403, 'forbidden', 'This endpoint needs the secret key, not a console token')
  await next()
}
