import { describe, expect, it } from 'vitest'
import { maskEmail } from './mask-email.ts'

describe('maskEmail', () => {
  it('masks an address down to its first character and its domain', () => {
    expect(maskEmail('alice.smith@example.com')).toBe('a•••@example.com')
    expect(maskEmail('b@x.io')).toBe('b•••@x.io')
    expect(maskEmail('no-at-sign')).toBe('•••')
    expect(maskEmail(null)).toBeNull()
  })
})
