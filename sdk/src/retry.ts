// Retry policy as pure functions: which answers are worth another attempt, and how long to wait.

export const BACKOFF_BASE_MS = 200
export const BACKOFF_CAP_MS = 5_000
/** A Retry-After longer than this is not waited out: the error is thrown with `retryAfterMs`. */
export const MAX_RETRY_AFTER_MS = 60_000

/**
 * Exponential backoff with "equal jitter": attempt 0 waits 100–200 ms, 1 waits 200–400 ms,
 * … up to 2.5–5 s. Half the delay is fixed so a retry never fires immediately; the random half
 * spreads out clients that failed together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt)
  return Math.round(exp / 2 + random() * (exp / 2))
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP-date. undefined when absent or unparsable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (value === '') return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  // HTTP-dates all start with a day name; Date.parse alone would read '-1' as the year -1.
  if (!/^[A-Za-z]/.test(value)) return undefined
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** 5xx and 429 are retried; other 4xx only in the idempotency "still in progress" case (see http.ts). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}
