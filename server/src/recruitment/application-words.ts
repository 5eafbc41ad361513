// Why an application from the marketplace's form was refused, in the applicant's words: no internal ids,
// no field keys, the question's own label. Pure: from the API error's parts and the form's questions.
import type { ApiErrorCode, ApplicationQuestion } from '@afflio/sdk/types'

export interface RefusalFacts {
  status: number
  code: ApiErrorCode
  field: string | undefined
  message: string
}

const ID = /\s*\(?\b[a-z]{2,5}_[0-9a-z]{24}\b\)?/g

/**
 * The field to mark (the form's own name for it: `email`, `name`, `answers.<id>`, `check.<id>`) and the
 * sentence to put beside it.
 *
 * @example refusalInWords({ status: 400, code: 'invalid_request', field: 'answers.website', message: 'answers.website: must be a URL' }, questions)
 * // { field: 'answers.website', message: 'Website: must be a URL' }
 */
export function refusalInWords(f: RefusalFacts, questions: readonly ApplicationQuestion[]): { field: string | null; message: string } {
  if (f.status === 429) return { field: null, message: 'Too many applications from your address just now: please try again in a minute.' }
  // By the code, never the message's words: a reworded message must not turn a partner into an applicant.
  if (f.code === 'already_partner' && f.field === 'email') return { field: 'email', message: 'This email already belongs to a partner of this program: sign in to the partner portal instead.' }
  if (f.status === 409 && f.field === 'email') return { field: 'email', message: 'An application from this email is already waiting for review: you will hear from the team.' }
  const key = f.field?.replace(/^answers\./, '')
  const question = key !== undefined ? questions.find((q) => q.id === key) : undefined
  const field = question ? (question.type === 'checkbox' ? `check.${question.id}` : `answers.${question.id}`) : f.field === 'email' || f.field === 'name' ? f.field : null
  // The API's message starts with its field key ("answers.website: …"): the applicant knows the field by its label.
  let text = f.message.replace(ID, '')
  if (f.field && text.startsWith(`${f.field}: `)) text = text.slice(f.field.length + 2)
  const label = question?.label ?? (field === 'email' ? 'Email' : field === 'name' ? 'Name' : null)
  return { field, message: label ? `${label}: ${text}` : text }
}
