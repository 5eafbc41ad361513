import type { ApplicationQuestion } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { refusalInWords } from './application-words.ts'

const questions: ApplicationQuestion[] = [
  { id: 'website', label: 'Your website', type: 'url', required: true },
  { id: 'terms', label: 'I accept the terms', type: 'checkbox', required: true },
]

describe('refusalInWords', () => {
  it("names the question by its label, not its key, and marks the form's own field", () => {
    expect(refusalInWords({ status: 400, code: 'invalid_request', field: 'answers.website', message: 'answers.website: must be an http(s) URL' }, questions)).toEqual({ field: 'answers.website', message: 'Your website: must be an http(s) URL' })
    expect(refusalInWords({ status: 400, code: 'invalid_request', field: 'answers.terms', message: 'answers.terms: must be ticked' }, questions)).toEqual({ field: 'check.terms', message: 'I accept the terms: must be ticked' })
    expect(refusalInWords({ status: 400, code: 'invalid_request', field: 'email', message: 'email: Invalid email address' }, questions)).toEqual({ field: 'email', message: 'Email: Invalid email address' })
  })

  it('says a duplicate in words, without internal ids', () => {
    const waiting = refusalInWords({ status: 409, code: 'conflict', field: 'email', message: 'An application from a@x.test is already waiting for review (app_0123456789abcdefghjkmnpq)' }, questions)
    expect(waiting).toEqual({ field: 'email', message: 'An application from this email is already waiting for review: you will hear from the team.' })
    expect(refusalInWords({ status: 409, code: 'already_partner', field: 'email', message: 'a@x.test is already a partner of this program (prt_0123456789abcdefghjkmnpq)' }, questions).message).toContain('already belongs to a partner')
  })

  it("tells a partner from an applicant by the error's code, not its words", () => {
    const partner = { field: 'email', message: 'This email already belongs to a partner of this program: sign in to the partner portal instead.' }
    // Reworded: still a partner.
    expect(refusalInWords({ status: 409, code: 'already_partner', field: 'email', message: 'a@x.test has a partner account here' }, questions)).toEqual(partner)
    // Words that happen to say "already a partner" on another conflict: not a partner.
    expect(refusalInWords({ status: 409, code: 'conflict', field: 'email', message: 'a@x.test applied while already a partner elsewhere' }, questions).message).not.toContain('belongs to a partner')
  })

  it('keeps a message with no field whole, minus ids', () => {
    expect(refusalInWords({ status: 404, code: 'not_found', field: undefined, message: 'Program acme (prg_0123456789abcdefghjkmnpq) is not listed' }, questions)).toEqual({ field: null, message: 'Program acme is not listed' })
    expect(refusalInWords({ status: 429, code: 'rate_limited', field: undefined, message: 'Too many requests' }, questions).field).toBeNull()
  })
})
