import { randomBytes, randomFillSync } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case: sorts the same everywhere

function base32(n: bigint, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(n & 31n)] + out
    n >>= 5n
  }
  return out
}

// Random bytes drawn 4 KiB at a time: a call into the CSPRNG per id was a visible share of a click.
const pool = Buffer.alloc(4096)
let used = pool.length

/** `prefix_` + 10 chars of time + 14 random chars: unique, and sorts by creation time (cursors use that). */
export function newId(prefix: string, at: number): string {
  if (used + 14 > pool.length) randomFillSync(pool), (used = 0)
  let rand = ''
  for (let i = 0; i < 14; i++) rand += ALPHABET[pool[used++]! & 31] // 256 is a multiple of 32: uniform
  return idFloor(prefix, at) + rand
}

/** Sorts before every id made at or after `at` with this prefix, and after every one made before it. */
export function idFloor(prefix: string, at: number): string {
  let time = ''
  for (let i = 0, t = at; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time
  return `${prefix}_${time}`
}

/** A random token of base32 characters, for keys and codes. */
export function randomToken(length: number): string {
  return base32(BigInt('0x' + randomBytes(Math.ceil((length * 5) / 8) + 1).toString('hex')), length)
}
