// Which figure a commission counts towards: the one rule every balance, total and export follows. Pure.
import type { CommissionStatus, LedgerTotals } from '@afflio/sdk/types'

export type TotalKey = Exclude<keyof LedgerTotals, 'currency'>

/** Where each status counts; reversed and fraud commissions count nowhere. */
export const TOTAL_OF: Readonly<Record<CommissionStatus, TotalKey | null>> = {
  pending: 'pendingMinor',
  on_hold: 'onHoldMinor',
  approved: 'approvedMinor',
  in_payout: 'inPayoutMinor',
  paid: 'paidMinor',
  reversed: null,
  fraud: null,
}

/** The statuses that count towards some total (the queries read only these). */
export const COUNTED = (Object.keys(TOTAL_OF) as CommissionStatus[]).filter((s) => TOTAL_OF[s] !== null)

export const emptyTotals = (currency: string): LedgerTotals => ({ currency, pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 })

/**
 * Folds (status, currency, amount) sums into totals per key (a partner, or one key for the program),
 * each key's currencies in code order. Every currency given is listed, at zero when its rows count
 * nowhere (all reversed or fraud): the one rule for which currencies a balance shows, on every surface.
 *
 * @example foldTotals([{ key: 'p', currency: 'USD', status: 'approved', amountMinor: 500 }]).get('p') // [{ currency: 'USD', approvedMinor: 500, … }]
 * @example foldTotals([{ key: 'p', currency: 'EUR', status: 'reversed', amountMinor: 700 }]).get('p') // [{ currency: 'EUR', approvedMinor: 0, … }]
 */
export function foldTotals(rows: Iterable<{ key: string; currency: string; status: CommissionStatus; amountMinor: number }>): Map<string, LedgerTotals[]> {
  const byKey = new Map<string, Map<string, LedgerTotals>>()
  for (const r of rows) {
    let currencies = byKey.get(r.key)
    if (!currencies) byKey.set(r.key, (currencies = new Map()))
    let t = currencies.get(r.currency)
    if (!t) currencies.set(r.currency, (t = emptyTotals(r.currency)))
    const total = TOTAL_OF[r.status]
    if (total) t[total] += r.amountMinor
  }
  const out = new Map<string, LedgerTotals[]>()
  for (const [key, currencies] of byKey) out.set(key, [...currencies.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)))
  return out
}

/** The program's currency first, then the rest in code order: how every screen lists currencies. */
export function orderByCurrency<T extends { currency: string }>(rows: T[], first: string): T[] {
  return rows.sort((a, b) => (a.currency === first ? -1 : b.currency === first ? 1 : a.currency.localeCompare(b.currency)))
}
