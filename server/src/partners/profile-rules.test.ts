import { describe, expect, it } from 'vitest'
import { socialProfile } from './profile-rules.ts'

describe('socialProfile', () => {
  it('turns handles and profile URLs into one canonical URL per network', () => {
    expect(socialProfile('x', '@jane_doe')).toEqual({ ok: true, url: 'https://x.com/jane_doe' })
    expect(socialProfile('x', 'https://twitter.com/jane_doe?s=20')).toEqual({ ok: true, url: 'https://x.com/jane_doe' })
    expect(socialProfile('instagram', 'www.instagram.com/jane.doe/')).toEqual({ ok: true, url: 'https://www.instagram.com/jane.doe' })
    expect(socialProfile('youtube', '@JaneCooks')).toEqual({ ok: true, url: 'https://www.youtube.com/@JaneCooks' })
    expect(socialProfile('youtube', 'https://youtube.com/channel/UC123abc')).toEqual({ ok: true, url: 'https://www.youtube.com/channel/UC123abc' })
    expect(socialProfile('tiktok', 'https://www.tiktok.com/@jane.d')).toEqual({ ok: true, url: 'https://www.tiktok.com/@jane.d' })
    expect(socialProfile('linkedin', 'jane-doe')).toEqual({ ok: true, url: 'https://www.linkedin.com/in/jane-doe' })
    expect(socialProfile('linkedin', 'https://www.linkedin.com/company/acme/')).toEqual({ ok: true, url: 'https://www.linkedin.com/company/acme' })
  })

  it('says in words why a value is refused', () => {
    expect(socialProfile('instagram', 'https://x.com/jane')).toEqual({ ok: false, message: 'is not an address on Instagram (instagram.com)' })
    expect(socialProfile('x', 'jane doe')).toEqual({ ok: false, message: 'is not a valid handle on X' })
    expect(socialProfile('x', 'https://x.com/jane/status/1')).toEqual({ ok: false, message: 'is not a profile on X' })
    expect(socialProfile('linkedin', 'https://evil.example/in/jane')).toEqual({ ok: false, message: 'is not an address on LinkedIn (linkedin.com)' })
    expect(socialProfile('x', 'https://x.com.evil.example/jane')).toMatchObject({ ok: false })
  })
})
