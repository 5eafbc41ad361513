// The partner portal's API contract: embed tokens (minted by the host's backend with a secret key)
// and the partner-scoped endpoints under /v1/portal (called from the browser with that token).
// Money is integer minor units beside an ISO 4217 currency; timestamps are ISO 8601 UTC strings.

import type { ReferralOffer } from './reward-types.ts'
import type { Commission, Id, Link, Page, PageQuery, Partner, PayoutStatus, SocialNetwork } from './types.ts'
import type { LedgerTotals, PayoutSkipReason } from './ledger-types.ts'

// ---- Embed tokens (secret key, server to server) -------------------------------------------------

/**
 * `POST /v1/embed-tokens`: mint a short-lived token that lets the widget act as one partner.
 *
 * Either name an existing partner, or pass the host's own user id: the partner with that
 * `externalId` is found, or created (with `email` and `name`) in the same transaction.
 *
 * @example
 * await afflio.embedTokens.create({ externalId: user.id, email: user.email, name: user.name })
 */
export type CreateEmbedTokenInput = (
  | { partnerId: Id; externalId?: never; email?: never; name?: never }
  | {
      /** The host app's id for the signed-in user */
      externalId: string
      /** Used when the partner is created; an existing partner's email is not changed */
      email: string
      name?: string | undefined
      partnerId?: never
    }
) & {
  /** Lifetime in seconds: 60..86400, default 3600 */
  expiresInSeconds?: number | undefined
  /** BCP 47 language hint for the widget (e.g. the host user's locale), echoed by `GET /portal/me` */
  locale?: string | undefined
}

export interface EmbedToken {
  /** `et_…`: pass to the widget; it is sent as `Authorization: Bearer et_…` */
  token: string
  partnerId: Id
  expiresAt: string
}

/**
 * `POST /v1/embed-tokens/revoke`: end embed tokens before they expire, either one token (`token`, as
 * minted) or every live token of a partner (`partnerId`). A revoked token answers `401 unauthorized`:
 * the portal shows that its session ended. Revoking the secret key that minted a token ends it too.
 *
 * @example
 * // The user signed out of your app, or their account was taken over: end their portal sessions.
 * await afflio.embedTokens.revoke({ partnerId })
 */
export type RevokeEmbedTokensInput = { token: string; partnerId?: never } | { partnerId: Id; token?: never }

// ---- Partner-scoped endpoints (Bearer et_…) -----------------------------------------------------
// Errors: 401 with code `token_expired` (mint a new token and retry; AfflioPortal does this through
// onTokenExpired) or code `unauthorized` (missing, unknown, malformed or tampered token: give up).

/** `GET /v1/portal/me` */
export interface PortalMe {
  partner: Partner
  program: {
    name: string
    currency: string
    /**
     * The program's website (`ProgramSettings.siteUrl`): base of share URLs for links without a destination,
     * and the host the partner's own links must stay on. null: not set, and the partner may not choose a destination
     */
    siteUrl: string | null
  }
  /** The `locale` given when the token was minted, or null */
  locale: string | null
  /**
   * The partner's recruiting link, as a path on the Afflio server (resolve it against the SDK's `baseUrl`):
   * the program's marketplace page with `?via=<the partner's first link code>`. An applicant who applies
   * through it and is approved is recruited by this partner (`referredById`), who then earns the program's
   * second tier on the recruit's commissions. null while the program has no listed marketplace page taking
   * applications.
   */
  recruitingPath: string | null
  /** What the customers this partner refers get (its group's reward, else the program's), as they see it; null: nothing */
  referralReward: ReferralOffer | null
}

/**
 * `PATCH /v1/portal/me`: the partner edits its own profile. Fields left out keep their value; `null` clears
 * `website` or a network in `social`. Social profiles are given as a handle (`@jane`, `jane`) or a URL on
 * that network, and stored as the profile's URL (`PartnerSocial`). The program sees each change in its
 * audit log (`partner.changed`, by the actor `partner`). Answers the new `PortalMe`.
 */
