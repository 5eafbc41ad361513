// The request core: one JSON call to the API with auth, per-attempt timeout, retries with
// backoff, and an Idempotency-Key that every attempt of the same POST shares.
import { AfflioApiError, AfflioError, AfflioNetworkError, AfflioTimeoutError } from './errors.ts'
import { backoffDelay, isRetryableStatus, MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry.ts'
import type { ApiErrorCode, ApiErrorDetail } from './types.ts'

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Cancels the call, including any backoff wait; the promise rejects with `signal.reason`. */
  signal?: AbortSignal | undefined
  /** Overrides the client's `timeoutMs` for this call (per attempt). */
  timeoutMs?: number | undefined
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined
}

/** Options of calls that write (POST). */
export interface WriteOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key`, the same on every retry. Defaults to a random UUID per call.
   * Pass your own (e.g. derived from your invoice or event id) to make retries of the
   * whole call, across processes, safe too.
   */
  idempotencyKey?: string | undefined
}

export type Query = Record<string, string | number | undefined>

export interface HttpConfig {
  baseUrl: string
  secretKey: string
  fetch: typeof fetch
  maxRetries: number
  timeoutMs: number
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: AfflioError; retryable: boolean; retryAfterMs?: number | undefined; definitive: boolean }

export class Http {
  readonly #config: HttpConfig

  constructor(config: HttpConfig) {
    this.#config = config
  }

  get<T>(path: string, query?: Query, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, { query, options })
  }

  /** A GET whose answer is text (a CSV export), returned as it is. */
  async getText(path: string, query?: Query, options?: RequestOptions): Promise<string> {
    return (await this.getFile(path, query, options)).text
  }

  /** A GET whose answer is a file: its text as it is, and the response's headers (its name, counts). */
  getFile(path: string, query?: Query, options?: RequestOptions): Promise<{ text: string; headers: Headers }> {
    return this.request('GET', path, { query, options, text: true })
  }

  post<T>(path: string, body: unknown, options?: WriteOptions): Promise<T> {
    return this.request<T>('POST', path, { body, options })
  }

  /** A replace: idempotent by nature, so no Idempotency-Key. */
  put<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, { body, options })
  }

  /** A partial update: setting the same fields again gives the same result, so no Idempotency-Key. */
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, { body, options })
  }

    delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, { options })
  }

  async request<T>(
    method: Method,
    path: string,
    init: { query?: Query | undefined; body?: unknown; options?: WriteOptions | undefined; text?: boolean },
  ): Promise<T> {
    const options = init.options ?? {}
    const maxRetries = checkMaxRetries(options.maxRetries ?? this.#config.maxRetries)
    const timeoutMs = checkTimeout(options.timeoutMs ?? this.#config.timeoutMs)
    const signal = options.signal
    const idempotencyKey = method === 'POST' ? (options.idempotencyKey ?? randomId()) : undefined

    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#config.secretKey}`,
      Accept: init.text ? 'text/*, application/json' : 'application/json',
    }
    if (init.body !== undefined) headers['Content-Type'] = 'application/json'
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey
    const request: RequestInit = {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }
    const url = this.#config.baseUrl + path + queryString(init.query)

    // Set once an attempt ended without a definitive answer (no response, timeout, 5xx): the
    // server may still be running it, so a 409 on the next attempt is the idempotency layer
    // saying "in progress", not a real conflict.
    let maybeInFlight = false
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw signal.reason
      const result = await this.#attempt<T>(url, request, timeoutMs, signal, idempotencyKey, init.text === true)
      if (result.ok) return result.value

      let retryable = result.retryable
      if (result.error instanceof AfflioApiError && result.error.status === 409) {
        retryable = idempotencyKey !== undefined && (maybeInFlight || result.retryAfterMs !== undefined)
      }
      if (!result.definitive) maybeInFlight = true

      if (!retryable || attempt >= maxRetries) throw result.error
      if (result.retryAfterMs !== undefined && result.retryAfterMs > MAX_RETRY_AFTER_MS) throw result.error
      await sleep(result.retryAfterMs ?? backoffDelay(attempt), signal)
    }
  }

  async #attempt<T>(
    url: string,
    request: RequestInit,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    idempotencyKey: string | undefined,
    asText = false,
  ): Promise<Attempt<T>> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onAbort = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })

    let response: Response
    let text: string
    try {
      // Raced against the signal as well, so a fetch that ignores `signal` still times out.
      response = await untilAborted(this.#config.fetch(url, { ...request, signal: controller.signal }), controller.signal)
      text = await untilAborted(response.text(), controller.signal)
    } catch (cause) {
      if (signal?.aborted) throw signal.reason
      const error = timedOut
        ? new AfflioTimeoutError(`Request timed out after ${timeoutMs} ms: ${request.method} ${url}`, {
            cause,
            idempotencyKey,
          })
        : new AfflioNetworkError(`Network error: ${request.method} ${url}: ${describe(cause)}`, {
            cause,
            idempotencyKey,
          })
      return { ok: false, error, retryable: true, definitive: false }
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }

    if (response.ok) {
      if (asText) return { ok: true, value: { text, headers: response.headers } as T }
      if (text === '') return { ok: true, value: undefined as T }
      try {
        return { ok: true, value: JSON.parse(text) as T }
      } catch (cause) {
        const error = new AfflioError(`Response of ${request.method} ${url} (status ${response.status}) is not JSON`, {
          cause,
          idempotencyKey,
        })
        return { ok: false, error, retryable: false, definitive: true }
      }
    }

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    const error = apiError(response, text, retryAfterMs, idempotencyKey)
    return {
      ok: false,
      error,
      retryable: isRetryableStatus(response.status),
      retryAfterMs,
      definitive: response.status < 500,
    }
  }
}

