import { describe, expect, it } from 'vitest'
import { auditChanges, REDACTED } from './audit-rules.ts'

describe('auditChanges', () => {
  it('keeps only the fields that changed, on both sides', () => {
    expect(auditChanges({ status: 'active', name: 'Ada', groupId: null }, { status: 'suspended', name: 'Ada', groupId: 'grp_1' })).toEqual({
      before: { status: 'active', groupId: null },
      after: { status: 'suspended', groupId: 'grp_1' },
    })
  })

  it('compares values, not references, and treats a missing field as null', () => {
    expect(auditChanges({ tiers: [{ from: 3 }] }, { tiers: [{ from: 3 }] })).toBeNull()
    expect(auditChanges({ a: null }, {})).toBeNull()
    expect(auditChanges({}, { a: 1 })).toEqual({ before: { a: null }, after: { a: 1 } })
  })

  it('records a creation or a deletion whole', () => {
    expect(auditChanges(null, { name: 'Gold' })).toEqual({ before: null, after: { name: 'Gold' } })
    expect(auditChanges({ name: 'Gold' }, null)).toEqual({ before: { name: 'Gold' }, after: null })
    expect(auditChanges(null, null)).toBeNull()
  })

  it('never records a secret, only that it changed', () => {
    const change = auditChanges({ stripeSecretKey: 'sk_test_old', webhookSigningSecret: null }, { stripeSecretKey: 'sk_test_new', webhookSigningSecret: 'whsec_1' })
    expect(change).toEqual({ before: { stripeSecretKey: REDACTED, webhookSigningSecret: null }, after: { stripeSecretKey: REDACTED, webhookSigningSecret: REDACTED } })
    expect(JSON.stringify(auditChanges(null, { tokenHash: 'abc', secret: 'whsec_2' }))).not.toMatch(/abc|whsec_2/)
  })
})

describe('nextAuditId', () => {
  it('sorts after the last id, within one millisecond too', async () => {
    const { nextAuditId } = await import('./audit.ts')
    const ids = Array.from({ length: 200 }, () => nextAuditId(1_780_000_000_000))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(200)
    expect(nextAuditId(1_780_000_000_001) > ids.at(-1)!).toBe(true)
  })
})
