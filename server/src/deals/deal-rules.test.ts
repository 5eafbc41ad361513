import { describe, expect, it } from 'vitest'
import { approvalConflict, companyEmailDomain, dealKeys, dealTransition, duplicateVerdict, type ExistingDeal, normalizeCompany, normalizeDomain } from './deal-rules.ts'

describe('normalizeCompany', () => {
  it('ignores case, punctuation, accents, a leading "the" and trailing legal forms', () => {
    expect(normalizeCompany('Acme, Inc.')).toBe('acme')
    expect(normalizeCompany('ACME LLC')).toBe('acme')
    expect(normalizeCompany('The Acme Co., Ltd.')).toBe('acme')
    expect(normalizeCompany('acme gmbh')).toBe('acme')
    expect(normalizeCompany('Müller & Söhne GmbH')).toBe('muller and sohne')
    expect(normalizeCompany('Müller and Söhne')).toBe('muller and sohne')
    expect(normalizeCompany("Macy's")).toBe('macys')
    expect(normalizeCompany('Globex S.A.')).toBe('globex')
    expect(normalizeCompany('  Initech   Corporation ')).toBe('initech')
  })

  it('keeps a name made only of legal words, and words that merely contain a suffix', () => {
    expect(normalizeCompany('The Company')).toBe('company')
    expect(normalizeCompany('Inc')).toBe('inc')
    expect(normalizeCompany('Limitedly Yours')).toBe('limitedly yours')
    expect(normalizeCompany('Co-op Foods')).toBe('co op foods')
    expect(normalizeCompany('!!!')).toBe('')
  })
})

describe('domains', () => {
  it('reduces a web address to its host', () => {
    expect(normalizeDomain('https://www.Acme.com/pricing?x=1')).toBe('acme.com')
    expect(normalizeDomain('acme.co.uk')).toBe('acme.co.uk')
    expect(normalizeDomain('http://shop.acme.com:8080')).toBe('shop.acme.com')
    expect(normalizeDomain('ACME.COM.')).toBe('acme.com')
    expect(normalizeDomain('localhost')).toBeNull()
    expect(normalizeDomain('not a domain')).toBeNull()
  })

  it('takes the company domain from an email, but not a mailbox provider', () => {
    expect(companyEmailDomain('Hank@Globex.com')).toBe('globex.com')
    expect(companyEmailDomain('someone@gmail.com')).toBeNull()
    expect(companyEmailDomain('someone@outlook.com')).toBeNull()
    expect(companyEmailDomain('no-at-sign')).toBeNull()
  })
})

