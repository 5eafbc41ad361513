// Who the portal acts as: the kit's session (token, refresh, auth state) around the SDK's
// partner-scoped client.
import { AfflioPortal } from '@afflio/sdk/portal'
import { remote as kitRemote } from '../../kit/remote.ts'
import { createSession as kitSession, type Session as KitSession, type SessionOptions } from '../../kit/session.ts'

export { NoTokenProvider, type AuthState, type SessionOptions } from '../../kit/session.ts'

export type Session = KitSession<AfflioPortal>

export const createSession = (options: SessionOptions): Session =>
  kitSession(options, { make: (token) => new AfflioPortal({ token, baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }) })

/** The kit's remote() over the portal's client: loads when first shown, and after a new token. */
export const remote = <T>(session: Session, load: (client: AfflioPortal) => Promise<T>, options?: { everyMount?: boolean }) =>
  kitRemote<T, AfflioPortal>(session, load, options)
