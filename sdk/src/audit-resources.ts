// The audit log: who changed what in the program, when, before and after. Read-only.
import type { Http, RequestOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type { AuditEntry, ListAuditLogQuery, Page } from './types.ts'

export class AuditLogApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * Newest first, a page at a time; filters combine.
   * @example afflio.auditLog.list({ subjectType: 'partner', subjectId: partner.id })
   */
  list(query?: ListAuditLogQuery, options?: RequestOptions): Promise<Page<AuditEntry>> {
    return this.#http.get('/v1/audit-log', { ...query }, options)
  }

  /** Every entry matching the filters, newest first, fetched page by page as you iterate. */
  listAll(query?: Omit<ListAuditLogQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<AuditEntry, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  /** @deprecated The same as `listAll`, the name every other namespace's pager has. */
  all(query?: Omit<ListAuditLogQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<AuditEntry, void, undefined> {
    return this.listAll(query, options)
  }
}
