import { describe, expect, it } from 'vitest'
import { canonicalEmail, selfReferralReason } from './fraud.ts'

describe('self-referral detection', () => {
  it('sees through case, +tags and dots', () => {
    expect(canonicalEmail('Jane.Doe+promo@GMail.com')).toBe('janedoe@gmail.com')
    expect(selfReferralReason('jane.doe@gmail.com', 'JaneDoe+test@gmail.com')).toContain("partner's own address")
    expect(selfReferralReason('jane@googlemail.com', 'j.a.n.e@gmail.com')).not.toBeNull()
  })

  it('flags the same company domain, but not a shared free-mail provider', () => {
    expect(selfReferralReason('jane@acme.io', 'bob@acme.io')).toContain('company domain acme.io')
    expect(selfReferralReason('jane@gmail.com', 'bob@gmail.com')).toBeNull()
    expect(selfReferralReason('jane@acme.io', 'bob@other.io')).toBeNull()
    expect(selfReferralReason('jane@acme.io', null)).toBeNull()
  })
})
