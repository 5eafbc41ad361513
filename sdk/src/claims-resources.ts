// Missing-commission claims: the program's namespace (`afflio.claims`), and the partner's in the portal
// client (`portal.claims`).
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type { ApproveClaimInput, Claim, ClaimApproval, ClaimDetail, FileClaimInput, Id, ListClaimsQuery, Page, PortalClaim, PortalClaimsQuery, RejectClaimInput } from './types.ts'

const seg = encodeURIComponent

export class ClaimsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /** Newest first. @example afflio.claims.list({ status: 'pending' }) */
  list(query?: ListClaimsQuery, options?: RequestOptions): Promise<Page<Claim>> {
    return this.#http.get('/v1/claims', { ...query }, options)
  }

  listAll(query?: Omit<ListClaimsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Claim, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** The claim with the evidence the system finds: the partner's clicks, customers with the email, the sale. */
  get(id: Id, options?: RequestOptions): Promise<ClaimDetail> {
    return this.#http.get(`/v1/claims/${seg(id)}`, undefined, options)
  }

  /**
   * Approves: a recorded sale no partner got is credited to the claim's partner (the rules price it);
   * otherwise give `amountMinor`. Approving again answers the same commission.
   * @example afflio.claims.approve(claim.id, { amountMinor: 980 })
   */
  approve(id: Id, input: ApproveClaimInput = {}, options?: WriteOptions): Promise<ClaimApproval> {
    return this.#http.post(`/v1/claims/${seg(id)}/approve`, input, options)
  }

  /** Refuses a pending claim; the reason is shown to the partner. */
  reject(id: Id, input: RejectClaimInput, options?: WriteOptions): Promise<Claim> {
    return this.#http.post(`/v1/claims/${seg(id)}/reject`, input, options)
  }
}

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

export class PortalClaimsApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The partner's claims, newest first. */
  list(query?: PortalClaimsQuery, options?: RequestOptions): Promise<Page<PortalClaim>> {
    return this.#call((http) => http.get('/v1/portal/claims', { ...query }, options))
  }

  listAll(query?: Omit<PortalClaimsQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalClaim, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** Reports a sale that earned nothing; 409 `conflict` when this invoice id was claimed already. */
  file(input: FileClaimInput, options?: WriteOptions): Promise<PortalClaim> {
    return this.#call((http) => http.post('/v1/portal/claims', input, options))
  }

  get(id: Id, options?: RequestOptions): Promise<PortalClaim> {
    return this.#call((http) => http.get(`/v1/portal/claims/${seg(id)}`, undefined, options))
  }
}