export interface UpdatePortalProfileInput {
  /** 1..200 characters */
  name?: string | undefined
  /** An http(s) URL */
  website?: string | null | undefined
  social?: { [K in SocialNetwork]?: string | null | undefined } | undefined
}

export type PortalInterval = 'day' | 'week' | 'month'

/** `GET /v1/portal/overview?from&to&interval`: UTC days, both included (docs/api.md, "Periods"); `from` after `to` is a `400` */
export interface PortalOverviewQuery {
  /** First day, `YYYY-MM-DD` (UTC), inclusive; default 29 days before `to` */
  from?: string | undefined
  /** Last day, `YYYY-MM-DD` (UTC), inclusive; default today. At most 366 days after `from` */
  to?: string | undefined
  /** Bucket size of `series`; default 'day' */
  interval?: PortalInterval | undefined
}

/**
 * The period's commissions (by the day they were earned) in one currency, summed by their status now:
 * on-hold ones (under review) in `onHoldMinor`, reversed and fraud ones nowhere; clawbacks subtract.
 */
export type PortalEarnings = LedgerTotals

export interface PortalSeriesPoint {
  /** Bucket start, `YYYY-MM-DD`: the day, the Monday of an ISO week, or the 1st of a month
   *  (the first bucket starts at `from` even when that is mid-week or mid-month) */
  date: string
  clicks: number
  leads: number
  /** Credited sales not refunded in full, as `PortalOverview.sales` */
  sales: number
  /** Commissions created in the bucket (as counted in `earnings`), in the overview's `currency` */
  earningsMinor: number
}

/**
 * Where the partner stands on the tiered commission rule that applies to it (any product), now.
 * null when that rule has no tiers.
 */
export interface PortalTier {
  /** The tier reached; null below the first one (the rule's base rate applies) */
  name: string | null
  /** The rate earned now, for a percent rule (basis points) */
  rateBps?: number
  /** The amount per sale earned now, for a flat rule (minor units of `currency`) */
  amountMinor?: number
  /** The currency of `amountMinor`: the flat rule's own, else the program's */
  currency?: string
  /** What moves the partner up, counted over `period` (revenue in minor units) */
  metric: 'paid_customers' | 'sales' | 'revenue'
  period: 'lifetime' | 'month' | 'quarter' | 'year'
  progress: {
    current: number
    /** null at the top tier */
    nextThreshold: number | null
    nextName: string | null
  }
}

/**
 * The partner's performance between `from` and `to` (by creation time, UTC days).
 *
 * Currencies: `earnings` has one entry per currency the partner has commissions in, the program's
 * currency first and always present (zeros when none). `revenueMinor` and the series'
 * `earningsMinor` count only amounts in `currency` (the program's); counts cover every currency.
 */
export interface PortalOverview {
  from: string
  to: string
  interval: PortalInterval
  /** The program's currency */
  currency: string
  earnings: PortalEarnings[]
  clicks: number
  /** Customers attributed to the partner (signups) */
  leads: number
  /** Credited sales not refunded in full, by the day they were recorded: the console's Sales (a refund completing takes its sale out) */
  sales: number
  /** Revenue: those sales' amount net of refunds (amount minus refunded), in `currency`, as the console's Revenue */
  revenueMinor: number
  /** sales / clicks (0 when there were no clicks). Above 1 when sales came without a click of the period: coupon codes, renewals, reloads counted once */
  conversionRate: number
  /** Every bucket from `from` to `to`, zeros included, oldest first */
  series: PortalSeriesPoint[]
  /** Standing now, whatever the period */
  tier: PortalTier | null
}

/** A partner's link (with the URL to share, as every `Link`), and its lifetime stats. */
export interface PortalLink extends Link {
  clicks: number
  leads: number
  /** Credited sales through the link, not refunded in full, lifetime */
  sales: number
}

