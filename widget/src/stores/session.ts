// Who the portal acts as: the token, the partner-scoped client built on it, and whether the server
// still accepts it. Every call goes through `call`, which turns a 401 into the session's state.
import { AfflioApiError, AfflioPortal } from '@afflio/sdk/portal'
import { atom } from 'nanostores'

/** ok, or why the portal cannot show data: the token expired, or it was never valid (forged, revoked) */
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

export function createSession(options: SessionOptions) {
  const $auth = atom<AuthState>('ok')
  /** Bumped on every new token: stores that were used load again */
  const $epoch = atom(0)
  let token = options.token
  const ask = options.onTokenExpired
  const make = () =>
    new AfflioPortal({
      token,
      baseUrl: options.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      // The client asks once per expiry and retries the request; only when that fails do we show it.
      ...(ask ? { onTokenExpired: async () => (token = await ask()) } : {}),
    })
  let client = make()

  const setToken = (next: string) => {
    if (next === token && $auth.get() === 'ok') return
    token = next
    client = make()
    $auth.set('ok')
    $epoch.set($epoch.get() + 1)
  }

  return {
    $auth,
    $epoch,
    setToken,
    async call<T>(load: (client: AfflioPortal) => Promise<T>): Promise<T> {
      try {
        return await load(client)
      } catch (error) {
        if (error instanceof AfflioApiError && error.status === 401 && $auth.get() === 'ok') {
          $auth.set(error.code === 'token_expired' ? 'expired' : 'invalid')
        }
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
