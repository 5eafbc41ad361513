import { describe, expect, it } from 'vitest'
import { allowedHost, partnerDestinationProblem } from './link-rules.ts'

describe('where partners may link', () => {
  const ok = (dest: string, site: string | null) => partnerDestinationProblem(dest, site)

  it('keeps partner links on the program’s site: its host and subdomains, www. aside', () => {
    expect(ok('https://acme.test/x', 'https://acme.test')).toBeNull()
    expect(ok('https://blog.acme.test/x', 'https://www.acme.test')).toBeNull()
    expect(ok('https://acme.test/', 'https://www.acme.test/shop')).toBeNull()
    expect(ok('https://ACME.test/pricing?plan=pro#top', 'https://acme.test')).toBeNull()
    expect(allowedHost('https://www.acme.test/shop')).toBe('acme.test')
  })

  it('refuses any other host, naming the one allowed', () => {
    for (const dest of ['https://evil-phish.example/login', 'https://acme.test.evil.test/', 'https://evilacme.test/', 'https://acme.test./']) {
      expect(ok(dest, 'https://acme.test')).toMatch(/acme\.test/)
    }
    expect(ok('https://evil-phish.example/login', 'https://www.acme.test')).toBe("must be a page of the program's site: on acme.test or its subdomains")
  })

  it('refuses what is not an https page', () => {
    expect(ok('javascript:alert(1)', 'https://acme.test')).toMatch(/https URL/)
    expect(ok('http://acme.test/', 'https://acme.test')).toMatch(/https URL/)
    expect(ok('https://user:pw@acme.test/', 'https://acme.test')).toMatch(/user name or password/)
    expect(ok('https://acme.test@evil.test/', 'https://acme.test')).not.toBeNull()
    expect(ok('http://localhost:5173/pricing', 'http://localhost:5173')).toBeNull()
  })

  it('refuses every destination while the program has no site URL', () => {
    expect(ok('https://acme.test/x', null)).toMatch(/has not set its site URL/)
    expect(ok('https://evil-phish.example/login', null)).toMatch(/has not set its site URL/)
  })
})
