import type { ApplicationQuestion } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { validateAnswers } from './application-form.ts'

const questions: ApplicationQuestion[] = [
  { id: 'site', label: 'Website', type: 'url', required: true },
  { id: 'audience', label: 'Audience', type: 'select', required: false, options: ['Developers', 'Designers'] },
  { id: 'about', label: 'About you', type: 'textarea', required: false },
  { id: 'terms', label: 'I accept the terms', type: 'checkbox', required: true },
  { id: 'news', label: 'Send me news', type: 'checkbox', required: false },
]

describe('validateAnswers', () => {
  it('accepts a complete form, trimming text and dropping empty optional answers', () => {
    expect(validateAnswers(questions, { site: ' https://ana.dev ', audience: 'Developers', about: '  ', terms: true })).toEqual({
      ok: true,
      answers: { site: 'https://ana.dev', audience: 'Developers', terms: true },
    })
  })

  it('refuses a missing required answer, and an unticked required checkbox', () => {
    expect(validateAnswers(questions, { terms: true })).toMatchObject({ ok: false, field: 'answers.site', message: 'answers.site: is required' })
    expect(validateAnswers(questions, { site: 'https://a.b', terms: false })).toMatchObject({ ok: false, field: 'answers.terms' })
  })

  it('refuses a select answer outside its options', () => {
    expect(validateAnswers(questions, { site: 'https://a.b', terms: true, audience: 'Marketers' })).toMatchObject({ ok: false, field: 'answers.audience' })
  })

  it('refuses an unknown question, a wrong type, and a url that is not http(s)', () => {
    expect(validateAnswers(questions, { site: 'https://a.b', terms: true, age: '40' })).toMatchObject({ ok: false, field: 'answers.age' })
    expect(validateAnswers(questions, { site: 'https://a.b', terms: 'yes' })).toMatchObject({ ok: false, field: 'answers.terms' })
    expect(validateAnswers(questions, { site: 42, terms: true })).toMatchObject({ ok: false, field: 'answers.site' })
    expect(validateAnswers(questions, { site: 'javascript:alert(1)', terms: true })).toMatchObject({ ok: false, field: 'answers.site' })
  })

  it('caps answer lengths', () => {
    expect(validateAnswers(questions, { site: 'https://a.b', terms: true, about: 'x'.repeat(5001) })).toMatchObject({ ok: false, field: 'answers.about' })
  })

  it('takes no answers for a form without questions', () => {
    expect(validateAnswers([], {})).toEqual({ ok: true, answers: {} })
  })
})
