// An application's answers checked against the program's questions. Pure.
import type { ApplicationAnswers, ApplicationQuestion } from '@afflio/sdk/types'

export const MAX_ANSWER_LENGTH = { text: 500, textarea: 5000, url: 2048 } as const

export type AnswersResult = { ok: true; answers: ApplicationAnswers } | { ok: false; field: string; message: string }

/**
 * Every answer belongs to a question, has its type (a boolean for a checkbox, else a string), a
 * select's answer is one of its options, a url is http(s), and every required question is answered
 * (a required checkbox ticked). Strings are trimmed; empty optional answers are dropped.
 *
 * @example validateAnswers([{ id: 'site', label: 'Website', type: 'url', required: true }], { site: 'https://blog.test' })
 * // { ok: true, answers: { site: 'https://blog.test' } }
 */
export function validateAnswers(questions: readonly ApplicationQuestion[], answers: Readonly<Record<string, unknown>>): AnswersResult {
  const byId = new Map(questions.map((q) => [q.id, q]))
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) return fail(id, 'is not a question of this form')
  }
  const out: ApplicationAnswers = {}
  for (const q of questions) {
    const raw = answers[q.id]
    if (q.type === 'checkbox') {
      if (raw !== undefined && typeof raw !== 'boolean') return fail(q.id, 'must be true or false')
      if (q.required && raw !== true) return fail(q.id, 'must be ticked')
      if (raw !== undefined) out[q.id] = raw
      continue
    }
    if (raw !== undefined && raw !== null && typeof raw !== 'string') return fail(q.id, 'must be a string')
    const value = typeof raw === 'string' ? raw.trim() : ''
    if (value === '') {
      if (q.required) return fail(q.id, 'is required')
      continue
    }
    if (q.type === 'select') {
      if (!(q.options ?? []).includes(value)) return fail(q.id, `must be one of: ${(q.options ?? []).join(', ')}`)
    } else {
      const max = MAX_ANSWER_LENGTH[q.type]
      if (value.length > max) return fail(q.id, `must be at most ${max} characters`)
      if (q.type === 'url' && !isHttpUrl(value)) return fail(q.id, 'must be an http(s) URL')
    }
    out[q.id] = value
  }
  return { ok: true, answers: out }
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

function fail(id: string, message: string): AnswersResult {
  return { ok: false, field: `answers.${id}`, message: `answers.${id}: ${message}` }
}
