// The keyed hash's fast HMAC is HMAC-SHA256 exactly (RFC 2104): two one-shot hashes with an ASCII inner pad.
import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hmacSha256, sha256 } from './hash.ts'

describe('hmacSha256', () => {
  const key = Buffer.from(randomBytes(64).map((b) => b & 0x7f))

  it('gives createHmac’s digests, for any text, call after call', () => {
    const h = hmacSha256(key)
    for (const text of ['', 'address|prg_1|198.51.100.7', 'visitor|prg_1|2001:db8::1|Mozilla/5.0 (X11; Linux x86_64) ünïcødé ✓', 'x'.repeat(10_000)])
      for (let i = 0; i < 2; i++) expect(h(text)).toBe(createHmac('sha256', key).update(text).digest('hex'))
    expect(h('a')).not.toBe(sha256('a'))
    expect(hmacSha256(Buffer.from(randomBytes(64).map((b) => b & 0x7f)))('a')).not.toBe(h('a'))
  })

  it('takes only 64 bytes under 0x80 (its inner pad must be ASCII)', () => {
    expect(() => hmacSha256(randomBytes(32))).toThrow(/64 bytes/)
    expect(() => hmacSha256(Buffer.alloc(64, 0x80))).toThrow(/64 bytes/)
  })
})
