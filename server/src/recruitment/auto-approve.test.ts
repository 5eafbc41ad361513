import type { AutoApproveRules } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { emailDomain, MANUAL, shouldAutoApprove } from './auto-approve.ts'

const rules = (r: Partial<AutoApproveRules>): AutoApproveRules => ({ mode: 'conditions', match: 'all', conditions: [], ...r })
const ana = { email: 'ana@Acme.com', answers: { audience: 'Developers', site: 'https://ana.dev', terms: true } }

describe('shouldAutoApprove', () => {
  it('approves no one in manual mode, everyone in everyone mode', () => {
    expect(shouldAutoApprove(MANUAL, ana)).toBe(false)
    expect(shouldAutoApprove(rules({ mode: 'everyone' }), { email: 'x@y.z', answers: {} })).toBe(true)
  })

  it('matches the email domain exactly, ignoring case; not subdomains', () => {
    const byDomain = rules({ conditions: [{ field: 'email_domain', in: ['acme.com', 'acme.io'] }] })
    expect(shouldAutoApprove(byDomain, ana)).toBe(true)
    expect(shouldAutoApprove(byDomain, { email: 'bo@eu.acme.com', answers: {} })).toBe(false)
    expect(shouldAutoApprove(byDomain, { email: 'bo@notacme.com', answers: {} })).toBe(false)
  })

  it('matches answers by equals or in, text ignoring case, a checkbox by its boolean', () => {
    expect(shouldAutoApprove(rules({ conditions: [{ field: 'answer', questionId: 'audience', equals: 'developers' }] }), ana)).toBe(true)
    expect(shouldAutoApprove(rules({ conditions: [{ field: 'answer', questionId: 'audience', in: ['Designers', 'Developers'] }] }), ana)).toBe(true)
    expect(shouldAutoApprove(rules({ conditions: [{ field: 'answer', questionId: 'audience', in: ['Designers'] }] }), ana)).toBe(false)
    expect(shouldAutoApprove(rules({ conditions: [{ field: 'answer', questionId: 'terms', equals: true }] }), ana)).toBe(true)
    expect(shouldAutoApprove(rules({ conditions: [{ field: 'answer', questionId: 'terms', equals: 'true' }] }), ana)).toBe(false)
  })

  it('does not match a question left unanswered or no longer on the form', () => {
    expect(shouldAutoApprove(rules({ conditions: [{ field: 'answer', questionId: 'gone', equals: 'x' }] }), ana)).toBe(false)
  })

  it('needs every condition with match all, one with match any', () => {
    const conditions = [
      { field: 'email_domain' as const, in: ['other.com'] },
      { field: 'answer' as const, questionId: 'audience', equals: 'Developers' },
    ]
    expect(shouldAutoApprove(rules({ conditions }), ana)).toBe(false)
    expect(shouldAutoApprove(rules({ match: 'any', conditions }), ana)).toBe(true)
    expect(shouldAutoApprove(rules({ match: 'any', conditions: [] }), ana)).toBe(false)
  })
})

describe('emailDomain', () => {
  it('is the part after the last @, lower-cased', () => {
    expect(emailDomain('a@B.Example.COM')).toBe('b.example.com')
    expect(emailDomain('"odd@local"@x.io')).toBe('x.io')
    expect(emailDomain('nobody')).toBeNull()
    expect(emailDomain('trailing@')).toBeNull()
  })
})
