// Recruitment: the marketplace listing, the application form and its auto-approve rules, and the
// review queue. Server-side (secret key); the public form helpers are in public.ts.
import { AfflioError } from './errors.ts'
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  Application,
  ApplicationForm,
  ApprovedApplication,
  ApproveApplicationInput,
  AutoApproveRules,
  CreateApplicationInput,
  Id,
  ListApplicationsQuery,
  MarketplaceListing,
  Page,
  UpdateApplicationFormInput,
  UpdateAutoApproveInput,
  UpdateMarketplaceListingInput,
} from './types.ts'

export class MarketplaceApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** The program's listing; `slug` is null until one is saved. */
  get(options?: RequestOptions): Promise<MarketplaceListing> {
    return this.#http.get('/v1/marketplace-listing', undefined, options)
  }

  /**
   * Replaces the listing. `listed: true` shows it at `/marketplace` and needs a description and a category.
   * @example afflio.marketplace.update({ listed: true, slug: 'acme', description: 'Invoicing for freelancers', category: 'saas' })
   */
  update(input: UpdateMarketplaceListingInput, options?: RequestOptions): Promise<MarketplaceListing> {
    return this.#http.put('/v1/marketplace-listing', input, options)
  }
}

export class ApplicationsApi {
  readonly #http: Http
  readonly form: ApplicationFormApi
  readonly autoApprove: AutoApproveApi

  constructor(http: Http) {
    this.#http = http
    this.form = new ApplicationFormApi(http)
    this.autoApprove = new AutoApproveApi(http)
  }

  /** The review queue, newest first: `{ status: 'pending' }` for what waits. */
  list(query?: ListApplicationsQuery, options?: RequestOptions): Promise<Page<Application>> {
    return this.#http.get('/v1/applications', { ...query }, options)
  }

  listAll(query?: Omit<ListApplicationsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Application, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<Application> {
    return this.#http.get(`/v1/applications/${segment(id)}`, undefined, options)
  }

  /**
   * Applies for your signed-in user, from your backend: `externalId` ties the partner to your user
   * (the public form cannot). The same checks and auto-approve rules as the public form apply.
   * @example await afflio.applications.create({ email: user.email, externalId: user.id, answers: { site: 'https://blog.example' } })
   */
  create(input: CreateApplicationInput, options?: WriteOptions): Promise<Application> {
    return this.#http.post('/v1/applications', input, options)
  }

  /** Creates the partner (status `approved`) with its first link; approving again returns the same partner. */
  approve(id: Id, input: ApproveApplicationInput = {}, options?: WriteOptions): Promise<ApprovedApplication> {
    return this.#http.post(`/v1/applications/${segment(id)}/approve`, input, options)
  }

  /** Rejects with a reason (required), kept on the application and sent in `application.rejected`. */
  reject(id: Id, reason: string, options?: WriteOptions): Promise<Application> {
    return this.#http.post(`/v1/applications/${segment(id)}/reject`, { reason }, options)
  }
}

export class ApplicationFormApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  get(options?: RequestOptions): Promise<ApplicationForm> {
    return this.#http.get('/v1/application-form', undefined, options)
  }

  /**
   * Replaces the questions (and opens or closes the form).
   * @example afflio.applications.form.update({ questions: [{ id: 'site', label: 'Your website', type: 'url', required: true }] })
   */
  update(input: UpdateApplicationFormInput, options?: RequestOptions): Promise<ApplicationForm> {
    return this.#http.put('/v1/application-form', input, options)
  }
}

export class AutoApproveApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  get(options?: RequestOptions): Promise<AutoApproveRules> {
    return this.#http.get('/v1/application-form/auto-approve', undefined, options)
  }

  /**
   * @example afflio.applications.autoApprove.update({ mode: 'conditions', conditions: [{ field: 'email_domain', in: ['acme.com'] }] })
   */
  update(input: UpdateAutoApproveInput, options?: RequestOptions): Promise<AutoApproveRules> {
    return this.#http.put('/v1/application-form/auto-approve', input, options)
  }
}

function segment(id: Id): string {
  if (typeof id !== 'string' || id === '') throw new AfflioError(`Expected a non-empty id, got ${JSON.stringify(id)}`)
  return encodeURIComponent(id)
}
