import { describe, expect, it } from 'vitest'
import { isOnSite, shareUrl } from './link-rules.ts'

describe('share URLs', () => {
  it('appends ref to the destination, else to the site, else gives up', () => {
    expect(shareUrl('https://acme.test/pricing?plan=pro#top', null, 'ALICE')).toBe('https://acme.test/pricing?plan=pro&ref=ALICE#top')
    expect(shareUrl(null, 'https://acme.test', 'a b')).toBe('https://acme.test/?ref=a+b')
    expect(shareUrl('https://acme.test/?ref=OLD', null, 'NEW')).toBe('https://acme.test/?ref=NEW')
    expect(shareUrl(null, null, 'ALICE')).toBeNull()
  })

  it('keeps partner links on the program’s site once it is known', () => {
    expect(isOnSite('https://acme.test/x', null)).toBe(true)
    expect(isOnSite('javascript:alert(1)', null)).toBe(false)
    expect(isOnSite('https://blog.acme.test/x', 'https://www.acme.test')).toBe(true)
    expect(isOnSite('https://acme.test.evil.test/', 'https://acme.test')).toBe(false)
    expect(isOnSite('https://evilacme.test/', 'https://acme.test')).toBe(false)
  })
})
