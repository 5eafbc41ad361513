import type { Context } from 'hono'
import { z } from 'zod'
import { bodyText } from './body.ts'
import { ApiError, badRequest } from './errors.ts'

/** Reads a JSON body whatever its content type (the script sends text/plain to skip preflight). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await bodyText(c)
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw badRequest('Body is not valid JSON')
  }
}

function issueToError(error: z.ZodError): ApiError {
  const issue = error.issues[0]!
  const field = issue.path.join('.')
  return badRequest(field ? `${field}: ${issue.message}` : issue.message, field || undefined)
}

/**
 * Text no database can store: NUL (Postgres refuses it in text; SQLite would keep it and differ) and
 * lone UTF-16 surrogates (not encodable as UTF-8). Checked before any schema, for every body, query and
 * form, so both databases answer the same 400.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The path of the first string (or key) in `value` holding unstorable text, or null. */
export function unstorableAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null
  if (value === null || typeof value !== 'object') return null
  for (const [k, v] of Object.entries(value)) {
    if (UNSTORABLE.test(k)) return [...path, k]
    const at = unstorableAt(v, [...path, k])
    if (at) return at
  }
  return null
}

export function rejectUnstorable(value: unknown): void {
  const at = unstorableAt(value)
  if (!at) return
  const field = at.join('.')
  throw badRequest(`${field || 'value'}: must not contain NUL characters or unpaired surrogates`, field || undefined)
}

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  rejectUnstorable(value)
  const result = schema.safeParse(value)
  if (!result.success) throw issueToError(result.error)
  return result.data
}

export async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  return parse(schema, await readJson(c))
}

export function parseQuery<T>(c: Context, schema: z.ZodType<T>): T {
  return parse(schema, c.req.query())
}
