import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case: sorts the same everywhere

function base32(n: bigint, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(n & 31n)] + out
    n >>= 5n
  }
  return out
}

/** `prefix_` + 10 chars of time + 14 random chars: unique, and sorts by creation time (cursors use that). */
export function newId(prefix: string, at: number): string {
  const rand = BigInt('0x' + randomBytes(9).toString('hex'))
  return `${prefix}_${base32(BigInt(at), 10)}${base32(rand, 14)}`
}

/** A random token of base32 characters, for keys and codes. */
export function randomToken(length: number): string {
  return base32(BigInt('0x' + randomBytes(Math.ceil((length * 5) / 8) + 1).toString('hex')), length)
}
