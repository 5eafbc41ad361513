// Importing partners and inviting them by email: the contract of POST /v1/partners/import, the
// invitations it sends, and the host's step that accepts one (secret key, server to server).
import type { ApiErrorDetail, Id, Page, PageQuery, Partner } from './types.ts'

/** One partner to import. Columns of the CSV: `email` (required), `name`, `country`, `website`, `externalId`, `linkCode`. */
export type ImportPartnerRow = {
  email: string
  name?: string | undefined
  /** ISO 3166-1 alpha-2 */
  country?: string | undefined
  /** An http(s) URL */
  website?: string | undefined
  /** The host app's id for this user, when it already has one (the invitation then binds nothing new) */
  externalId?: string | undefined
  /** Code of the partner's first link; generated when absent. Unique in the program whatever its case */
  linkCode?: string | undefined
}

/**
 * `POST /v1/partners/import`: up to 1,000 partners, as CSV text (`csv`, a header row first) or as `rows`.
 *
 * All or nothing: every row is checked first, and when any is wrong the answer is 400 with one entry per
 * problem in `error.details` (line, field, message in words) and nothing is written. `dryRun: true` checks
 * the same way and answers the preview (200, problems in `errors`), writing nothing.
 *
 * Idempotent on email: a row whose email is already a partner of the program is reported `existing` and
 * left unchanged (no second invitation), so importing the same file twice creates and invites once.
 * Each partner created is `approved` (accepted, onboarding) and emailed an invitation link.
 */
export interface ImportPartnersInput {
  /** CSV text, a header row first; commas, quotes per RFC 4180; a UTF-8 BOM is ignored. Exactly one of `csv`, `rows` */
  csv?: string | undefined
  rows?: ImportPartnerRow[] | undefined
  /**
   * The host's page that accepts an invitation (http or https): the link in the email is this URL with
   * `invitation=<token>` added to its query. That page signs the user in or up, then calls
   * `POST /v1/invitations/accept` from the host's backend.
   */
  acceptUrl: string
  /** Days an invitation link works: 1..60, default 14 */
  expiresInDays?: number | undefined
  /** Check and preview only: nothing is written, no email sent */
  dryRun?: boolean | undefined
}

export interface ImportedPartnerRow {
  /** The CSV line (the header is line 1), or the 1-based position in `rows` */
  line: number
  email: string
  /** `created` (or, in a dry run, would be); `existing`: already a partner, left unchanged */
  outcome: 'created' | 'existing'
  /** null in a dry run for a partner not created */
  partnerId: Id | null
  /** The invitation sent to a created partner; null for an existing one and in a dry run */
  invitation: PartnerInvitation | null
}

export interface PartnerImportResult {
  dryRun: boolean
  rows: ImportedPartnerRow[]
  created: number
  existing: number
  /** Only in a dry run: the problems found (a real import with any answers 400 with them in `error.details`) */
  errors: ApiErrorDetail[]
}

/**
 * - pending: sent, not yet used, not expired.
 * - accepted: used once; its link works no more.
 * - expired: not used in time (or replaced by a newer invitation of the same partner).
 */
export type InvitationStatus = 'pending' | 'accepted' | 'expired'

export interface PartnerInvitation {
  id: Id
  partnerId: Id
  /** The address it was sent to */
  email: string
  status: InvitationStatus
  expiresAt: string
  acceptedAt: string | null
  createdAt: string
  /** The invitation email's delivery: `pending` until the mail loop sends it */
  emailStatus: 'pending' | 'sent' | 'failed' | 'cancelled' | null
}

/** `GET /v1/invitations?cursor&limit&partnerId`: newest first. */
export interface ListInvitationsQuery extends PageQuery {
  partnerId?: Id | undefined
}

export type InvitationPage = Page<PartnerInvitation>

/**
 * `POST /v1/invitations/accept`: the host's backend, once the user who opened the invitation link is signed
 * in, binds the invited partner to that user. Single use: the first accept wins; the same user accepting
 * again gets the same answer, another user a 409. An expired or replaced link is a 410 (`gone`): send a
 * new one with `POST /v1/partners/{id}/invitation`. Then mint an embed token for the user as usual
 * (`embedTokens.create({ externalId, email })` finds the partner by `externalId`) and show the portal,
 * which starts with the onboarding checklist.
 */
export interface AcceptInvitationInput {
  /** The `invitation` parameter of the link: `inv_…` */
  token: string
  /** The host's id for the signed-in user */
  externalId: string
}

export interface AcceptedInvitation {
  invitation: PartnerInvitation
  partner: Partner
}

/**
 * `POST /v1/partners/{id}/invitation`: a new invitation link for a partner who has not accepted one yet
 * (the old link stops working). 409 once the partner accepted an invitation or has an `externalId`.
 */
export interface ResendInvitationInput {
  acceptUrl: string
  /** 1..60, default 14 */
  expiresInDays?: number | undefined
}
