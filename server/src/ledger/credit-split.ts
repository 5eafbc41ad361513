// A split sale's two commissions (coupon policy `split`): each partner priced under its own rule, then the
// pool shared by split.ts, both written in the caller's transaction.
import type { CommissionReason } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import type { CommissionRow } from './commission-rows.ts'
import { type Creditable, type Priced, priceCommission, writeCommission } from './credit-commission.ts'
import { reasonText } from './reason-text.ts'
import { splitShares } from './split.ts'

/**
 * Credits the click's partner and the code's partner with their shares. Partners are locked in id order,
 * so two split sales of the same pair never wait on each other crosswise. A partner that earns nothing
 * alone (suspended, no rule) forfeits its share: the other keeps only its own.
 * Returns the click partner's rows, then the code partner's.
 */
export async function creditSplit(tx: Tx, program: ProgramRow, click: Creditable, code: Creditable, clickShareBps: number, now: Date): Promise<[CommissionRow[], CommissionRow[]]> {
  const priced = new Map<string, Priced | null>()
  for (const c of [click, code].sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1))) priced.set(c.partnerId, await priceCommission(tx, program, c))
  const [pc, pd] = [priced.get(click.partnerId) ?? null, priced.get(code.partnerId) ?? null]
  const split = splitShares(pc?.quote ?? null, pd?.quote ?? null, clickShareBps)
  if (!split) return [[], []]
  // Two quotes in different currencies are not compared: the click partner's is shared, and each reason says so
  const compared = !pc || !pd || pc.quote.currency === pd.quote.currency
  const share = (p: Priced | null, via: 'click' | 'code', amountMinor: number, shareBps: number): Priced | null => {
    if (!p) return null
    // Each keeps its own rule's reason, with what that rule pays alone in its own currency: never the other
    // partner's rule, tier or standing (a partner sees its reason in the portal and its emails).
    const reasonData = { ...p.quote.reasonData, split: { via, shareBps, poolMinor: split.poolMinor, ruleMinor: p.quote.amountMinor, ...(!compared && { poolCurrency: split.currency }) } } as CommissionReason
    return { ...p, quote: { ...p.quote, amountMinor, currency: split.currency, reasonData, reason: reasonText(reasonData) } }
  }
  const a = share(pc, 'click', split.clickMinor, clickShareBps)
  const b = share(pd, 'code', split.codeMinor, 10_000 - clickShareBps)
  return [a ? await writeCommission(tx, program, click, a, now) : [], b ? await writeCommission(tx, program, code, b, now) : []]
}
