// The API's endpoints, grouped the way the client exposes them: one small class per namespace.
import { AfflioError } from './errors.ts'
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  ClickReward,
  ApiKey,
  CommissionExplanation,
  BulkPartnersInput,
  BulkPartnersResult,
  Commission,
  CreatedSecretKey,
  CreateLinkInput,
  CreateEmbedTokenInput,
  CreatePartnerInput,
  Customer,
  EmbedToken,
  RevokedTokens,
  RevokeEmbedTokensInput,
  ImportPartnersInput,
  PartnerImportResult,
  Id,
  Link,
  ListCommissionsQuery,
  LinkStats,
  LinkQrQuery,
  LinkStatsQuery,
  ListLinksQuery,
  Page,
  PageQuery,
  Partner,
  PartnerTierStanding,
  PartnerWithLink,
  ListPartnersQuery,
  PartnerListItem,
  PartnerNote,
  CreatePartnerNoteInput,
  PortalOverview,
  PortalOverviewQuery,
  PortalPayout,
  PortalPayoutHistoryQuery,
  PortalPayouts,
  ProgramOverview,
  ProgramOverviewQuery,
  UpdatePartnerInput,
  Program,
  TrackLeadInput,
  TrackRefundInput,
  TrackRefundResult,
  TrackSaleInput,
  TrackSaleResult,
} from './types.ts'

export class ProgramApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** The program this secret key belongs to. */
  get(options?: RequestOptions): Promise<Program> {
    return this.#http.get('/v1/program', undefined, options)
  }

  /** Partners by status, clicks, leads, sales, revenue and commissions by state: over `days`, or all time. */
  overview(query?: ProgramOverviewQuery, options?: RequestOptions): Promise<ProgramOverview> {
    return this.#http.get('/v1/program/overview', { ...query }, options)
  }
}

export class KeysApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** A new secret key. `secretKey` is in this response only: store it now. */
  create(options?: WriteOptions): Promise<CreatedSecretKey> {
    return this.#http.post('/v1/keys', {}, options)
  }

  list(query?: PageQuery, options?: RequestOptions): Promise<Page<ApiKey>> {
    return this.#http.get('/v1/keys', { ...query }, options)
  }

  /** Every key, newest first, fetched page by page as you iterate. */
  listAll(query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<ApiKey, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** Revokes a key; returns it with `revokedAt` set. */
  async revoke(id: Id, options?: RequestOptions): Promise<ApiKey> {
    return this.#http.delete(`/v1/keys/${segment(id)}`, options)
  }
}

