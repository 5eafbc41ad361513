// Commission budgets: caps per program, group or challenge and period, with their spend and pace.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import type { Budget, BudgetStatus, CreateBudgetInput, Id, Page, UpdateBudgetInput } from './types.ts'

const seg = encodeURIComponent

export class BudgetsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A budget. Past its cap, new commissions are held ("budget reached") or stepped down (`overCap`).
   * @example afflio.budgets.create({ name: 'Monthly', scope: 'program', period: 'month', amountMinor: 500_000, currency: 'USD' })
   */
  create(input: CreateBudgetInput, options?: WriteOptions): Promise<Budget> {
    return this.#http.post('/v1/budgets', input, options)
  }

  list(options?: RequestOptions): Promise<Page<Budget>> {
    return this.#http.get('/v1/budgets', undefined, options)
  }

  /** Every budget with its spend, run-rate forecast and run-out date. */
  statuses(options?: RequestOptions): Promise<{ data: BudgetStatus[] }> {
    return this.#http.get('/v1/budgets/status', undefined, options)
  }

  /** One budget's spend, forecast and run-out date now. */
  status(id: Id, options?: RequestOptions): Promise<BudgetStatus> {
    return this.#http.get(`/v1/budgets/${seg(id)}/status`, undefined, options)
  }

  update(id: Id, input: UpdateBudgetInput, options?: RequestOptions): Promise<Budget> {
    return this.#http.patch(`/v1/budgets/${seg(id)}`, input, options)
  }

  delete(id: Id, options?: RequestOptions): Promise<Budget> {
    return this.#http.delete(`/v1/budgets/${seg(id)}`, options)
  }
}
