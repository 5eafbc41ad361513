import { createHmac } from 'node:crypto'

/**
 * The `Afflio-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
 * Stripe's scheme. The timestamp is signed too, so a captured request cannot be replayed later.
 * Receivers verify with `verifyAfflioSignature` from `@afflio/sdk`.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return `t=${t},v1=${v1}`
}
