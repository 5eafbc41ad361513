// What a split sale pays each of its two partners (coupon policy `split`: one partner's click, another's
// code). Pure: the service prices each partner's own commission, then asks here how to share.
import { applyRateBps } from '../kernel/money.ts'

export interface OwnQuote {
  amountMinor: number
  currency: string
}

export interface SplitAmounts {
  /** What the sale pays both together, in `currency` */
  poolMinor: number
  currency: string
  clickMinor: number
  codeMinor: number
}

/**
 * The pool is the lower of the two partners' own commissions (their rules, tiers and currencies may differ),
 * so together they never earn more than either would have alone; when the two are in different currencies
 * (a flat rule in another one), the click partner's. The click partner's share is rounded by the one rule
 * (`applyRateBps`); the code partner has the remainder, so the parts always sum to the pool exactly.
 */
export function splitAmounts(click: OwnQuote, code: OwnQuote, clickShareBps: number): SplitAmounts {
  const pool = click.currency === code.currency && code.amountMinor < click.amountMinor ? code : click
  return { poolMinor: pool.amountMinor, currency: pool.currency, ...shareBetween(pool.amountMinor, clickShareBps) }
}

/**
 * An amount shared between a split's click side (`clickShareBps`, rounded by the one rule) and its code
 * side (the rest): a commission pool here, the sale's amount as each partner counts it (sale-credits.ts).
 */
export function shareBetween(amountMinor: number, clickShareBps: number): { clickMinor: number; codeMinor: number } {
  const clickMinor = applyRateBps(amountMinor, clickShareBps)
  return { clickMinor, codeMinor: amountMinor - clickMinor }
}

/**
 * A split sale's shares when either partner may earn nothing alone (suspended, no rule: null): it forfeits
 * its share, and the other keeps only its own share of its own commission. Null when neither earns.
 * The ledger (credit-split.ts) and the backtest share it.
 */
export function splitShares(click: OwnQuote | null, code: OwnQuote | null, clickShareBps: number): SplitAmounts | null {
  if (!click && !code) return null
  return splitAmounts((click ?? code)!, (code ?? click)!, clickShareBps)
}
