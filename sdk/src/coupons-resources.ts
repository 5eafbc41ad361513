// Coupon codes: the program's namespace (`afflio.couponCodes`), and the partner's in the portal client.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type { CouponCode, CreateCouponCodeInput, CreatePortalCouponCodeInput, Id, ListCouponCodesQuery, Page, PortalCouponCodes, UpdateCouponCodeInput } from './types.ts'

const seg = encodeURIComponent

export class CouponCodesApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * Gives a partner a code: sales reported with it (`track.sale({ couponCode })`, or a Stripe discount) are
   * credited to the partner. 409 when the program has the code already, in any case.
   * @example afflio.couponCodes.create({ partnerId: 'prt_…', code: 'ALICE10' })
   */
  create(input: CreateCouponCodeInput, options?: WriteOptions): Promise<CouponCode> {
    return this.#http.post('/v1/coupon-codes', input, options)
  }

  /** Newest first. @example afflio.couponCodes.list({ partnerId: 'prt_…' }) */
  list(query?: ListCouponCodesQuery, options?: RequestOptions): Promise<Page<CouponCode>> {
    return this.#http.get('/v1/coupon-codes', { ...query }, options)
  }

  listAll(query?: Omit<ListCouponCodesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<CouponCode, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<CouponCode> {
    return this.#http.get(`/v1/coupon-codes/${seg(id)}`, undefined, options)
  }

  /** Disables (or enables again) a code: a disabled code credits no sale. */
  update(id: Id, input: UpdateCouponCodeInput, options?: RequestOptions): Promise<CouponCode> {
    return this.#http.patch(`/v1/coupon-codes/${seg(id)}`, input, options)
  }
}

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

export class PortalCouponCodesApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The partner's codes, newest first, and what the program's policy still allows. */
  list(options?: RequestOptions): Promise<PortalCouponCodes> {
    return this.#call((http) => http.get('/v1/portal/coupon-codes', undefined, options))
  }

  /**
   * Creates a code for the partner, within the program's policy (403 when partners may not, 409 when the
   * code is taken or the partner has as many as allowed, 400 without the required prefix).
   * @example portal.couponCodes.create({ code: 'ALICE10' })
   */
  create(input: CreatePortalCouponCodeInput, options?: WriteOptions): Promise<CouponCode> {
    return this.#call((http) => http.post('/v1/portal/coupon-codes', input, options))
  }
}
