// Recruitment: the marketplace listing, the public application form, the review queue and
// auto-approve rules. Part of the API contract (re-exported by types.ts).
import type { ReferralOffer } from './reward-types.ts'
import type { Id, PageQuery, PartnerWithLink } from './types.ts'

// ---- Marketplace listing --------------------------------------------------------------------------

/** The fixed list of marketplace categories. */
export type MarketplaceCategory =
  | 'saas'
  | 'developer_tools'
  | 'marketing'
  | 'ecommerce'
  | 'finance'
  | 'education'
  | 'health'
  | 'travel'
  | 'media'
  | 'gaming'
  | 'other'

/** `GET/PUT /v1/marketplace-listing`: the program's own view of its listing. */
export interface MarketplaceListing {
  /** Shown in the marketplace (`GET /v1/marketplace`, `/marketplace`) */
  listed: boolean
  /** The program's public address: `/marketplace/{slug}`, `/v1/programs/{slug}/…`. Null until set. */
  slug: string | null
  /** The program's name (from the program; read-only here) */
  name: string
  description: string | null
  category: MarketplaceCategory | null
  logoUrl: string | null
  websiteUrl: string | null
  /** What a partner earns, as shown: the override when set, else derived from the default and rules */
  commissionSummary: string
  /** The override text, or null when the summary is derived */
  commissionSummaryOverride: string | null
  updatedAt: string | null
}

/**
 * `PUT /v1/marketplace-listing`: replaces the listing. `slug` is unique across the server: 3-60
 * lower-case letters, digits and single hyphens. Listing it (`listed: true`) needs a description
 * and a category. `commissionSummary` overrides the derived text; null or absent derives it.
 */
export interface UpdateMarketplaceListingInput {
  listed: boolean
  slug: string
  description?: string | null | undefined
  category?: MarketplaceCategory | null | undefined
  logoUrl?: string | null | undefined
  websiteUrl?: string | null | undefined
  commissionSummary?: string | null | undefined
}

/** A listed program as the public sees it (`GET /v1/marketplace`, `GET /v1/marketplace/{slug}`). */
export interface PublicListing {
  slug: string
  name: string
  description: string | null
  category: MarketplaceCategory | null
  logoUrl: string | null
  websiteUrl: string | null
  commissionSummary: string
  /** What the customers its partners refer get (the program's reward; a group's may differ), or null */
  referralReward: ReferralOffer | null
  /** The application form takes applications now */
  acceptingApplications: boolean
}

/** `GET /v1/marketplace?category&q&cursor&limit`: listed programs, newest first. */
export interface MarketplaceQuery extends PageQuery {
  category?: MarketplaceCategory | undefined
  /** Part of the name or description, ignoring case (of any letter: `ÜBER` finds `Über`) */
  q?: string | undefined
}

// ---- Application form -------------------------------------------------------------------------------

export type ApplicationQuestionType = 'text' | 'textarea' | 'url' | 'select' | 'checkbox'

export interface ApplicationQuestion {
  /** 1-40 lower-case letters, digits, `_` or `-`; the key of its answer */
  id: string
  label: string
  type: ApplicationQuestionType
  /** A required checkbox must be ticked (e.g. "I accept the terms") */
  required: boolean
  /** The choices of a `select` (1-50); absent for other types */
  options?: string[] | undefined
}

/** A `checkbox` answer is a boolean; every other answer is a string. */
export type ApplicationAnswers = Record<string, string | boolean>

/** `GET/PUT /v1/application-form`. */
export interface ApplicationForm {
  /** Applications are taken (needs a listing slug too) */
  acceptingApplications: boolean
  questions: ApplicationQuestion[]
}

export interface UpdateApplicationFormInput {
  acceptingApplications?: boolean | undefined
  /** At most 30, ids unique; `required` defaults to false */
  questions: Array<Omit<ApplicationQuestion, 'required'> & { required?: boolean | undefined }>
}

/** `GET /v1/programs/{slug}/application-form`: what an applicant sees. No key needed. */
export interface PublicApplicationForm {
  program: { slug: string; name: string; logoUrl: string | null; commissionSummary: string; referralReward: ReferralOffer | null }
  acceptingApplications: boolean
  questions: ApplicationQuestion[]
}

// ---- Auto-approve -------------------------------------------------------------------------------------

export type AutoApproveCondition =
  /** The address's domain is one of these (exact, case-insensitive: `acme.com` does not match `eu.acme.com`) */
  | { field: 'email_domain'; in: string[] }
  /** The answer to a question equals a value (a boolean for a checkbox), or is one of several strings */
  | { field: 'answer'; questionId: string; equals: string | boolean; in?: never }
  | { field: 'answer'; questionId: string; in: string[]; equals?: never }

/**
 * `GET/PUT /v1/application-form/auto-approve`. `manual`: every application waits for review.
 * `everyone`: every valid application is approved at once. `conditions`: approved at once when the
 * conditions match (`match: 'all'`, the default, or `'any'`); otherwise it waits for review.
 */
export interface AutoApproveRules {
  mode: 'manual' | 'everyone' | 'conditions'
  match: 'all' | 'any'
  conditions: AutoApproveCondition[]
}

export interface UpdateAutoApproveInput {
  mode: AutoApproveRules['mode']
  match?: AutoApproveRules['match'] | undefined
  /** At least one when mode is `conditions`; at most 20 */
  conditions?: AutoApproveCondition[] | undefined
}

// ---- Applications ----------------------------------------------------------------------------------

export type ApplicationStatus = 'pending' | 'approved' | 'rejected'

export interface Application {
  id: Id
  programId: Id
  email: string
  name: string | null
  /** The host app's user id, when the host submitted on its user's behalf (secret key) */
  externalId: string | null
  answers: ApplicationAnswers
  status: ApplicationStatus
  /** Set when rejected */
  rejectionReason: string | null
  /** The partner created on approval */
  partnerId: Id | null
  /** The partner whose recruiting link the applicant came through: the new partner's referrer once approved */
  referredById: Id | null
  /** Approved by the auto-approve rules, not by a person */
  autoApproved: boolean
  createdAt: string
  decidedAt: string | null
}

/**
 * `POST /v1/programs/{slug}/applications` (public, no key) and `POST /v1/applications` (secret key,
 * the host on its signed-in user's behalf: only this one takes `externalId`).
 */
export interface SubmitApplicationInput {
  email: string
  name?: string | undefined
  /** Keyed by question id; every required question answered, no unknown ids */
  answers?: { [questionId: string]: string | boolean | undefined } | undefined
  /**
   * A partner's link code (any case) from its recruiting link (`?via=<code>`): approved, the applicant becomes that
   * partner's recruit (`referredById`). A code that names no partner of the program (or a suspended one)
   * is ignored, so a stale link never blocks an application.
   */
  via?: string | undefined
}

export interface CreateApplicationInput extends SubmitApplicationInput {
  externalId?: string | undefined
}

/** The public answer to a submission: no partner details (the address is not verified). */
export interface SubmittedApplication {
  id: Id
  status: 'pending' | 'approved'
}

export interface ListApplicationsQuery extends PageQuery {
  status?: ApplicationStatus | undefined
}

export interface ApproveApplicationInput {
  /** Put the new partner in this group */
  groupId?: Id | undefined
  /** Code of the partner's first link; generated when absent. Unique in the program whatever its case */
  linkCode?: string | undefined
}

export interface RejectApplicationInput {
  /** Required; sent to the applicant when email is configured, and kept on the application */
  reason: string
}

/** An approved application and the partner (with its first link) it created. */
export interface ApprovedApplication {
  application: Application
  partner: PartnerWithLink
}
