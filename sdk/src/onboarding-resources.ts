// Resources and onboarding: `afflio.resources`, `afflio.onboarding` (secret key), and the partner's
// side, `portal.onboarding` and `portal.resources` (embed token). Browser-safe: types and fetch only.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  AcceptTermsInput,
  CreateResourceInput,
  Id,
  ListResourcesQuery,
  OnboardingChecklist,
  OnboardingChecklistQuery,
  OnboardingProgress,
  Page,
  PortalResource,
  PortalResourcesQuery,
  PutOnboardingChecklistInput,
  Resource,
  UpdateResourceInput,
} from './types.ts'

const seg = encodeURIComponent
const scope = (q?: OnboardingChecklistQuery) => (q?.groupId ? `?groupId=${seg(q.groupId)}` : '')

export class ResourcesApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * An asset (logo, banner, copy, other) or a rules document (terms, brand_guidelines), for every partner
   * or, with `groupId`, for one group's.
   * @example afflio.resources.create({ kind: 'terms', title: 'Partner terms', content: '…' })
   */
  create(input: CreateResourceInput, options?: WriteOptions): Promise<Resource> {
    return this.#http.post('/v1/resources', input, options)
  }

  list(query?: ListResourcesQuery, options?: RequestOptions): Promise<Page<Resource>> {
    return this.#http.get('/v1/resources', { ...query }, options)
  }

  listAll(query?: Omit<ListResourcesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Resource, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<Resource> {
    return this.#http.get(`/v1/resources/${seg(id)}`, undefined, options)
  }

  /**
   * Edits a resource. `newVersion: true` publishes the edit as the next version: partners who accepted
   * older terms must accept again.
   * @example afflio.resources.update(termsId, { content: newTerms, newVersion: true })
   */
  update(id: Id, input: UpdateResourceInput, options?: RequestOptions): Promise<Resource> {
    return this.#http.patch(`/v1/resources/${seg(id)}`, input, options)
  }

  /** Archives it: partners stop seeing it. 409 `conflict` while a checklist step names it. */
  archive(id: Id, options?: RequestOptions): Promise<Resource> {
    return this.#http.delete(`/v1/resources/${seg(id)}`, options)
  }
}

export class OnboardingApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** The program's checklist, or with `groupId` the group's own (empty when it has none). */
  getChecklist(query?: OnboardingChecklistQuery, options?: RequestOptions): Promise<OnboardingChecklist> {
    return this.#http.get('/v1/onboarding/checklist', { ...query }, options)
  }

  /**
   * Replaces the program's checklist, or with `groupId` the group's (which replaces the program's for its partners).
   * @example
   * await afflio.onboarding.setChecklist({ steps: [
   *   { kind: 'accept_terms', title: 'Accept the terms', resourceId: terms.id },
   *   { kind: 'add_payout_details', title: 'Tell us where to pay you' },
   *   { kind: 'share_first_link', title: 'Share your link' },
   * ] })
   */
  setChecklist(input: PutOnboardingChecklistInput, query?: OnboardingChecklistQuery, options?: RequestOptions): Promise<OnboardingChecklist> {
    return this.#http.put(`/v1/onboarding/checklist${scope(query)}`, input, options)
  }

  /** Removes the checklist; a group's partners then get the program's. */
  deleteChecklist(query?: OnboardingChecklistQuery, options?: RequestOptions): Promise<OnboardingChecklist> {
    return this.#http.delete(`/v1/onboarding/checklist${scope(query)}`, options)
  }

  /** A partner's progress through the checklist that applies to it. */
  progress(partnerId: Id, options?: RequestOptions): Promise<OnboardingProgress> {
    return this.#http.get(`/v1/partners/${seg(partnerId)}/onboarding`, undefined, options)
  }
}

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

export class PortalOnboardingApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The partner's checklist: each step with its done state, and the percentage done. */
  get(options?: RequestOptions): Promise<OnboardingProgress> {
    return this.#call((http) => http.get('/v1/portal/onboarding', undefined, options))
  }

  /** Marks a custom step done (other steps complete themselves). */
  completeStep(stepId: Id, options?: WriteOptions): Promise<OnboardingProgress> {
    return this.#call((http) => http.post(`/v1/portal/onboarding/steps/${seg(stepId)}/complete`, {}, options))
  }

  /** Accepts a terms document at the version shown; 409 `conflict` when a newer version was published since. */
  acceptTerms(input: AcceptTermsInput, options?: WriteOptions): Promise<OnboardingProgress> {
    return this.#call((http) => http.post('/v1/portal/onboarding/accept-terms', input, options))
  }
}

export class PortalResourcesApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The partner's group's resources and the program-wide ones, newest first. */
  list(query?: PortalResourcesQuery, options?: RequestOptions): Promise<Page<PortalResource>> {
    return this.#call((http) => http.get('/v1/portal/resources', { ...query }, options))
  }

  listAll(query?: Omit<PortalResourcesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalResource, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** One resource, with its content. Opening it completes a `read_resource` step. */
  get(id: Id, options?: RequestOptions): Promise<PortalResource> {
    return this.#call((http) => http.get(`/v1/portal/resources/${seg(id)}`, undefined, options))
  }
}
