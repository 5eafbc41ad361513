// Who a widget acts as: a token, the SDK client made from it, and whether the server still accepts it.
// Every call goes through `call`: an expired token is swapped for the host's new one and the call
// retried once (the SDK's TokenRefresher); a 401 the host could not fix becomes the session's state,
// which the widget shows instead of its views.
import { AfflioApiError, TokenRefresher } from '@afflio/sdk/portal'
import { atom } from 'nanostores'

/** ok, or why the widget cannot show data: the token expired, or it was never valid (forged, revoked) */
export type AuthState = 'ok' | 'refreshing' | 'expired' | 'invalid'

export interface SessionOptions {
  token: string
  baseUrl: string
  /** Asked for a new token when the server says the current one expired */
  onTokenExpired?: (() => Promise<string>) | undefined
  fetch?: typeof fetch | undefined
}

export interface ClientOptions<C> {
  /** The SDK client for a token */
  make: (token: string) => C
  /**
   * The server forgets some tokens when they expire (console tokens, when the program mints new
   * ones): then a token that worked and is now unknown has most likely expired, and is refreshed too.
   */
  forgetsExpired?: boolean
}

/** Thrown by an onTokenExpired that has nobody to ask (the custom element without a listener). */
export class NoTokenProvider extends Error {}

export type Session<C> = ReturnType<typeof createSession<C>>

const expired = (e: unknown) => e instanceof AfflioApiError && e.code === 'token_expired'
const unknown = (e: unknown) => e instanceof AfflioApiError && e.status === 401 && e.code === 'unauthorized'

export function createSession<C>(options: SessionOptions, client: ClientOptions<C>) {
  const $auth = atom<AuthState>('ok')
  /** Bumped on every new token: stores that were used load again */
  const $epoch = atom(0)
  const ask = options.onTokenExpired
  /** The client whose token the server has accepted at least once */
  let worked: C | null = null
  const tokens = new TokenRefresher<C>({
    token: options.token,
    make: client.make,
    onTokenExpired: ask,
    expired: (error, used) => expired(error) || (!!client.forgetsExpired && unknown(error) && worked === used),
  })

  const setToken = (next: string) => {
    if (next === tokens.token && $auth.get() === 'ok') return
    tokens.set(next)
    $auth.set('ok')
    $epoch.set($epoch.get() + 1)
  }

  return {
    $auth,
    $epoch,
    setToken,
    async call<T>(run: (client: C) => Promise<T>): Promise<T> {
      try {
        return await tokens.call(async (c) => {
          const out = await run(c)
          worked = c
          return out
        })
      } catch (error) {
        if (error instanceof AfflioApiError && error.status === 401 && $auth.get() === 'ok') $auth.set(expired(error) ? 'expired' : 'invalid')
        throw error
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
