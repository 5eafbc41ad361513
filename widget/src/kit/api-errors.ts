import { AfflioApiError } from '@afflio/sdk/portal'

/**
 * A failed write as form errors: on the field the API names when the form has it, else on the form.
 * Under its field the message drops the field's name the API starts it with ("destinationUrl: must be …"
 * reads "must be …" under the page's label); on the form it keeps it, to say which. `conflict` is the
 * message for a 409 on `conflictField` (a taken code, say).
 */
export function apiErrors(
  error: unknown,
  fields: string[],
  fallback: string,
  conflict?: { field: string; message: string },
): Record<string, string> {
  if (!(error instanceof AfflioApiError) || !fromServer(error.message)) return { form: fallback }
  if (conflict && error.code === 'conflict') return { [conflict.field]: conflict.message }
  const field = error.field
  return field && fields.includes(field) ? { [field]: withoutField(error.message, field) } : { form: error.message }
}

/** A message without the field name it starts with: "website: must be a URL" -> "must be a URL" */
export function withoutField(message: string, field: string): string {
  const prefix = `${field}: `
  return message.startsWith(prefix) && message.length > prefix.length ? message.slice(prefix.length) : message
}

/**
 * Whether an API error's message is the server's own words. An answer without the server's error body (a
 * proxy's 502 page) gets a message the SDK made from the status and the page's first characters
 * ("HTTP 502 Bad Gateway: <h1>…"): raw HTML is no message for a partner or a manager.
 */
export const fromServer = (message: string) => !/^HTTP \d{3}\b/.test(message)