export class PartnersApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** A partner with their first link (code `linkCode`, or generated). */
  create(input: CreatePartnerInput, options?: WriteOptions): Promise<PartnerWithLink> {
    return this.#http.post('/v1/partners', input, options)
  }

  async get(id: Id, options?: RequestOptions): Promise<PartnerWithLink> {
    return this.#http.get(`/v1/partners/${segment(id)}`, undefined, options)
  }

  /**
   * Each with its performance (clicks, sales, revenue, earnings, last activity). Newest first, or by `sort`
   * and `order`; `status`, `groupId` (or `'none'`), `segmentId` and a search term `q` narrow the list.
   * @example afflio.partners.list({ sort: 'revenue', q: 'acme' })
   */
  list(query?: ListPartnersQuery, options?: RequestOptions): Promise<Page<PartnerListItem>> {
    return this.#http.get('/v1/partners', { ...query }, options)
  }

  /** The partner's figures for a period and a series, as its own portal shows them. */
  overview(id: Id, query?: PortalOverviewQuery, options?: RequestOptions): Promise<PortalOverview> {
    return this.#http.get(`/v1/partners/${segment(id)}/overview`, { ...query }, options)
  }

  /** The partner's balances, payouts and payout details, as its own portal shows them. */
  payouts(id: Id, options?: RequestOptions): Promise<PortalPayouts> {
    return this.#http.get(`/v1/partners/${segment(id)}/payouts`, undefined, options)
  }

  /** A page of the partner's payouts, newest first, as its portal pages them (after `payouts`' `history`, its `historyNextCursor`). */
  payoutHistory(id: Id, query?: PortalPayoutHistoryQuery, options?: RequestOptions): Promise<Page<PortalPayout>> {
    return this.#http.get(`/v1/partners/${segment(id)}/payouts/history`, { ...query }, options)
  }

  /** Every payout of the partner, newest first, page by page. */
  payoutHistoryAll(id: Id, query?: Omit<PortalPayoutHistoryQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalPayout, void, undefined> {
    return paginate((cursor) => this.payoutHistory(id, { ...query, cursor }, options))
  }

  /** A page of managers' notes on the partner, newest first; never shown to the partner. */
  notes(id: Id, query?: PageQuery, options?: RequestOptions): Promise<Page<PartnerNote>> {
    return this.#http.get(`/v1/partners/${segment(id)}/notes`, { ...query }, options)
  }

  /** Every note on the partner, newest first, page by page. */
  notesAll(id: Id, query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PartnerNote, void, undefined> {
    return paginate((cursor) => this.notes(id, { ...query, cursor }, options))
  }

  /** Adds a note (recorded in the audit log). */
  addNote(id: Id, input: CreatePartnerNoteInput, options?: WriteOptions): Promise<PartnerNote> {
    return this.#http.post(`/v1/partners/${segment(id)}/notes`, input, options)
  }

  /** Deletes a note; the audit log keeps what it said. */
  deleteNote(id: Id, noteId: Id, options?: RequestOptions): Promise<PartnerNote> {
    return this.#http.delete(`/v1/partners/${segment(id)}/notes/${segment(noteId)}`, options)
  }

  /** Moves a partner to a group, sets its recruiter (two-tier), status or name. */
  update(id: Id, input: UpdatePartnerInput, options?: RequestOptions): Promise<Partner> {
    return this.#http.patch(`/v1/partners/${segment(id)}`, input, options)
  }

  /** The partner's tier on its tiered rule and progress to the next; null when its rule has no tiers. */
  tier(id: Id, options?: RequestOptions): Promise<PartnerTierStanding | null> {
    return this.#http.get(`/v1/partners/${segment(id)}/tier`, undefined, options)
  }

  /**
   * One action over a segment's partners or listed ones: move group, set status, pin a tier, or pay.
   * @example afflio.partners.bulk({ segmentId: 'seg_…', action: 'move_group', groupId: 'grp_…' })
   */
  bulk(input: BulkPartnersInput, options?: WriteOptions): Promise<BulkPartnersResult> {
    return this.#http.post('/v1/partners/bulk', input, options)
  }

  /**
   * Imports partners from CSV text or rows and emails each new one an invitation link; all or nothing. A bad
   * row makes it fail with an AfflioApiError whose `details` list every problem by line; `dryRun` previews.
   *
   * @example
   * await afflio.partners.import({ csv: 'email,name\nada@example.com,Ada', acceptUrl: 'https://app.example.com/partners/join' })
   */
  import(input: ImportPartnersInput, options?: WriteOptions): Promise<PartnerImportResult> {
    return this.#http.post('/v1/partners/import', input, options)
  }

  /** Every partner, page after page (`limit` per request) as the loop consumes them. */
  listAll(query?: Omit<ListPartnersQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PartnerListItem, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }
}

export class LinksApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  create(input: CreateLinkInput, options?: WriteOptions): Promise<Link> {
    return this.#http.post('/v1/links', input, options)
  }

  list(query?: ListLinksQuery, options?: RequestOptions): Promise<Page<Link>> {
    return this.#http.get('/v1/links', { ...query }, options)
  }

  /** A link over time (daily clicks, leads, sales, earnings) and by sub-id and referrer domain. */
  stats(id: string, query?: LinkStatsQuery, options?: RequestOptions): Promise<LinkStats> {
    return this.#http.get(`/v1/links/${segment(id)}/stats`, { ...query }, options)
  }

  /**
   * A link's QR code as SVG text, encoding its share URL (with `sub` when given): its destination, or the
   * program's site URL; `origin` stands in for the site only while the program has none.
   *
   * @example
   * const svg = await afflio.links.qrSvg(link.id, { sub: 'flyer' })
   */
  qrSvg(id: string, query?: LinkQrQuery, options?: RequestOptions): Promise<string> {
    return this.#http.getText(`/v1/links/${segment(id)}/qr.svg`, { ...query }, options)
  }

  listAll(query?: Omit<ListLinksQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Link, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }
}

