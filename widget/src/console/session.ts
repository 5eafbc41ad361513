// Who the console acts as: the kit's session (token, refresh, auth state) around a console token
// (`ct_…`) in the SDK's server client, pointed at the API's `/console` mount (the program API,
// CORS-open, console tokens only). The server forgets expired console tokens when the program mints
// new ones, so a token that worked and is now unknown is refreshed too.
import { Afflio } from '@afflio/sdk'
import { remote as kitRemote } from '../kit/remote.ts'
import { createSession as kitSession, type Session as KitSession, type SessionOptions } from '../kit/session.ts'

export { NoTokenProvider, type AuthState, type SessionOptions } from '../kit/session.ts'

export type Session = KitSession<Afflio>

export function createSession(options: SessionOptions): Session {
  const baseUrl = `${options.baseUrl.replace(/\/+$/, '')}/console`
  const make = (token: string) => new Afflio({ secretKey: token, baseUrl, maxRetries: 1, ...(options.fetch ? { fetch: options.fetch } : {}) })
  return kitSession(options, { make, forgetsExpired: true })
}

/** The kit's remote() over the console's client: loads each time a view shows it, and after a new token. */
export const remote = <T>(session: Session, load: (client: Afflio) => Promise<T>) => kitRemote<T, Afflio>(session, load, { everyMount: true })
