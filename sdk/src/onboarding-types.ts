// Onboarding and resources: the checklist a new partner works through, and what the program gives its
// partners to promote it (assets) and to abide by (rules: terms, brand guidelines). Both exist per program
// and, optionally, per partner group. Timestamps are ISO 8601 UTC strings.

import type { Id, PageQuery, PartnerStatus } from './types.ts'

// ---- Resources ---------------------------------------------------------------------------------

/** Assets: logo, banner, copy, other. Rules: terms, brand_guidelines (documents partners abide by). */
export type ResourceKind = 'logo' | 'banner' | 'copy' | 'other' | 'terms' | 'brand_guidelines'

export interface Resource {
  id: Id
  kind: ResourceKind
  title: string
  description: string | null
  /** Where the file or page is (a logo's image, a hosted PDF); at least one of url and content is set */
  url: string | null
  /** Text content: ad copy, the terms themselves (plain text or Markdown) */
  content: string | null
  /** null: every partner of the program sees it; else only the partners of this group */
  groupId: Id | null
  /** Starts at 1; `newVersion: true` on an update adds 1. A terms document must be accepted again at a new version */
  version: number
  /** When the current version was published */
  versionAt: string
  createdAt: string
  updatedAt: string
}

/** `POST /v1/resources` */
export interface CreateResourceInput {
  kind: ResourceKind
  title: string
  description?: string | undefined
  url?: string | undefined
  content?: string | undefined
  /** Only this group's partners see it; program-wide when absent. Fixed once created */
  groupId?: Id | null | undefined
}

/** `PATCH /v1/resources/:id`: the kind and group are fixed. */
export interface UpdateResourceInput {
  title?: string | undefined
  description?: string | null | undefined
  url?: string | null | undefined
  content?: string | null | undefined
  /**
   * Publish this change as a new version (version + 1). For terms, partners who accepted an older version
   * see their `accept_terms` step undone until they accept this one. Without it, the edit is a correction.
   */
  newVersion?: boolean | undefined
}

/** `GET /v1/resources` */
export interface ListResourcesQuery extends PageQuery {
  kind?: ResourceKind | undefined
  /** Only the resources of this group (program-wide ones are not included) */
  groupId?: Id | undefined
}

/** `GET /v1/portal/resources`: the partner's group's resources and the program-wide ones, newest first. */
export interface PortalResourcesQuery extends PageQuery {
  kind?: ResourceKind | undefined
}

/** A resource as a partner sees it (`GET /v1/portal/resources`). */
export interface PortalResource extends Omit<Resource, 'groupId' | 'createdAt' | 'updatedAt'> {
  /** When this partner first opened it (`GET /v1/portal/resources/:id`), or null */
  readAt: string | null
  /** Terms: the version this partner accepted, or null */
  acceptedVersion: number | null
}

// ---- Checklists --------------------------------------------------------------------------------

/**
 * How a step completes. All but `custom` complete themselves when the event happens:
 * accept_terms: the partner accepts the current version of the step's terms document (`resourceId`).
 * add_payout_details: the partner saves payout details. read_resource: the partner opens the step's
 * resource (`resourceId`). share_first_link: the first click on any of the partner's links.
 * first_sale: the first sale credited to the partner; undone while every sale credited to it is marked
 * fraud. custom: the partner marks it done.
 */
export type OnboardingStepKind = 'accept_terms' | 'add_payout_details' | 'read_resource' | 'share_first_link' | 'first_sale' | 'custom'

export interface OnboardingStep {
  id: Id
  kind: OnboardingStepKind
  title: string
  description: string | null
  /** The terms document (accept_terms) or the resource to read (read_resource); null for other kinds */
  resourceId: Id | null
}

export interface OnboardingStepInput {
  /** Keep an existing step's id (a custom step's progress is kept by it); a new id is given when absent */
  id?: Id | undefined
  kind: OnboardingStepKind
  title: string
  description?: string | undefined
  /** Required for accept_terms (a `terms` resource) and read_resource; a group checklist may name its group's resources */
  resourceId?: Id | undefined
}

/** `PUT /v1/onboarding/checklist[?groupId=]`: replaces the steps, in order (at most 30). */
export interface PutOnboardingChecklistInput {
  steps: OnboardingStepInput[]
}

/** `?groupId=` on the checklist endpoints: the group's checklist; the program's when absent. */
export interface OnboardingChecklistQuery {
  groupId?: Id | undefined
}

/**
 * A group's checklist replaces the program's for the group's partners; a group without one uses the
 * program's. An empty list is a checklist with no steps (`DELETE` removes a group's own, to fall back).
 */
export interface OnboardingChecklist {
  /** null: the program's checklist */
  groupId: Id | null
  steps: OnboardingStep[]
  /** null when none was ever set */
  updatedAt: string | null
}

export interface OnboardingStepProgress extends OnboardingStep {
  done: boolean
  /** When it was done (the latest acceptance for terms); null while not done */
  completedAt: string | null
  /** accept_terms: the version the partner accepted (may be older than `currentVersion`), else null */
  acceptedVersion: number | null
  /** accept_terms: the terms document's current version, else null */
  currentVersion: number | null
}

/** `GET /v1/portal/onboarding` and `GET /v1/partners/:id/onboarding` */
export interface OnboardingProgress {
  partnerId: Id
  status: PartnerStatus
  /** Whose checklist applies: the partner's group's, or null for the program's */
  checklistGroupId: Id | null
  steps: OnboardingStepProgress[]
  doneCount: number
  total: number
  /** 0..100, rounded down: 100 only when every step is done; 0 with no steps */
  percent: number
  /** Every step is done (false with no steps). An `approved` partner turns `active` when this becomes true */
  complete: boolean
}

/** `POST /v1/portal/onboarding/accept-terms` */
export interface AcceptTermsInput {
  /** The terms document (a `terms` resource the partner sees) */
  resourceId: Id
  /** The version the partner read; 409 `conflict` when a newer one was published since */
  version: number
}