export function checkMaxRetries(value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new AfflioError(`maxRetries must be an integer >= 0, got ${value}`)
  return value
}

export function checkTimeout(value: number): number {
  // setTimeout fires at once for delays beyond 2^31 - 1 ms.
  if (!(value > 0 && value <= 2_147_483_647)) throw new AfflioError(`timeoutMs must be between 1 and 2147483647, got ${value}`)
  return value
}

function apiError(
  response: Response,
  text: string,
  retryAfterMs: number | undefined,
  idempotencyKey: string | undefined,
): AfflioApiError {
  const body = parseErrorBody(text)
  return new AfflioApiError({
    status: response.status,
    code: body?.code ?? codeForStatus(response.status),
    message: body?.message ?? `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${notAfflio(response.status)}${snippet(text)}`,
    field: body?.field,
    details: body?.details,
    requestId: response.headers.get('x-request-id') ?? undefined,
    retryAfterMs,
    idempotencyKey,
  })
}

function parseErrorBody(text: string): { code: ApiErrorCode; message: string; field?: string; details?: ApiErrorDetail[] } | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const error = (parsed as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message, field, details } = error as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') return undefined
  // An unknown code from a newer server is kept as-is rather than hidden.
  return { code: code as ApiErrorCode, message, ...(typeof field === 'string' ? { field } : {}), ...(Array.isArray(details) ? { details: details as ApiErrorDetail[] } : {}) }
}

/** For error responses that are not ApiErrorBody (a proxy's 502 page, say). */
function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 409:
      return 'conflict'
    case 413:
      return 'payload_too_large'
    case 429:
      return 'rate_limited'
    case 503:
      return 'unavailable'
    default:
      return status >= 500 ? 'internal' : 'invalid_request'
  }
}

// Every route of an Afflio server answers an unknown path with its own error body: a bare 404 or 405 came
// from another server, usually a baseUrl naming the app's site instead of the API.
const notAfflio = (status: number) => (status === 404 || status === 405 ? ', not from an Afflio server: is baseUrl the address of your Afflio API?' : '')

function snippet(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  if (trimmed === '') return ''
  return `: ${trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed}`
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value))
  }
  const s = params.toString()
  return s === '' ? '' : `?${s}`
}

function randomId(): string {
  const c = globalThis.crypto
  if (typeof c?.randomUUID === 'function') return c.randomUUID()
  // randomUUID is missing in insecure browser contexts; getRandomValues is not.
  const bytes = c.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
