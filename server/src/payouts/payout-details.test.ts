import { describe, expect, it } from 'vitest'
import { isValidIban, looksLikeIban } from './payout-details.ts'
import { payoutDetails } from './schemas.ts'

describe('IBANs', () => {
  it('checks the mod-97 digits', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true)
    expect(isValidIban('GB82WEST12345698765432')).toBe(true)
    expect(isValidIban('GB82WEST12345698765433')).toBe(false)
    expect(isValidIban('DE89')).toBe(false)
    expect(looksLikeIban('de89 3704')).toBe(true)
    expect(looksLikeIban('021000021 123456789')).toBe(false)
  })
})

describe('payout emails', () => {
  it('refuses an address a spreadsheet would run as a formula in the payout file', () => {
    for (const email of ['+sum@evil.test', '-1+cmd@evil.test', '=x@evil.test']) expect(payoutDetails.safeParse({ method: 'paypal', email }).success, email).toBe(false)
    expect(payoutDetails.safeParse({ method: 'wise', email: 'ana+pay@bank.test' }).data).toEqual({ method: 'wise', email: 'ana+pay@bank.test' })
  })
})
