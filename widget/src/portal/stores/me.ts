import { remote, type Session } from './session.ts'

/** The partner, the program's name, currency and site, and the token's locale hint. */
export const createMe = (session: Session) => remote(session, (c) => c.me())
