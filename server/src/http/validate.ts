import type { Context } from 'hono'
import { z } from 'zod'
import { ApiError, badRequest } from './errors.ts'

/** Reads a JSON body whatever its content type (the script sends text/plain to skip preflight). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
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

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
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
