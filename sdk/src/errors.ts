// Every error the client throws is an AfflioError, except a caller's own abort (its signal's reason).
// One class per failure kind, not per API code: `code` is a typed union, switch on it.
import type { ApiErrorCode, ApiErrorDetail } from './types.ts'

export class AfflioError extends Error {
  override name = 'AfflioError'
  /**
   * The Idempotency-Key the failed POST was sent with. If you retry the call yourself later,
   * pass it back as `{ idempotencyKey }` so the server replays the first result instead of
   * writing twice.
   */
  idempotencyKey: string | undefined

  constructor(message: string, options?: { cause?: unknown; idempotencyKey?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.idempotencyKey = options?.idempotencyKey
  }
}

/** The server answered with a 4xx or 5xx status. */
export class AfflioApiError extends AfflioError {
  override name = 'AfflioApiError'
  readonly status: number
  readonly code: ApiErrorCode
  /** The request field the error is about, for `invalid_request` */
  readonly field: string | undefined
  /** Every problem, when the request had many (a partner import's bad rows, by line) */
  readonly details: ApiErrorDetail[] | undefined
  /** The server's request id (`X-Request-Id` header), when it sent one */
  readonly requestId: string | undefined
  /** From `Retry-After`, when the server sent it (429, 503) */
  readonly retryAfterMs: number | undefined

  constructor(init: {
    status: number
    code: ApiErrorCode
    message: string
    field?: string | undefined
    details?: ApiErrorDetail[] | undefined
    requestId?: string | undefined
    retryAfterMs?: number | undefined
    idempotencyKey?: string | undefined
  }) {
    super(init.message, { idempotencyKey: init.idempotencyKey })
    this.status = init.status
    this.code = init.code
    this.field = init.field
    this.details = init.details
    this.requestId = init.requestId
    this.retryAfterMs = init.retryAfterMs
  }
}

/** No response: DNS, connection refused or reset, CORS, or the body could not be read. */
export class AfflioNetworkError extends AfflioError {
  override name = 'AfflioNetworkError'
}

/** No response within `timeoutMs` (per attempt). */
export class AfflioTimeoutError extends AfflioNetworkError {
  override name = 'AfflioTimeoutError'
}
