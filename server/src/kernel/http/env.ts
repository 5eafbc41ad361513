// What every route can read from the context: the app's dependencies and the caller.
import type { Db } from '../db/connect.ts'
import type { AuditActor, MailStatus } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { ProgramTable } from '../db/schema.ts'
import type { AuthThrottle } from './auth-throttle.ts'
import type { BlockList } from 'node:net'

export interface Deps {
  db: Db
  /** The current time; tests move it */
  now: () => Date
  /** Stripe Connect payouts: base URL and fetch (tests use a local fake) */
  stripe?: { baseUrl?: string; fetch?: typeof fetch } | undefined
  /** Failed authentication per client address and credential kind (auth-throttle.ts) */
  authThrottle: AuthThrottle
  /** Whether this server sends email (SMTP_URL is set): the console warns when it does not */
  mailStatus: MailStatus
  /** Email sent at once, not through the outbox (a newsletter's test copy); absent without SMTP_URL */
  mail?: OutgoingMail | undefined
  /** Networks webhook endpoints may name besides public addresses (webhooks/destination.ts) */
  webhookNetworks: BlockList | null
}

/** A mail transport (nodemailer's `sendMail` shape), MAIL_FROM, and AFFLIO_PUBLIC_URL for links in emails. */
export interface OutgoingMail {
  transport: { sendMail(mail: { from: { name: string; address: string } | string; to: string; subject: string; text: string; html?: string; headers?: Record<string, string> }): Promise<unknown> }
  from: string
  publicUrl: string
}

/** A console token, by its sha256 (as stored), and when it expires */
export interface ConsoleTokenRef {
  hash: string
  expiresAt: string
}

export interface AppEnv {
  Variables: {
    deps: Deps
    program: Selectable<ProgramTable>
    keyKind: 'publishable' | 'secret' | 'console'
    /**
     * The secret key behind the credential: the key itself, or the one that minted the console token
     * (null: a token minted before keys were recorded). The tokens a request mints record it.
     */
    keyId: string | null
    /**
     * The console token behind the request, when it is one: the embed tokens it mints end with it (revoked,
     * or expired), so a manager whose access ends keeps no partner's session (portal/embed-tokens.ts)
     */
    consoleToken: ConsoleTokenRef | undefined
    /** Who is calling, for the audit log: set with the credential (programs/auth.ts, the admin routes) */
    actor: AuditActor
    /** Narrows Idempotency-Key below the program (the portal: one partner's keys never replay another's) */
    idempotencyScope: string | undefined
    /** This request's id, answered as X-Request-Id (request-id.ts): read it with `requestIdOf(c)` */
    requestId: string
  }
}
