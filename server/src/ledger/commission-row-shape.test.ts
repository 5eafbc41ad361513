// A commission row has 24 columns. Built by Object.assign, or by a literal that starts with a spread and
// then adds keys, V8 (Node 20) leaves it in dictionary mode, where every later read and copy of it is slow:
// copying one took 15 µs, and a sale builds and copies its rows several times (kernel/extended.ts). The
// server runs through tsx (bin/afflio.mjs), whose output vitest's transform does not reproduce, so the
// rows are built and looked at in a child process run as the server is.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const url = (file: string) => JSON.stringify(new URL(file, import.meta.url).href)

it('a commission row as the ledger builds it and as it is inserted is a fast object, not a dictionary', () => {
  const probe = `
    import { bonusRow, clawbackRow, earnedRows } from ${url('./commission-rows.ts')}
    import { insertedRow } from ${url('./commission-queries.ts')}
    import { quoteCommission } from ${url('./rules.ts')}
    const fast = new Function('o', 'return %HasFastProperties(o)')
    const rule = { id: 'rul_1', name: 'Partners', groupId: null, partnerId: null, productId: null, event: 'sale', type: 'percent', value: 2000, currency: null, recurring: 'forever', recurringLimit: null, tiers: [], tierMetric: null, tierPeriod: null, version: 1, versionCreatedAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' }
    const now = new Date('2026-11-01T12:00:00.000Z')
    const hold = { kind: 'action', action: 'hold', note: 'checking the customer' }
    const rows = earnedRows({ program: { id: 'prg_1', holdingDays: 30, secondTierRateBps: 1000 }, partner: { id: 'prt_rob', recruiter: { id: 'prt_rita', status: 'active' } }, credit: { event: 'sale', saleId: 'sal_1', customerId: 'cus_1', linkId: 'lnk_1', paymentNumber: 1 }, rule, quote: quoteCommission(rule, { amountMinor: 10_000, currency: 'USD' }, 0, 'USD'), fraud: { hold, flags: [] }, now })
    const bonus = bonusRow({ programId: 'prg_1', holdingDays: 30, partnerId: 'prt_ada', challenge: { id: 'chl_1', name: 'Ten sales', rewardMinor: 5_000, rewardCurrency: 'USD' }, now })
    const clawback = clawbackRow({ original: { ...rows[0], payout_id: null }, amountMinor: 500, refund: { appliedMinor: 2_500, saleAmountMinor: 10_000, saleCurrency: 'USD' }, now })
    const built = [...rows, bonus, clawback]
    console.log(JSON.stringify({ built: built.map(fast), inserted: built.map((r) => fast(insertedRow(r, 7))), columns: built.map((r) => Object.keys(r).length) }))
  `
  const root = fileURLToPath(new URL('../../..', import.meta.url))
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' })
  const { built, inserted, columns } = JSON.parse(out) as { built: boolean[]; inserted: boolean[]; columns: number[] }
  expect(columns).toEqual([24, 24, 24, 24])
  expect(built, 'the rows as built: earned (own, override), bonus, clawback').toEqual([true, true, true, true])
  expect(inserted, 'the rows as inserted, with their approval number').toEqual([true, true, true, true])
}, 30_000)
