// The server-side client: `new Afflio({ secretKey, baseUrl })`, then one namespace per resource.
import { AfflioError } from './errors.ts'
import { checkMaxRetries, checkTimeout, Http } from './http.ts'
import { PayoutsApi, WebhooksApi } from './payout-resources.ts'
import { ConsoleTokensApi, GroupsApi, RulesApi, SettingsApi } from './ledger-resources.ts'
import { SegmentsApi } from './segments-resources.ts'
import { AuditLogApi } from './audit-resources.ts'
import { CustomersApi, SalesApi } from './customers-resources.ts'
import { ApplicationsApi, MarketplaceApi } from './recruitment-resources.ts'
import { OnboardingApi, ResourcesApi } from './onboarding-resources.ts'
import { ChallengesApi, DealsApi } from './deals-resources.ts'
import { CouponCodesApi } from './coupons-resources.ts'
import { ClaimsApi } from './claims-resources.ts'
import { NewslettersApi, ThreadsApi } from './messaging-resources.ts'
import { InvitationsApi } from './invitations-resources.ts'
import { BudgetsApi } from './budgets-resources.ts'
import { CommissionsApi, EmbedTokensApi, KeysApi, LinksApi, PartnersApi, ProgramApi, TrackApi } from './resources.ts'

export interface AfflioOptions {
  /** A secret key (`sk_…`). It grants full access to the program: keep it on your server. */
  secretKey: string
  /**
   * Where your Afflio server runs, e.g. `https://affiliates.example.com` or
   * `http://localhost:8787`. Required: Afflio is self-hosted, so there is no default host.
   */
  baseUrl: string
  /** A fetch implementation; the global `fetch` by default. */
  fetch?: typeof fetch | undefined
  /** Retries after the first attempt, for network errors, timeouts, 429 and 5xx. Default 2. */
  maxRetries?: number | undefined
  /** Per attempt, in milliseconds. Default 10 000. */
  timeoutMs?: number | undefined
}

export class Afflio {
  readonly program: ProgramApi
  readonly keys: KeysApi
  readonly partners: PartnersApi
  readonly links: LinksApi
  readonly track: TrackApi
  readonly commissions: CommissionsApi
  readonly rules: RulesApi
  readonly groups: GroupsApi
  readonly settings: SettingsApi
  readonly consoleTokens: ConsoleTokensApi
  readonly embedTokens: EmbedTokensApi
  readonly payouts: PayoutsApi
  readonly webhooks: WebhooksApi
  readonly segments: SegmentsApi
  readonly auditLog: AuditLogApi
  readonly customers: CustomersApi
  readonly sales: SalesApi
  readonly marketplace: MarketplaceApi
  readonly applications: ApplicationsApi
  readonly resources: ResourcesApi
  readonly onboarding: OnboardingApi
  readonly deals: DealsApi
  readonly couponCodes: CouponCodesApi
  readonly challenges: ChallengesApi
  readonly threads: ThreadsApi
  readonly newsletters: NewslettersApi
  readonly invitations: InvitationsApi
  readonly claims: ClaimsApi
  readonly budgets: BudgetsApi

  constructor(options: AfflioOptions) {
    const { secretKey } = options
    if (typeof secretKey !== 'string' || secretKey === '') {
      throw new AfflioError('Afflio: `secretKey` is required')
    }
    if (secretKey.startsWith('pk_')) {
      throw new AfflioError('Afflio: a publishable key (pk_…) was given; the server client needs a secret key (sk_…)')
    }
    const http = new Http({
      baseUrl: normalizeBaseUrl(options.baseUrl),
      secretKey,
      fetch: resolveFetch(options.fetch),
      maxRetries: checkMaxRetries(options.maxRetries ?? 2),
      timeoutMs: checkTimeout(options.timeoutMs ?? 10_000),
    })
    this.program = new ProgramApi(http)
    this.keys = new KeysApi(http)
    this.partners = new PartnersApi(http)
    this.links = new LinksApi(http)
    this.track = new TrackApi(http)
    this.commissions = new CommissionsApi(http)
    this.rules = new RulesApi(http)
    this.groups = new GroupsApi(http)
    this.settings = new SettingsApi(http)
    this.consoleTokens = new ConsoleTokensApi(http)
    this.embedTokens = new EmbedTokensApi(http)
    this.payouts = new PayoutsApi(http)
    this.webhooks = new WebhooksApi(http)
    this.segments = new SegmentsApi(http)
    this.auditLog = new AuditLogApi(http)
    this.customers = new CustomersApi(http)
    this.sales = new SalesApi(http)
    this.marketplace = new MarketplaceApi(http)
    this.applications = new ApplicationsApi(http)
    this.resources = new ResourcesApi(http)
    this.onboarding = new OnboardingApi(http)
    this.deals = new DealsApi(http)
    this.couponCodes = new CouponCodesApi(http)
    this.challenges = new ChallengesApi(http)
    this.threads = new ThreadsApi(http)
    this.newsletters = new NewslettersApi(http)
    this.invitations = new InvitationsApi(http)
    this.claims = new ClaimsApi(http)
    this.budgets = new BudgetsApi(http)
  }
}

export function normalizeBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string' || baseUrl === '') {
    throw new AfflioError('Afflio: `baseUrl` is required (the URL of your Afflio server, e.g. http://localhost:8787)')
  }
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new AfflioError(`Afflio: \`baseUrl\` is not a URL: ${baseUrl}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AfflioError(`Afflio: \`baseUrl\` must be http(s), got ${url.protocol}`)
  }
  if (url.search !== '' || url.hash !== '') {
    throw new AfflioError('Afflio: `baseUrl` must not have a query or fragment')
  }
  // A path prefix (a server mounted under /afflio) is kept; paths are appended to it.
  return url.href.replace(/\/+$/, '')
}

export function resolveFetch(custom: typeof fetch | undefined): typeof fetch {
  // Called detached from its object: browsers throw "Illegal invocation" for `obj.fetch = window.fetch; obj.fetch()`.
  if (custom !== undefined) {
    if (typeof custom !== 'function') throw new AfflioError('Afflio: `fetch` must be a function')
    return (input, init) => custom(input, init)
  }
  if (typeof globalThis.fetch !== 'function') {
    throw new AfflioError('Afflio: no global fetch in this runtime; pass `fetch` in the options')
  }
  // Looked up per call, so a fetch installed or stubbed later is used.
  return (input, init) => globalThis.fetch(input, init)
}
