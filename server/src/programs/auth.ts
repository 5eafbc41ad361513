// A program's credentials at the door: secret and publishable keys, and console tokens (a manager in the
// browser). Failed guesses are throttled per address and kind (kernel/http/auth-throttle.ts).
import type { AuditActor } from '@afflio/sdk/types'
import type { Context, MiddlewareHandler } from 'hono'
import { resolveConsoleToken } from '../console/index.ts'
import { bearer } from '../kernel/http/auth.ts'
import { type CredentialKind, guardCredential, UnknownCredential } from '../kernel/http/auth-throttle.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { findProgramByKeyHash, isRevokedKey, type KeyHolder } from './api-keys.ts'

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message)
// The usual cause: a key of another server or database (the demo makes new keys on every start), or a typo.
const UNKNOWN_KEY = 'Unknown or revoked API key: use a key this server issued (shown once, when its program or key was created)'

/**
 * Resolves a key to its program. `kinds` says which keys this route takes. Failed guesses are throttled
 * per client address and key kind (a key that is neither `sk_` nor `pk_` counts as the route's first kind).
 */
export async function authenticate(c: Context<AppEnv>, key: string | null, kinds: ReadonlyArray<'publishable' | 'secret'>) {
  const found = await keyHolder(c.get('deps').db, (kind, check) => guardCredential(c, kind, check), key, kinds) // c.get, not c.var: c.var copies every variable
  c.set('program', found.program)
  c.set('keyKind', found.kind)
  c.set('keyId', found.keyId)
  c.set('actor', actorOf(found))
}

/** Who acts with a key, as the audit names it. */
export const actorOf = (found: KeyHolder): AuditActor => ({ kind: found.kind === 'secret' ? 'secret_key' : 'publishable_key', id: found.keyId, label: found.keyPrefix })

/** A credential check behind the failed-guess throttle (AuthThrottle.guard or guardAt). */
export type Guard = <T>(kind: CredentialKind, check: () => Promise<T>) => Promise<T>

/** What `authenticate` resolves, without a Context: the key's program and kind (the click's node door asks it). */
export async function keyHolder(db: Db, guard: Guard, key: string | null, kinds: ReadonlyArray<'publishable' | 'secret'>): Promise<KeyHolder> {
  if (!key) throw unauthorized('Missing API key: send Authorization: Bearer <key>')
  const kind = key.startsWith('sk_') ? 'secret' : key.startsWith('pk_') ? 'publishable' : null
  return guard(kind ?? kinds[0]!, async () => {
    if (!kind) throw new UnknownCredential('Malformed API key')
    if (!kinds.includes(kind)) {
      throw new ApiError(403, 'forbidden', kind === 'publishable' ? 'This endpoint needs a secret key (sk_…): the publishable key (pk_…) is for web pages' : 'This endpoint takes a publishable key')
    }
    const kept = kind === 'publishable' ? publishableHashes.get(key) : undefined
    const hash = kept ?? sha256(key)
    const found = await findProgramByKeyHash(db, hash)
    if (found && found.kind === kind) {
      if (kind === 'publishable' && kept === undefined) keepHash(key, hash)
      return found
    }
    // A revoked key was issued, not guessed: it answers the same, but does not count against the address.
    if (await isRevokedKey(db, hash)) throw unauthorized(UNKNOWN_KEY)
    throw new UnknownCredential(UNKNOWN_KEY)
  })
}

// A publishable key is public (every page of the site carries it) and comes with every click: its hash is
// kept, not computed again each time. Only a key found is kept: a made-up one can be as long as the body
// (64 KB), and 10,000 of them, a few failed guesses from each of many networks, held 650 MB. Secret keys
// are hashed each time, never kept.
const publishableHashes = new Map<string, string>()

function keepHash(key: string, hash: string) {
  if (publishableHashes.size >= 10_000) publishableHashes.clear() // a program may roll its key often: bounded still
  publishableHashes.set(key, hash)
}

/** Secret key as a bearer token (the server-to-server API), or a console token (a manager in the browser). */
export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearer(c)
  if (key?.startsWith('ct_')) {
    const { program, manager, keyId, consoleToken } = await guardCredential(c, 'console', () => resolveConsoleToken(c.var.deps.db, key, c.var.deps.now()))
    c.set('program', program)
    c.set('keyKind', 'console')
    c.set('keyId', keyId)
    c.set('consoleToken', consoleToken)
    c.set('actor', { kind: 'console', id: manager, label: manager })
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
