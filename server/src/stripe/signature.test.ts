import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signStripePayload, verifyStripeSignature } from './signature.ts'

const secret = 'whsec_test_secret'
const payload = '{"id":"evt_1","object":"event","type":"invoice.paid","data":{"object":{"amount_paid":1999,"name":"Zoë"}}}'
const t = 1_767_225_600 // 2026-01-01T00:00:00Z
const now = new Date(t * 1000)
const verify = (header: string | undefined, over: { payload?: string | Uint8Array; now?: Date; secret?: string } = {}) =>
  verifyStripeSignature({ payload: over.payload ?? payload, header, secret: over.secret ?? secret, now: over.now ?? now })

describe('Stripe signatures', () => {
  it('signs as Stripe does: hex HMAC-SHA256 of "t.body", keyed with the whole whsec_ secret', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')
    expect(signStripePayload(secret, payload, t)).toBe(`t=${t},v1=${expected}`)
  })

  it('accepts a good signature, on the text or on the raw bytes', () => {
    const header = signStripePayload(secret, payload, t)
    expect(verify(header)).toEqual({ ok: true, timestamp: t })
    expect(verify(header, { payload: new TextEncoder().encode(payload) })).toEqual({ ok: true, timestamp: t })
    // Stripe also sends a v0 (test-mode legacy) scheme; it is ignored, not an error.
    expect(verify(`${header},v0=${'0'.repeat(64)}`).ok).toBe(true)
  })

  it('refuses a signature made with another secret, or over another body', () => {
    expect(verify(signStripePayload('whsec_other', payload, t))).toMatchObject({ ok: false, reason: 'mismatch' })
    expect(verify(signStripePayload(secret, payload, t), { payload: payload.replace('1999', '9999') })).toMatchObject({ ok: false, reason: 'mismatch' })
    // The timestamp is signed too: moving it breaks the signature.
    const [, v1] = signStripePayload(secret, payload, t).split(',')
    expect(verify(`t=${t + 1},${v1}`)).toMatchObject({ ok: false, reason: 'mismatch' })
  })

  it('refuses a stale timestamp, and one too far in the future', () => {
    expect(verify(signStripePayload(secret, payload, t - 300)).ok).toBe(true)
    expect(verify(signStripePayload(secret, payload, t - 301))).toMatchObject({ ok: false, reason: 'stale' })
    expect(verify(signStripePayload(secret, payload, t + 300)).ok).toBe(true)
    expect(verify(signStripePayload(secret, payload, t + 301))).toMatchObject({ ok: false, reason: 'future' })
    expect(verifyStripeSignature({ payload, header: signStripePayload(secret, payload, t - 3600), secret, now, toleranceSeconds: 7200 }).ok).toBe(true)
  })

  it('refuses a missing or malformed header', () => {
    expect(verify(undefined)).toMatchObject({ ok: false, reason: 'missing' })
    expect(verify('')).toMatchObject({ ok: false, reason: 'missing' })
    const v1 = signStripePayload(secret, payload, t).split(',')[1]!
    expect(verify(v1)).toMatchObject({ ok: false, reason: 'malformed' }) // no t=
    expect(verify(`t=${t}`)).toMatchObject({ ok: false, reason: 'malformed' }) // no v1=
    expect(verify(`t=abc,${v1}`)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verify('garbage')).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verify(`t=${t},v1=zz`)).toMatchObject({ ok: false, reason: 'mismatch' }) // not hex: never compared
  })

  it('accepts when any of several v1 signatures matches (a rolled secret)', () => {
    const good = signStripePayload(secret, payload, t).split(',')[1]!
    const old = signStripePayload('whsec_old', payload, t).split(',')[1]!
    expect(verify(`t=${t},${old},${good}`).ok).toBe(true)
    expect(verify(`t=${t}, ${good}, ${old}`).ok).toBe(true)
    expect(verify(`t=${t},${old},v1=${'ab'.repeat(32)}`)).toMatchObject({ ok: false, reason: 'mismatch' })
  })
})
