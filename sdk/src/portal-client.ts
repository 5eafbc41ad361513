// The partner-scoped client: what the widget (or a host's own UI) uses in the browser with an embed
// token. Browser-safe: fetch and Web Crypto only, no Node APIs.
import { normalizeBaseUrl, resolveFetch } from './client.ts'
import { AfflioApiError, AfflioError } from './errors.ts'
import { checkMaxRetries, checkTimeout, Http, type RequestOptions, type WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import { TokenRefresher } from './token-refresh.ts'
import { PortalOnboardingApi, PortalResourcesApi } from './onboarding-resources.ts'
import { PortalChallengesApi, PortalDealsApi } from './deals-resources.ts'
import { PortalCouponCodesApi } from './coupons-resources.ts'
import { PortalMessagesApi } from './messaging-resources.ts'
import { PortalCustomersApi } from './customers-resources.ts'
import { PortalNoticesApi } from './notices-resources.ts'
import { PortalClaimsApi } from './claims-resources.ts'
import type {
  CommissionExplanation,
  CreatePortalLinkInput,
  LinkStats,
  LinkQrQuery,
  LinkStatsQuery,
  PayoutDetails,
  Page,
  PortalCommission,
  PortalCommissionPage,
  PortalCommissionsQuery,
  PortalLink,
  PortalLinkPage,
  PortalLinksQuery,
  PortalMe,
  PortalOverview,
  PortalOverviewQuery,
  PortalPayout,
  PortalPayoutHistoryQuery,
  PortalPayouts,
  UpdatePortalProfileInput,
} from './types.ts'

export interface AfflioPortalOptions {
  /** An embed token (`et_…`) minted by your backend with `afflio.embedTokens.create(...)` */
  token: string
  /** Your Afflio server, e.g. `https://affiliates.example.com` */
  baseUrl: string
  fetch?: typeof fetch | undefined
  /**
   * Called when the server says the token expired: return a new one (ask your backend). The failed
   * call is then retried once with it. Concurrent calls share one refresh. Without it, the call
   * fails with an AfflioApiError of code `token_expired`.
   */
  onTokenExpired?: (() => Promise<string>) | undefined
  /** Retries after the first attempt, for network errors, timeouts, 429 and 5xx. Default 2. */
  maxRetries?: number | undefined
  /** Per attempt, in milliseconds. Default 10 000. */
  timeoutMs?: number | undefined
}

type Run<T> = (http: Http) => Promise<T>

/**
 * One partner's view of the program, authorised by an embed token.
 *
 * @example
 * const portal = new AfflioPortal({
 *   token,
 *   baseUrl: 'https://affiliates.example.com',
 *   onTokenExpired: () => fetch('/api/afflio-token').then((r) => r.json()).then((b) => b.token),
 * })
 * const { earnings, series } = await portal.overview({ interval: 'week' })
 */
export class AfflioPortal {
  readonly links: PortalLinksApi
  readonly commissions: PortalCommissionsApi
  readonly payouts: PortalPayoutsApi
  readonly payoutDetails: PortalPayoutDetailsApi
  readonly onboarding: PortalOnboardingApi
  readonly resources: PortalResourcesApi
  readonly deals: PortalDealsApi
  readonly couponCodes: PortalCouponCodesApi
  readonly challenges: PortalChallengesApi
  readonly messages: PortalMessagesApi
  readonly customers: PortalCustomersApi
  readonly notices: PortalNoticesApi
  readonly claims: PortalClaimsApi

  readonly #tokens: TokenRefresher<Http>

  constructor(options: AfflioPortalOptions) {
    checkToken(options.token)
    const baseUrl = normalizeBaseUrl(options.baseUrl)
    const fetch = resolveFetch(options.fetch)
    const maxRetries = checkMaxRetries(options.maxRetries ?? 2)
    const timeoutMs = checkTimeout(options.timeoutMs ?? 10_000)
    if (options.onTokenExpired !== undefined && typeof options.onTokenExpired !== 'function') {
      throw new AfflioError('AfflioPortal: `onTokenExpired` must be a function')
    }
    this.#tokens = new TokenRefresher({
      token: options.token,
      // Http sends its `secretKey` as the bearer token: here that is the embed token.
      make: (token) => (checkToken(token), new Http({ baseUrl, secretKey: token, fetch, maxRetries, timeoutMs })),
      onTokenExpired: options.onTokenExpired,
      expired: (error) => error instanceof AfflioApiError && error.code === 'token_expired',
    })
    const call = <T>(run: Run<T>) => this.#call(run)
    this.links = new PortalLinksApi(call)
    this.commissions = new PortalCommissionsApi(call)
    this.payouts = new PortalPayoutsApi(call)
    this.payoutDetails = new PortalPayoutDetailsApi(call)
    this.onboarding = new PortalOnboardingApi(call)
    this.resources = new PortalResourcesApi(call)
    this.deals = new PortalDealsApi(call)
    this.couponCodes = new PortalCouponCodesApi(call)
    this.customers = new PortalCustomersApi(call)
    this.challenges = new PortalChallengesApi(call)
    this.messages = new PortalMessagesApi(call)
    this.notices = new PortalNoticesApi(call)
    this.claims = new PortalClaimsApi(call)
  }

  /** The token in use (a refreshed one after onTokenExpired). */
  get token(): string {
    return this.#tokens.token
  }

  /** The partner, the program's name, currency and site, and the locale hint. */
  me(options?: RequestOptions): Promise<PortalMe> {
    return this.#call((http) => http.get('/v1/portal/me', undefined, options))
  }

  /** The partner edits its own profile: name, website, social profiles (a handle or URL each; null clears one). */
  updateProfile(input: UpdatePortalProfileInput, options?: RequestOptions): Promise<PortalMe> {
    return this.#call((http) => http.patch('/v1/portal/me', input, options))
  }

  /** Totals, earnings by status and a series for a period (default: the last 30 days, by day). */
  overview(query?: PortalOverviewQuery, options?: RequestOptions): Promise<PortalOverview> {
    return this.#call((http) => http.get('/v1/portal/overview', { ...query }, options))
  }

  #call<T>(run: Run<T>): Promise<T> {
    return this.#tokens.call(run)
  }
}

