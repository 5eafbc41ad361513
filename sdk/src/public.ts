// The public side of recruitment, without a key: safe in the browser (fetch only). The widget and
// any site can show a program's application form and submit it.
import { normalizeBaseUrl, resolveFetch } from './client.ts'
import { AfflioApiError, AfflioNetworkError } from './errors.ts'
import type {
  ApiErrorCode,
  MarketplaceQuery,
  Page,
  PublicApplicationForm,
  PublicListing,
  SubmitApplicationInput,
  SubmittedApplication,
} from './types.ts'

export interface PublicOptions {
  fetch?: typeof fetch | undefined
  signal?: AbortSignal | undefined
}

/**
 * A program's application form, by its marketplace slug.
 * @example const form = await getApplicationForm('https://affiliates.example.com', 'acme')
 */
export function getApplicationForm(baseUrl: string, slug: string, options?: PublicOptions): Promise<PublicApplicationForm> {
  return call(baseUrl, `/v1/programs/${encodeURIComponent(slug)}/application-form`, options)
}

/**
 * Sends an application. Fails with an AfflioApiError: `invalid_request` (its `field` names the
 * answer, e.g. `answers.site`), `conflict` (already applied, or already a partner), `forbidden`
 * (applications closed) or `rate_limited`. Not retried: a retry after a lost answer is a 409.
 *
 * @example
 * const { status } = await submitApplication('https://affiliates.example.com', 'acme', {
 *   email: 'ana@blog.example', name: 'Ana', answers: { site: 'https://blog.example', terms: true },
 * })
 */
export function submitApplication(baseUrl: string, slug: string, input: SubmitApplicationInput, options?: PublicOptions): Promise<SubmittedApplication> {
  return call(baseUrl, `/v1/programs/${encodeURIComponent(slug)}/applications`, options, input)
}

/** Listed programs, newest first: filter by `category`, search with `q`. */
export function listMarketplace(baseUrl: string, query: MarketplaceQuery = {}, options?: PublicOptions): Promise<Page<PublicListing>> {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v))
  const qs = params.toString()
  return call(baseUrl, `/v1/marketplace${qs ? `?${qs}` : ''}`, options)
}

async function call<T>(baseUrl: string, path: string, options: PublicOptions = {}, body?: unknown): Promise<T> {
  const url = normalizeBaseUrl(baseUrl) + path
  const init: RequestInit = body === undefined ? { method: 'GET' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
  if (options.signal) init.signal = options.signal
  let response: Response
  let text: string
  try {
    response = await resolveFetch(options.fetch)(url, init)
    text = await response.text()
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason
    throw new AfflioNetworkError(`Network error: ${init.method} ${url}`, { cause })
  }
  const parsed = text === '' ? undefined : safeJson(text)
  if (response.ok) return parsed as T
  const error = (parsed as { error?: { code?: ApiErrorCode; message?: string; field?: string } } | undefined)?.error
  throw new AfflioApiError({
    status: response.status,
    code: error?.code ?? (response.status === 404 ? 'not_found' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'internal' : 'invalid_request'),
    message: error?.message ?? `HTTP ${response.status}`,
    field: error?.field,
  })
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
