import { describe, expect, it } from 'vitest'
import { updateProblem } from './challenge-rules.ts'
import { approveProblem, bountyCaps, deadlineOf, isWebAddress, NO_DEADLINE, proofProblem, submissionMove, submitProblem } from './bounty-rules.ts'

const one = { maxPerPartner: 1, maxApproved: null }
const none = { partnerApproved: 0, partnerPending: 0, totalApproved: 0 }

describe('bounty rules', () => {
  it('takes proof only while the bounty runs', () => {
    expect(submitProblem('active', one, none)).toBeNull()
    expect(submitProblem('scheduled', one, none)).toBe('This bounty is not open yet')
    expect(submitProblem('ended', one, none)).toBe('This bounty has closed')
    expect(submitProblem('archived', one, none)).toBe('This bounty was withdrawn')
  })

  it('stops a partner at its approvals, and at what it has waiting beyond them', () => {
    expect(submitProblem('active', one, { ...none, partnerApproved: 1 })).toMatch(/^You have 1 approved submission:/)
    expect(submitProblem('active', one, { ...none, partnerPending: 1 })).toMatch(/waiting for review/)
    const three = { maxPerPartner: 3, maxApproved: null }
    expect(submitProblem('active', three, { ...none, partnerApproved: 1, partnerPending: 1 })).toBeNull()
    expect(submitProblem('active', three, { ...none, partnerApproved: 1, partnerPending: 2 })).toMatch(/Your submissions are waiting/)
  })

  it('stops everyone at the overall cap', () => {
    const capped = { maxPerPartner: 2, maxApproved: 10 }
    expect(submitProblem('active', capped, { ...none, totalApproved: 9 })).toBeNull()
    expect(submitProblem('active', capped, { ...none, totalApproved: 10 })).toBe('This bounty has paid all the submissions it will')
    expect(approveProblem('active', capped, { partnerApproved: 0, totalApproved: 10 })).toMatchObject({ field: 'maxApproved' })
    expect(approveProblem('active', capped, { partnerApproved: 2, totalApproved: 3 })).toMatchObject({ field: 'maxPerPartner' })
    expect(approveProblem('ended', capped, { partnerApproved: 1, totalApproved: 9 })).toBeNull() // proof sent in time
    expect(approveProblem('archived', capped, { partnerApproved: 0, totalApproved: 0 })).toMatchObject({ field: 'challengeId' })
  })

  it('reads caps and the deadline from the columns', () => {
    expect(bountyCaps({ max_per_partner: null, max_approved: null })).toEqual({ maxPerPartner: 1, maxApproved: null })
    expect(bountyCaps({ max_per_partner: 3, max_approved: 50 })).toEqual({ maxPerPartner: 3, maxApproved: 50 })
    expect(deadlineOf(NO_DEADLINE)).toBeNull()
    expect(deadlineOf('2026-12-01T00:00:00.000Z')).toBe('2026-12-01T00:00:00.000Z')
  })

  it('wants proof a manager can open', () => {
    expect(isWebAddress('https://youtu.be/abc')).toBe(true)
    expect(isWebAddress('http://blog.test/post?id=1')).toBe(true)
    for (const bad of ['javascript:alert(1)', 'ftp://x.test/a', 'https://', 'blog.test/post', 'https://a b.test']) expect(isWebAddress(bad)).toBe(false)
    expect(proofProblem({})).toMatchObject({ field: 'url' })
    expect(proofProblem({ text: 'posted' })).toBeNull()
  })

  it('changes caps on bounties only, and a bounty never takes a target', () => {
    const facts = { name: 'B', target: 1, currency: null, startsAt: '2026-11-01T00:00:00.000Z', endsAt: NO_DEADLINE, archivedAt: null }
    const now = new Date('2026-11-10T00:00:00Z')
    expect(updateProblem({ ...facts, metric: 'bounty' }, { maxPerPartner: 3, maxApproved: null }, now)).toBeNull()
    expect(updateProblem({ ...facts, metric: 'bounty' }, { target: 3 }, now)).toMatchObject({ field: 'target' })
    expect(updateProblem({ ...facts, metric: 'sales' }, { maxApproved: 10 }, now)).toEqual({ field: 'maxApproved', message: 'only a bounty has caps' })
  })

  it('moves a submission once: pending to approved, rejected or withdrawn', () => {
    expect(submissionMove('pending', 'approve')).toEqual({ to: 'approved' })
    expect(submissionMove('approved', 'approve')).toEqual({ repeat: true })
    expect(submissionMove('rejected', 'approve')).toEqual({ error: 'Only a pending submission can be approved; this one is rejected' })
    expect(submissionMove('approved', 'withdraw')).toEqual({ error: 'Only a pending submission can be withdrawn; this one is approved' })
  })
})
