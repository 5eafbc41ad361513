import { AfflioApiError } from '@afflio/sdk/portal'

/**
 * A failed write as form errors: on the field the API names when the form has it, else on the form.
 * `conflict` is the message for a 409 on `conflictField` (a taken code, say).
 */
export function apiErrors(
  error: unknown,
  fields: string[],
  fallback: string,
  conflict?: { field: string; message: string },
): Record<string, string> {
  if (!(error instanceof AfflioApiError)) return { form: fallback }
  if (conflict && error.code === 'conflict') return { [conflict.field]: conflict.message }
  return error.field && fields.includes(error.field) ? { [error.field]: error.message } : { form: error.message }
}
