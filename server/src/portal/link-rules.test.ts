import { describe, expect, it } from 'vitest'
import { isOnSite } from './link-rules.ts'

describe('where partners may link', () => {
  it('keeps partner links on the program’s site once it is known', () => {
    expect(isOnSite('https://acme.test/x', null)).toBe(true)
    expect(isOnSite('javascript:alert(1)', null)).toBe(false)
    expect(isOnSite('https://blog.acme.test/x', 'https://www.acme.test')).toBe(true)
    expect(isOnSite('https://acme.test.evil.test/', 'https://acme.test')).toBe(false)
    expect(isOnSite('https://evilacme.test/', 'https://acme.test')).toBe(false)
  })
})