function checkToken(token: unknown): asserts token is string {
  if (typeof token !== 'string' || token === '') throw new AfflioError('AfflioPortal: `token` is required (an embed token, et_…)')
  if (token.startsWith('sk_') || token.startsWith('pk_')) {
    throw new AfflioError('AfflioPortal: an API key was given; the portal takes an embed token (et_…). Never send a secret key to a browser.')
  }
}

type Call = <T>(run: Run<T>) => Promise<T>

export class PortalLinksApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The partner's links, newest first, with lifetime clicks, leads, sales and the URL to share. */
  list(query?: PortalLinksQuery, options?: RequestOptions): Promise<PortalLinkPage> {
    return this.#call((http) => http.get('/v1/portal/links', { ...query }, options))
  }

  listAll(query?: Omit<PortalLinksQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalLink, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /**
   * A new link; 409 `conflict` when the code is taken. A `destinationUrl` must be a page on the program's
   * site (its `siteUrl`'s host or a subdomain), and none is taken while the program has no site URL: 400.
   */
  create(input: CreatePortalLinkInput, options?: WriteOptions): Promise<PortalLink> {
    return this.#call((http) => http.post('/v1/portal/links', input, options))
  }

  /** One of the partner's links over time (daily clicks, leads, sales, earnings) and by sub-id and referrer domain. */
  stats(id: string, query?: LinkStatsQuery, options?: RequestOptions): Promise<LinkStats> {
    return this.#call((http) => http.get(`/v1/portal/links/${encodeURIComponent(id)}/stats`, { ...query }, options))
  }

  /** One of the partner's links as a QR code, SVG text, encoding its share URL (with `sub` when given). */
  qrSvg(id: string, query?: LinkQrQuery, options?: RequestOptions): Promise<string> {
    return this.#call((http) => http.getText(`/v1/portal/links/${encodeURIComponent(id)}/qr.svg`, { ...query }, options))
  }
}

export class PortalCommissionsApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** Newest first, each with its sale. */
  list(query?: PortalCommissionsQuery, options?: RequestOptions): Promise<PortalCommissionPage> {
    return this.#call((http) => http.get('/v1/portal/commissions', { ...query }, options))
  }

  listAll(query?: Omit<PortalCommissionsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalCommission, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** Why one of the partner's commissions has its amount: the click and the rule that earned it, and what happened since. */
  explain(id: string, options?: RequestOptions): Promise<CommissionExplanation> {
    return this.#call((http) => http.get(`/v1/portal/commissions/${encodeURIComponent(id)}/explanation`, undefined, options))
  }
}

export class PortalPayoutsApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** Balances per currency, payout history (its first page), the minimum, and the payout details on file. */
  get(options?: RequestOptions): Promise<PortalPayouts> {
    return this.#call((http) => http.get('/v1/portal/payouts', undefined, options))
  }

  /** A page of the partner's payouts, newest first: after `get`'s `history`, pass its `historyNextCursor`. */
  history(query?: PortalPayoutHistoryQuery, options?: RequestOptions): Promise<Page<PortalPayout>> {
    return this.#call((http) => http.get('/v1/portal/payouts/history', { ...query }, options))
  }

  /** Every payout of the partner, newest first, page by page. */
  historyAll(query?: Omit<PortalPayoutHistoryQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalPayout, void, undefined> {
    return paginate((cursor) => this.history({ ...query, cursor }, options))
  }
}

export class PortalPayoutDetailsApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** Replaces where the partner is paid. 400 `invalid_request` names the missing or bad field. */
  update(details: PayoutDetails, options?: RequestOptions): Promise<PayoutDetails> {
    return this.#call((http) => http.put('/v1/portal/payout-details', details, options))
  }
}