describe('duplicateVerdict', () => {
  const keys = dealKeys({ company: 'Globex Corporation', companyDomain: 'https://globex.com', contactEmail: 'hank@globex.com' })
  const other = (over: Partial<ExistingDeal>): ExistingDeal => ({ id: 'deal_1', partnerId: 'prt_b', status: 'pending', company: 'something else', companyDomain: null, contactDomain: null, ...over })

  it('finds nothing when no key matches', () => {
    expect(duplicateVerdict(keys, 'prt_a', [other({})])).toBeNull()
    // a shared mailbox provider is not a match
    const gmail = dealKeys({ company: 'Hank Consulting', contactEmail: 'hank@gmail.com' })
    expect(duplicateVerdict(gmail, 'prt_a', [other({ contactDomain: null, company: 'other' })])).toBeNull()
  })

  it("refuses another partner's approved or won deal, naming the field that matched", () => {
    expect(duplicateVerdict(keys, 'prt_a', [other({ status: 'approved', company: 'globex' })])).toMatchObject({ action: 'refuse', field: 'company' })
    expect(duplicateVerdict(keys, 'prt_a', [other({ status: 'won', contactDomain: 'globex.com' })])).toMatchObject({ action: 'refuse', field: 'companyDomain' })
    const byContact = dealKeys({ company: 'GBX', contactEmail: 'ops@globex.com' })
    expect(duplicateVerdict(byContact, 'prt_a', [other({ status: 'won', companyDomain: 'globex.com' })])).toMatchObject({ action: 'refuse', field: 'contactEmail' })
  })

  it("flags another partner's pending deal, and refuses the partner's own open one", () => {
    expect(duplicateVerdict(keys, 'prt_a', [other({ status: 'pending', company: 'globex' })])).toMatchObject({ action: 'flag', of: { id: 'deal_1' } })
    expect(duplicateVerdict(keys, 'prt_a', [other({ partnerId: 'prt_a', status: 'pending', company: 'globex' })])).toMatchObject({ action: 'refuse' })
    expect(duplicateVerdict(keys, 'prt_a', [other({ partnerId: 'prt_a', status: 'approved', company: 'globex' })])).toMatchObject({ action: 'refuse' })
    // the partner's own won deal: an upsell? the program decides
    expect(duplicateVerdict(keys, 'prt_a', [other({ partnerId: 'prt_a', status: 'won', company: 'globex' })])).toMatchObject({ action: 'flag' })
  })

  it('prefers a refusal to a flag, and flags the earliest deal', () => {
    const verdict = duplicateVerdict(keys, 'prt_a', [
      other({ id: 'deal_3', status: 'pending', company: 'globex' }),
      other({ id: 'deal_2', status: 'pending', company: 'globex' }),
      other({ id: 'deal_4', partnerId: 'prt_c', status: 'won', company: 'globex' }),
    ])
    expect(verdict).toMatchObject({ action: 'refuse', of: { id: 'deal_4' } })
    expect(duplicateVerdict(keys, 'prt_a', [other({ id: 'deal_3', company: 'globex' }), other({ id: 'deal_2', company: 'globex' })])?.of.id).toBe('deal_2')
  })
})

describe('approvalConflict', () => {
  const deal = { id: 'deal_9', partnerId: 'prt_a', ...dealKeys({ company: 'Globex', contactEmail: 'hank@globex.com' }) }
  it("conflicts only with another partner's approved or won deal for the prospect", () => {
    const base = { companyDomain: null, contactDomain: null }
    expect(approvalConflict(deal, [{ id: 'deal_1', partnerId: 'prt_b', status: 'pending', company: 'globex', ...base }])).toBeNull()
    expect(approvalConflict(deal, [{ id: 'deal_1', partnerId: 'prt_a', status: 'won', company: 'globex', ...base }])).toBeNull()
    expect(approvalConflict(deal, [{ id: 'deal_9', partnerId: 'prt_a', status: 'pending', company: 'globex', ...base }])).toBeNull()
    expect(approvalConflict(deal, [{ id: 'deal_1', partnerId: 'prt_b', status: 'approved', company: 'x', companyDomain: null, contactDomain: 'globex.com' }])).toMatchObject({
      field: 'contactEmail',
    })
  })
})

describe('dealTransition', () => {
  it('runs pending → approved → won | lost, and pending → rejected', () => {
    expect(dealTransition('pending', 'approve')).toEqual({ to: 'approved' })
    expect(dealTransition('pending', 'reject')).toEqual({ to: 'rejected' })
    expect(dealTransition('approved', 'won')).toEqual({ to: 'won' })
    expect(dealTransition('approved', 'lost')).toEqual({ to: 'lost' })
  })

  it('refuses every other move, saying why', () => {
    expect(dealTransition('pending', 'won')).toEqual({ error: 'Only an approved deal can be marked won; this one is pending' })
    expect(dealTransition('approved', 'reject')).toEqual({ error: 'Only a pending deal can be rejected; this one is approved' })
    expect(dealTransition('won', 'lost')).toHaveProperty('error')
    expect(dealTransition('rejected', 'approve')).toHaveProperty('error')
    expect(dealTransition('lost', 'won')).toHaveProperty('error')
  })
})
