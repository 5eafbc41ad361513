// Deals (partners register prospects; the program approves, rejects, marks won or lost) and challenges
// (goals with a bonus). The program's namespaces, and the partner's in the portal client.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  BountySubmission,
  Challenge,
  ChallengeDetail,
  CreateBountyInput,
  CreateChallengeInput,
  Deal,
  DealWonResult,
  GetChallengeQuery,
  Id,
  ListChallengesQuery,
  ListDealsQuery,
  ListSubmissionsQuery,
  MarkDealLostInput,
  MarkDealWonInput,
  Page,
  PortalChallenge,
  PortalDeal,
  PortalDealsQuery,
  PortalSubmission,
  PortalSubmissionsQuery,
  RegisterDealInput,
  RejectDealInput,
  RejectSubmissionInput,
  SubmitProofInput,
  UpdateChallengeInput,
} from './types.ts'

const seg = encodeURIComponent

export class DealsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** Newest first. @example afflio.deals.list({ status: 'pending' }) */
  list(query?: ListDealsQuery, options?: RequestOptions): Promise<Page<Deal>> {
    return this.#http.get('/v1/deals', { ...query }, options)
  }

  listAll(query?: Omit<ListDealsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Deal, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<Deal> {
    return this.#http.get(`/v1/deals/${seg(id)}`, undefined, options)
  }

  /** Gives the prospect to the deal's partner. 409 while another partner holds an approved or won deal for it. */
  approve(id: Id, options?: WriteOptions): Promise<Deal> {
    return this.#http.post(`/v1/deals/${seg(id)}/approve`, {}, options)
  }

  /** Refuses a pending deal; the reason is shown to the partner. */
  reject(id: Id, input: RejectDealInput, options?: WriteOptions): Promise<Deal> {
    return this.#http.post(`/v1/deals/${seg(id)}/reject`, input, options)
  }

  /**
   * Closes an approved deal as won: the sale is recorded and credited to the deal's partner, with its
   * commission. Idempotent on `invoiceId`.
   * @example afflio.deals.markWon(deal.id, { invoiceId: 'in_123', amountMinor: 1200000, currency: 'USD' })
   */
  markWon(id: Id, input: MarkDealWonInput, options?: WriteOptions): Promise<DealWonResult> {
    return this.#http.post(`/v1/deals/${seg(id)}/won`, input, options)
  }

  /** Closes an approved deal without a sale. */
  markLost(id: Id, input: MarkDealLostInput = {}, options?: WriteOptions): Promise<Deal> {
    return this.#http.post(`/v1/deals/${seg(id)}/lost`, input, options)
  }
}

export class ChallengesApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A goal in a period with a bonus, paid once per partner through the commission ledger.
   * @example afflio.challenges.create({ name: 'Ten in November', metric: 'sales', target: 10, startsAt: '2026-11-01', endsAt: '2026-12-01', reward: { amountMinor: 50000, currency: 'USD' } })
   */
  create(input: CreateChallengeInput | CreateBountyInput, options?: WriteOptions): Promise<Challenge> {
    return this.#http.post('/v1/challenges', input, options)
  }

  /** Newest first. */
  list(query?: ListChallengesQuery, options?: RequestOptions): Promise<Page<Challenge>> {
    return this.#http.get('/v1/challenges', { ...query }, options)
  }

  listAll(query?: Omit<ListChallengesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Challenge, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** The challenge with its leaderboard (best first) and how many met the target. */
  get(id: Id, query?: GetChallengeQuery, options?: RequestOptions): Promise<ChallengeDetail> {
    return this.#http.get(`/v1/challenges/${seg(id)}`, { ...query }, options)
  }

  /** Before the start anything but metric and currency; once started, only name, description and end. */
  update(id: Id, input: UpdateChallengeInput, options?: RequestOptions): Promise<Challenge> {
    return this.#http.patch(`/v1/challenges/${seg(id)}`, input, options)
  }

  /** Withdraws it: nothing more is paid; rewards already paid stay. */
  archive(id: Id, options?: RequestOptions): Promise<Challenge> {
    return this.#http.delete(`/v1/challenges/${seg(id)}`, options)
  }

  /** Bounties' review queue, oldest first: pending submissions unless `status` says otherwise. */
  listSubmissions(query?: ListSubmissionsQuery, options?: RequestOptions): Promise<Page<BountySubmission>> {
    return this.#http.get('/v1/bounty-submissions', { ...query }, options)
  }

  getSubmission(id: Id, options?: RequestOptions): Promise<BountySubmission> {
    return this.#http.get(`/v1/bounty-submissions/${seg(id)}`, undefined, options)
  }

  /**
   * Approves a pending submission: the bounty's reward as a `bonus` commission, once (approving again
   * answers the same). 409 `conflict` when a cap is reached (`field`: maxPerPartner or maxApproved).
   * @example afflio.challenges.approveSubmission('sub_…')
   */
  approveSubmission(id: Id, options?: WriteOptions): Promise<BountySubmission> {
    return this.#http.post(`/v1/bounty-submissions/${seg(id)}/approve`, {}, options)
  }

  /** Rejects a pending submission; the partner is told the reason. */
  rejectSubmission(id: Id, input: RejectSubmissionInput, options?: WriteOptions): Promise<BountySubmission> {
    return this.#http.post(`/v1/bounty-submissions/${seg(id)}/reject`, input, options)
  }
}

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