export class TrackApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** A signup: links the customer to the click (and so the partner) that brought them. */
  lead(input: TrackLeadInput, options?: WriteOptions): Promise<Customer> {
    return this.#http.post('/v1/track/lead', input, options)
  }

  /** A sale and its commission. Recording the same `invoiceId` again returns `duplicate: true`. */
  sale(input: TrackSaleInput, options?: WriteOptions): Promise<TrackSaleResult> {
    return this.#http.post('/v1/track/sale', input, options)
  }

  /** A full or partial refund of a recorded sale; returns the commissions it changed or added. */
  refund(input: TrackRefundInput, options?: WriteOptions): Promise<TrackRefundResult> {
    return this.#http.post('/v1/track/refund', input, options)
  }

  /**
   * The reward a click's visitor is owed (with its Stripe coupon), for checkout: read it here, on the
   * server, rather than trust what the browser says. See `withReferralReward` in docs/rewards.md.
   * @example const { reward } = await afflio.track.reward(clickIdFromCookie)
   */
  reward(clickId: Id, options?: RequestOptions): Promise<ClickReward> {
    return this.#http.get(`/v1/clicks/${encodeURIComponent(clickId)}/reward`, undefined, options)
  }
}

export class CommissionsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  list(query?: ListCommissionsQuery, options?: RequestOptions): Promise<Page<Commission>> {
    const { flagged, ...rest } = query ?? {}
    return this.#http.get('/v1/commissions', { ...rest, flagged: flagged === undefined ? undefined : String(flagged) }, options)
  }

  /** Why the commission has its amount: its decision record (attribution, rules, tier, fraud checks) and what happened since. */
  explain(id: Id, options?: RequestOptions): Promise<CommissionExplanation> {
    return this.#http.get(`/v1/commissions/${segment(id)}/explanation`, undefined, options)
  }

  /** Holds a commission for review: it stops maturing and is left out of payouts. */
  hold(id: Id, reason: string, options?: WriteOptions): Promise<Commission> {
    return this.#http.post(`/v1/commissions/${segment(id)}/actions`, { action: 'hold', reason }, options)
  }

  /** Releases a held commission: pending again, approved at once if its holding period is over. */
  release(id: Id, reason: string, options?: WriteOptions): Promise<Commission> {
    return this.#http.post(`/v1/commissions/${segment(id)}/actions`, { action: 'release', reason }, options)
  }

  /** Voids a commission as fraud; the reason is kept. */
  markFraud(id: Id, reason: string, options?: WriteOptions): Promise<Commission> {
    return this.#http.post(`/v1/commissions/${segment(id)}/actions`, { action: 'mark_fraud', reason }, options)
  }

  listAll(
    query?: Omit<ListCommissionsQuery, 'cursor'>,
    options?: RequestOptions,
  ): AsyncGenerator<Commission, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }
}

export class EmbedTokensApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A short-lived token for the partner portal widget, acting as one partner: an existing one
   * (`partnerId`), or the one with your user's `externalId`, created with `email` if new.
   */
  create(input: CreateEmbedTokenInput, options?: WriteOptions): Promise<EmbedToken> {
    return this.#http.post('/v1/embed-tokens', input, options)
  }

  /**
   * Ends embed tokens before they expire: one (`token`), or every live one of a partner (`partnerId`).
   * @example await afflio.embedTokens.revoke({ partnerId: 'prt_…' }) // { revoked: 1 }
   */
  revoke(input: RevokeEmbedTokensInput, options?: WriteOptions): Promise<RevokedTokens> {
    return this.#http.post('/v1/embed-tokens/revoke', input, options)
  }
}

/** An id as one path segment; an empty id would silently hit the list endpoint instead. */
function segment(id: Id): string {
  if (typeof id !== 'string' || id === '') throw new AfflioError(`Expected a non-empty id, got ${JSON.stringify(id)}`)
  return encodeURIComponent(id)
}
