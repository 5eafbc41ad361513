import type { ApiErrorBody, ApiErrorCode, ApiErrorDetail } from '@afflio/sdk/types'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { DatabaseBusyError, isContention } from '../db/errors.ts'
import { requestIdOf } from './request-id.ts'

/** An error the client caused or can act on; becomes `{"error":{code,message}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
    /** every problem, when there are many (an import's bad rows) */
    readonly details?: ApiErrorDetail[],
  ) {
    super(message)
  }
}

export const badRequest = (message: string, field?: string) => new ApiError(400, 'invalid_request', message, field)
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)
export const conflict = (message: string, field?: string) => new ApiError(409, 'conflict', message, field)

export function errorBody(code: ApiErrorCode, message: string, field?: string, details?: ApiErrorDetail[]): ApiErrorBody {
  return { error: { code, message, ...(field && { field }), ...(details && { details }) } }
}

/** Retry-After of a 503 for a write that waited out its bound for locks. */
export const BUSY_RETRY_AFTER_S = 2

export function onError(err: Error, c: Context): Response {
  const { status, body, headers } = errorAnswer(err, () => requestIdOf(c))
  if (headers) for (const [k, v] of Object.entries(headers)) c.header(k, v)
  return c.json(body, status)
}

/** What an error answers: onError's answer, without a Context (the click's node door). `requestId` names a 500's log line. */
export function errorAnswer(err: unknown, requestId: () => string): { status: ContentfulStatusCode; body: ApiErrorBody; headers?: Record<string, string> | undefined } {
  if (err instanceof ApiError) return { status: err.status, body: errorBody(err.code, err.message, err.field, err.details), headers: err.headers }
  if (err instanceof HTTPException) {
    const status = err.status
    const code: ApiErrorCode = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'invalid_request'
    return { status, body: errorBody(code, err.message || 'Bad request') }
  }
  if (err instanceof DatabaseBusyError || isContention(err)) {
    // Nothing was committed (kernel/db/contention.ts): the same request can simply be sent again.
    const body = errorBody('unavailable', 'The database is busy with other writes; nothing was saved. Retry after the Retry-After seconds.')
    return { status: 503, body, headers: { 'Retry-After': String(BUSY_RETRY_AFTER_S) } }
  }
  // The request id the caller was answered with (X-Request-Id) finds this line.
  console.error(`Request ${requestId()} failed:`, err)
  return { status: 500, body: errorBody('internal', 'Something went wrong on our side') }
}

export function notFoundHandler(c: Context): Response {
  // A client's base URL that ends in /v1 doubles it (the SDK adds /v1 itself): say so rather than only "no route".
  const doubled = /^\/(v1|console\/v1)\/v1\//.test(c.req.path) ? ': the base URL is the server\'s address without /v1' : ''
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}${doubled}`), 404)
}
