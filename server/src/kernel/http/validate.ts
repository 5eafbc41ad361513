import type { Context } from 'hono'
import { z } from 'zod'
import { bodyText } from './body.ts'
import { ApiError, badRequest } from './errors.ts'

/** Reads a JSON body whatever its content type (the script sends text/plain to skip preflight). */
export async function readJson(c: Context): Promise<unknown> {
  return jsonOf(await bodyText(c))
}

/** A body's text as readJson reads it: empty is `{}`, anything not JSON a 400. */
export function jsonOf(text: string): unknown {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw badRequest('Body is not valid JSON')
  }
}

// A field left out says so ("email: is required"), not zod's "Invalid input: expected string, received undefined".
// A schema's own message for it (the currency's) comes first.
const missingIsRequired: z.core.$ZodErrorMap = (issue) => {
  if (issue.input !== undefined) return undefined
  if (issue.code === 'invalid_type') return 'is required'
  if (issue.code === 'invalid_value') return `is required: one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  return undefined
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

/** Deeper than any body of the API nests (a few levels): past it a body is refused, before any walk of it. */
export const MAX_DEPTH = 32

/**
 * The path of the first string (or key) in `value` holding unstorable text, or null. Walks without
 * recursion, so a body nested thousands deep cannot overflow the stack; past MAX_DEPTH it stops and
 * answers the path so far as `too_deep`. A `__proto__` key is `proto_key`.
 */
export function unstorableAt(value: unknown): { path: string[]; problem?: 'too_deep' | 'proto_key' } | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }]
  while (stack.length) {
    const { value: v, path } = stack.pop()!
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return { path }
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (path.length >= MAX_DEPTH) return { path, problem: 'too_deep' }
    // Object.entries skips a "__proto__" key JSON.parse made; zod's records drop it silently: refused instead.
    if (Object.hasOwn(v, '__proto__')) return { path: [...path, '__proto__'], problem: 'proto_key' }
    const entries = Object.entries(v)
    for (const [k] of entries) if (UNSTORABLE.test(k)) return { path: [...path, k] }
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] })
  }
  return null
}

export function rejectUnstorable(value: unknown): void {
  const at = unstorableAt(value)
  if (!at) return
  const field = at.path.join('.')
  if (at.problem === 'too_deep') throw badRequest(`Body is nested more than ${MAX_DEPTH} levels deep`)
  if (at.problem === 'proto_key') throw badRequest(`${field}: "__proto__" is not a key any request takes`, field)
  throw badRequest(`${field || 'value'}: must not contain NUL characters or unpaired surrogates`, field || undefined)
}

const PARSE_OPTIONS = { error: missingIsRequired } // once, not an object a click

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  rejectUnstorable(value)
  // Without options first: zod 4.6's safeParse given options took 2.7 µs for a click's body, without them
  // 0.2 µs. The error map only words the issues, so a body that fails is parsed again with it.
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw issueToError(schema.safeParse(value, PARSE_OPTIONS).error!)
}

export async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  return parse(schema, await readJson(c))
}

/**
 * A form post's fields (urlencoded or multipart). A body that is not one (multipart without its boundary,
 * or cut short) is a 400, not the parser's TypeError.
 */
export async function readForm(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody()
  } catch {
    throw badRequest('Body is not a form: urlencoded, or multipart with its boundary')
  }
}

export function parseQuery<T>(c: Context, schema: z.ZodType<T>): T {
  return parse(schema, c.req.query())
}