/** `GET /v1/portal/links?cursor&limit`: newest first. */
export type PortalLinksQuery = PageQuery

export type PortalLinkPage = Page<PortalLink>

/**
 * `POST /v1/portal/links`: a partner creates another link for itself.
 *
 * Sub-ids are not part of a link: they are a click-time parameter. Append `&sub=xyz` to a link's
 * URL (`https://example.com/?ref=CODE&sub=newsletter`); the click is recorded with it as
 * `TrackClickInput.subId` and stored on the click (`clicks.sub_id`), so one link can be told apart
 * across placements. (The tracking script is to read the `sub` parameter into `subId`.)
 */
export interface CreatePortalLinkInput {
  /**
   * A page of the program's site: an https URL on the host of `siteUrl` or one of its subdomains (`www.`
   * aside), else `400` naming that host. Refused while the program has set no site URL. The program's site
   * when absent
   */
  destinationUrl?: string | undefined
  /** 2..64 characters of A-Z a-z 0-9 _ -; generated when absent. 409 `conflict` when the program has it already, in any case */
  code?: string | undefined
}

/** `GET /v1/portal/commissions?cursor&limit`: newest first. A commission as its partner sees it: without `fraudFlags`, which are the program's. */
export interface PortalCommission extends Omit<Commission, 'fraudFlags'> {
  /** The sale this commission is for; null for adjustments without a sale */
  sale: {
    invoiceId: string
    amountMinor: number
    currency: string
    /** When the sale happened */
    occurredAt: string
  } | null
}

export type PortalCommissionsQuery = PageQuery

/** `GET /v1/portal/payouts/history`: a page of the partner's payouts, newest first */
export type PortalPayoutHistoryQuery = PageQuery

export type PortalCommissionPage = Page<PortalCommission>

/** A payout made or under way. */
export interface PortalPayout {
  id: Id
  amountMinor: number
  currency: string
  status: PayoutStatus
  createdAt: string
  paidAt: string | null
}

export type PayoutMethod = 'paypal' | 'wise' | 'bank' | 'stripe_connect'

/**
 * Where the partner wants to be paid. Which field each method needs:
 * - `paypal`, `wise`: `email` (the account's email address)
 * - `bank`: `accountRef` (IBAN, or account and routing number as one string)
 * - `stripe_connect`: `accountRef` (the connected account id, `acct_…`)
 */
export type PayoutDetails =
  | { method: 'paypal' | 'wise'; email: string; accountRef?: never }
  | { method: 'bank' | 'stripe_connect'; accountRef: string; email?: never }

/** The partner's whole ledger in one currency (clawbacks subtract), and the smallest payout in it. */
export interface PortalBalance extends LedgerTotals {
  /** The smallest payout in this currency; a smaller approved balance waits */
  minimumMinor: number
  /**
   * Whether the next scheduled payout would pay this balance if it ran now (`approvedMinor` as it stands;
   * pending commissions approved by then add to it), and if not why; null without a schedule
   */
  nextPayout: { included: boolean; reason: PayoutSkipReason | null } | null
}

/** `GET /v1/portal/payouts` */
export interface PortalPayouts {
  /** One per currency the partner has commissions in; the program's currency first, always present */
  balances: PortalBalance[]
  /** Newest first, the first page (50); the rest through `historyNextCursor` */
  history: PortalPayout[]
  /** The cursor of the history's next page (`GET /v1/portal/payouts/history?cursor=…`); null when `history` is all of it */
  historyNextCursor: string | null
  /** Smallest balance paid out, in the program's currency (each balance has its own too) */
  minimumMinor: number
  currency: string
  /** The next scheduled payout date (YYYY-MM-DD, UTC); null while the program has no schedule */
  nextPayoutAt: string | null
  /** null until the partner sets them with `PUT /v1/portal/payout-details` */
  payoutDetails: PayoutDetails | null
}