export class PortalDealsApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /**
   * Registers a prospect. 409 `conflict` (with the matching `field`) when it is already another partner's
   * approved or won deal, or your own open one.
   * @example portal.deals.register({ company: 'Globex', contactName: 'Hank Scorpio', contactEmail: 'hank@globex.com' })
   */
  register(input: RegisterDealInput, options?: WriteOptions): Promise<PortalDeal> {
    return this.#call((http) => http.post('/v1/portal/deals', input, options))
  }

  /** The partner's own deals, newest first. */
  list(query?: PortalDealsQuery, options?: RequestOptions): Promise<Page<PortalDeal>> {
    return this.#call((http) => http.get('/v1/portal/deals', { ...query }, options))
  }

  listAll(query?: Omit<PortalDealsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalDeal, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<PortalDeal> {
    return this.#call((http) => http.get(`/v1/portal/deals/${seg(id)}`, undefined, options))
  }
}

export class PortalChallengesApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The challenges the partner takes part in, running ones first, each with its progress. */
  async list(options?: RequestOptions): Promise<PortalChallenge[]> {
    const res = await this.#call((http) => http.get<{ data: PortalChallenge[] }>('/v1/portal/challenges', undefined, options))
    return res.data
  }

  /**
   * Sends proof for a bounty (a web address, text, or both, and an optional file link). 409 `conflict`
   * when the bounty is closed or your submissions reached its limit.
   * @example portal.challenges.submit('chl_…', { url: 'https://youtu.be/abc', text: 'My review video' })
   */
  submit(challengeId: Id, input: SubmitProofInput, options?: WriteOptions): Promise<PortalSubmission> {
    return this.#call((http) => http.post(`/v1/portal/challenges/${seg(challengeId)}/submissions`, input, options))
  }

  /** A page of your submissions to a bounty, newest first. */
  submissions(challengeId: Id, query?: PortalSubmissionsQuery, options?: RequestOptions): Promise<Page<PortalSubmission>> {
    return this.#call((http) => http.get(`/v1/portal/challenges/${seg(challengeId)}/submissions`, { ...query }, options))
  }

  /** Every one of your submissions to a bounty, newest first, page by page. */
  submissionsAll(challengeId: Id, query?: Omit<PortalSubmissionsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalSubmission, void, undefined> {
    return paginate((cursor) => this.submissions(challengeId, { ...query, cursor }, options))
  }

  /** Takes back a pending submission. */
  withdraw(challengeId: Id, submissionId: Id, options?: WriteOptions): Promise<PortalSubmission> {
    return this.#call((http) => http.post(`/v1/portal/challenges/${seg(challengeId)}/submissions/${seg(submissionId)}/withdraw`, {}, options))
  }
}
