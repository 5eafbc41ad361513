// Whether an application is approved on arrival, by the program's auto-approve rules. Pure.
import type { ApplicationAnswers, AutoApproveCondition, AutoApproveRules } from '@afflio/sdk/types'

export const MANUAL: AutoApproveRules = { mode: 'manual', match: 'all', conditions: [] }

export interface Applicant {
  email: string
  answers: ApplicationAnswers
}

/**
 * True when the application is approved without review: `everyone`, or `conditions` whose
 * conditions all (or, with `match: 'any'`, any) hold. A condition on a question that is no longer
 * on the form, or left unanswered, does not hold. Text compares ignoring case and surrounding space.
 *
 * @example shouldAutoApprove({ mode: 'conditions', match: 'all', conditions: [{ field: 'email_domain', in: ['acme.com'] }] }, { email: 'a@ACME.com', answers: {} }) // true
 */
export function shouldAutoApprove(rules: AutoApproveRules, applicant: Applicant): boolean {
  if (rules.mode === 'everyone') return true
  if (rules.mode === 'manual' || rules.conditions.length === 0) return false
  const holds = (c: AutoApproveCondition) => conditionHolds(c, applicant)
  return rules.match === 'any' ? rules.conditions.some(holds) : rules.conditions.every(holds)
}

export function conditionHolds(c: AutoApproveCondition, { email, answers }: Applicant): boolean {
  if (c.field === 'email_domain') {
    const domain = emailDomain(email)
    return domain !== null && c.in.some((d) => d.toLowerCase() === domain)
  }
  const answer = answers[c.questionId]
  if (answer === undefined) return false
  if (typeof answer === 'boolean') return c.equals === answer
  const wanted = c.in ?? (typeof c.equals === 'string' ? [c.equals] : [])
  return wanted.some((w) => same(w, answer))
}

// Answers and expected values compare as text, ignoring case and surrounding space.
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/** The part after the last `@`, lower-cased; null without one. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@')
  return at < 0 || at === email.length - 1 ? null : email.slice(at + 1).toLowerCase()
}
