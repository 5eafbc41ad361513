// Who the console acts as: a console token (`ct_…`) in the SDK's server client, pointed at the API's
// `/console` mount (the program API, CORS-open, console tokens only). Every call goes through `call`:
// an expired token is swapped for the host's new one and the call retried once; a 401 the host could
// not fix becomes the session's state, which the console shows instead of its views.
import { Afflio, AfflioApiError } from '@afflio/sdk'
import { atom } from 'nanostores'

/** ok, or why the console cannot show data: the token expired, or it was never valid (forged, revoked) */
export type AuthState = 'ok' | 'refreshing' | 'expired' | 'invalid'

export interface SessionOptions {
  token: string
  baseUrl: string
  /** Asked for a new token when the server says the current one expired */
  onTokenExpired?: (() => Promise<string>) | undefined
  fetch?: typeof fetch | undefined
}

/** Thrown by an onTokenExpired that has nobody to ask (the custom element without a listener). */
export class NoTokenProvider extends Error {}

export type Session = ReturnType<typeof createSession>

const expired = (e: unknown) => e instanceof AfflioApiError && e.code === 'token_expired'
const unknown = (e: unknown) => e instanceof AfflioApiError && e.status === 401 && e.code === 'unauthorized'

export function createSession(options: SessionOptions) {
  const $auth = atom<AuthState>('ok')
  /** Bumped on every new token: stores that were used load again */
  const $epoch = atom(0)
  const ask = options.onTokenExpired
  const base = `${options.baseUrl.replace(/\/+$/, '')}/console`
  let token = options.token
  const make = () => new Afflio({ secretKey: token, baseUrl: base, maxRetries: 1, ...(options.fetch ? { fetch: options.fetch } : {}) })
  let client = make()
  let refreshing: Promise<void> | null = null
  /** The client whose token the server has accepted at least once */
  let worked: Afflio | null = null

  const setToken = (next: string) => {
    if (next === token && $auth.get() === 'ok') return
    token = next
    client = make()
    $auth.set('ok')
    $epoch.set($epoch.get() + 1)
  }

  /** One refresh per expired token, however many calls saw it expire. */
  const renew = (stale: Afflio): Promise<void> => {
    if (client !== stale) return Promise.resolve()
    refreshing ??= ask!()
      .then((t) => {
        token = t
        client = make()
      })
      .finally(() => (refreshing = null))
    return refreshing
  }

  const fail = (error: unknown) => {
    if (error instanceof AfflioApiError && error.status === 401 && $auth.get() === 'ok') $auth.set(expired(error) ? 'expired' : 'invalid')
    return error
  }

  return {
    $auth,
    $epoch,
    setToken,
    async call<T>(run: (client: Afflio) => Promise<T>): Promise<T> {
      const used = client
      try {
        const out = await run(used)
        worked = used
        return out
      } catch (error) {
        // The server forgets expired console tokens when the program mints new ones: a token that
        // worked and is now unknown has most likely expired (or was revoked), so the host is asked too.
        if (!(expired(error) || (unknown(error) && worked === used)) || !ask) throw fail(error)
        try {
          await renew(used)
        } catch {
          throw fail(error) // the host could not give a new token: the expiry is what the manager sees
        }
        const next = client
        try {
          const out = await run(next)
          worked = next
          return out
        } catch (again) {
          throw fail(again)
        }
      }
    },
    /** The "Refresh" affordance: a new token from the host, or, with no one to ask, a page reload. */
    async refresh() {
      const was = $auth.get()
      if (!ask) return location.reload()
      $auth.set('refreshing')
      try {
        setToken(await ask())
      } catch (error) {
        if (error instanceof NoTokenProvider) return location.reload()
        $auth.set(was)
      }
    },
  }
}
