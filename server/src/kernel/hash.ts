import { hash } from 'node:crypto'

/** Hex SHA-256 of the text's UTF-8; the one-shot hash, cheaper than a Hash object per call on the hot paths. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex')
}

/** A keyed hash: hex HMAC-SHA256 of a text's UTF-8 under a key it holds. */
export type KeyedHash = (text: string) => string

/**
 * HMAC-SHA256 (RFC 2104) under `key`, 64 bytes of 7 bits each (448 bits): its inner pad is then an ASCII
 * string, so the HMAC is two one-shot hashes, about 2.5 µs, against 6-7 µs for a createHmac object a call
 * (a click takes two). The same digests as `createHmac('sha256', key)`.
 */
export function hmacSha256(key: Uint8Array): KeyedHash {
  if (key.length !== 64 || key.some((b) => b > 0x7f)) throw new Error('hmacSha256 takes a key of 64 bytes under 0x80')
  const inner = String.fromCharCode(...Array.from(key, (b) => b ^ 0x36))
  // The outer pad, then the inner digest: one buffer, rewritten each call (synchronously, so never shared)
  const outer = Buffer.alloc(96)
  for (let i = 0; i < 64; i++) outer[i] = key[i]! ^ 0x5c
  return (text) => {
    outer.write(hash('sha256', inner + text, 'binary'), 64, 'binary')
    return hash('sha256', outer, 'hex')
  }
}
