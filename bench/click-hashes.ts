// What hashing a click's visitor costs, before and after keyed hashes: its address (the per-address fraud
// rules) and its visitor (address and user agent, click deduplication). Before: two plain one-shot SHA-256.
// After: two HMAC-SHA256 under the database's derived key (kernel/hash.ts hmacSha256, as the click path
// calls it through SecretBox.keyedHash), beside the same with a createHmac object a call, for scale.
// Run with: node --import tsx bench/click-hashes.ts (median and best of 9 rounds of 100,000 clicks).
import { createHmac, randomBytes } from 'node:crypto'
import { addressHash } from '../server/src/fraud/fraud-rules.ts'
import { sha256 } from '../server/src/kernel/hash.ts'
import { SecretBox } from '../server/src/kernel/secrets.ts'

const N = 100_000
const ROUNDS = 9
const program = 'prg_01m6bfp5g060zqmghr1b7wgc'
const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const ips = Array.from({ length: N }, (_, i) => `198.51.${(i >> 8) & 255}.${i & 255}`)
const keyed = new SecretBox(randomBytes(32)).keyedHash
const raw = randomBytes(64)

const ways: Record<string, (ip: string) => number> = {
  'before: sha256 x2': (ip) => (addressHash(sha256, program, ip)?.length ?? 0) + sha256(`${program}|${ip}|${userAgent}`).length,
  'after: keyedHash x2': (ip) => (addressHash(keyed, program, ip)?.length ?? 0) + keyed(`visitor|${program}|${ip}|${userAgent}`).length,
  'createHmac x2 (not used)': (ip) => createHmac('sha256', raw).update(`address|${program}|${ip}`).digest('hex').length + createHmac('sha256', raw).update(`visitor|${program}|${ip}|${userAgent}`).digest('hex').length,
}

const times = new Map<string, number[]>()
for (let round = 0; round < ROUNDS; round++)
  for (const [name, way] of Object.entries(ways)) {
    let sink = 0
    const start = process.hrtime.bigint()
    for (const ip of ips) sink += way(ip)
    const us = Number(process.hrtime.bigint() - start) / 1000 / N
    if (sink === 0) throw new Error('nothing hashed')
    times.set(name, [...(times.get(name) ?? []), us])
  }
for (const [name, us] of times) {
  us.sort((a, b) => a - b)
  console.log(`${name.padEnd(26)} median ${us[ROUNDS >> 1]!.toFixed(2)} µs a click, best ${us[0]!.toFixed(2)}`)
}
