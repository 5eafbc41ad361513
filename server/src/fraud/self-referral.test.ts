import { describe, expect, it } from 'vitest'
import { canonicalEmail, selfReferral } from './self-referral.ts'

describe('self-referral detection', () => {
  it('sees through case, +tags and dots', () => {
    expect(canonicalEmail('Jane.Doe+promo@GMail.com')).toBe('janedoe@gmail.com')
    expect(selfReferral('jane.doe@gmail.com', 'JaneDoe+test@gmail.com')).toMatchObject({ match: 'own_address' })
    expect(selfReferral('jane@googlemail.com', 'j.a.n.e@gmail.com')).not.toBeNull()
  })

  it('flags the same company domain, but not a shared free-mail provider', () => {
    expect(selfReferral('jane@acme.io', 'bob@acme.io')).toEqual({ kind: 'self_referral', match: 'company_domain', customerEmail: 'bob@acme.io', domain: 'acme.io' })
    expect(selfReferral('jane@gmail.com', 'bob@gmail.com')).toBeNull()
    expect(selfReferral('jane@acme.io', 'bob@other.io')).toBeNull()
    expect(selfReferral('jane@acme.io', null)).toBeNull()
  })
})
