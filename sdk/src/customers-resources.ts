// Referred customers and their sales: the program's lists (secret key) and the partner's (embed token).
import type { Http, RequestOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type { CustomerSummary, ListCustomersQuery, ListSalesQuery, Page, PageQuery, PortalCustomer, Sale } from './types.ts'

export class CustomersApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * Newest first, each with its status, sales, revenue (paid minus refunded, per currency) and first and last purchase.
   * @example afflio.customers.list({ partnerId: partner.id })
   */
  list(query?: ListCustomersQuery, options?: RequestOptions): Promise<Page<CustomerSummary>> {
    return this.#http.get('/v1/customers', { ...query }, options)
  }

  listAll(query?: Omit<ListCustomersQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<CustomerSummary, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** @deprecated The same as `listAll`, the name every other namespace's pager has. */
  all(query?: Omit<ListCustomersQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<CustomerSummary, void, undefined> {
    return this.listAll(query, options)
  }
}

export class SalesApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * Newest first; filter by partner, customer and when recorded.
   * @example afflio.sales.list({ customerId: customer.id })
   */
  list(query?: ListSalesQuery, options?: RequestOptions): Promise<Page<Sale>> {
    return this.#http.get('/v1/sales', { ...query }, options)
  }

  listAll(query?: Omit<ListSalesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Sale, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** @deprecated The same as `listAll`, the name every other namespace's pager has. */
  all(query?: Omit<ListSalesQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Sale, void, undefined> {
    return this.listAll(query, options)
  }
}

type Call = <T>(run: (http: Http) => Promise<T>) => Promise<T>

export class PortalCustomersApi {
  readonly #call: Call
  constructor(call: Call) {
    this.#call = call
  }

  /** The partner's referred customers, newest first, their addresses masked. */
  list(query?: PageQuery, options?: RequestOptions): Promise<Page<PortalCustomer>> {
    return this.#call((http) => http.get('/v1/portal/customers', { ...query }, options))
  }

  listAll(query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<PortalCustomer, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }
}
