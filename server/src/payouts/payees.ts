// Who a payout run pays, and money as the decimal strings payout files want. Pure.
import type { PayoutRunSkip } from '@afflio/sdk/types'
import { formatMinor, minorDigits } from '../kernel/money.ts'

/** An unpaid approved balance: the sum of a partner's approved commissions in no payout, in one currency. */
export interface Balance {
  partnerId: string
  currency: string
  amountMinor: number
}

export interface PayeeFacts {
  /** partners whose payout details are on file */
  hasDetails: ReadonlySet<string>
  /** partners who may not be paid (suspended) */
  suspended: ReadonlySet<string>
  /** minimum payout per currency, minor units; a currency without one has minimum 0 */
  minimums: Readonly<Record<string, number>>
  /** the currencies the program's payout schedule pays; null (or absent): every currency */
  currencies?: readonly string[] | null
}

/**
 * Splits balances into payees and the partners left for later. A balance is paid when it is > 0 and
 * at least its currency's minimum; a negative one (clawbacks after a payout) is owed back, carried until
 * earnings cover it. Partners without payout details are skipped and reported, not paid blind; so is a
 * balance in a currency the payout schedule does not pay, which waits.
 *
 * @example
 * choosePayees([{ partnerId: 'prt_a', currency: 'USD', amountMinor: 6000 }], { hasDetails: new Set(['prt_a']), suspended: new Set(), minimums: { USD: 5000 } })
 * // { payees: [that balance], skipped: [] }
 */
export function choosePayees(balances: readonly Balance[], facts: PayeeFacts): { payees: Balance[]; skipped: PayoutRunSkip[] } {
  const payees: Balance[] = []
  const skipped: PayoutRunSkip[] = []
  const sorted = [...balances].sort((a, b) => (a.partnerId === b.partnerId ? cmp(a.currency, b.currency) : cmp(a.partnerId, b.partnerId)))
  for (const b of sorted) {
    const skip = (reason: PayoutRunSkip['reason']) => skipped.push({ partnerId: b.partnerId, currency: b.currency, approvedMinor: b.amountMinor, reason })
    const minimum = Math.max(0, facts.minimums[b.currency] ?? 0)
    if (b.amountMinor > 0 && facts.currencies && !facts.currencies.includes(b.currency)) skip('currency_not_scheduled')
    else if (b.amountMinor < 0) skip('owed_back')
    else if (b.amountMinor === 0) continue
    else if (b.amountMinor < minimum) skip('below_minimum')
    else if (facts.suspended.has(b.partnerId)) skip('partner_suspended')
    else if (!facts.hasDetails.has(b.partnerId)) skip('missing_payout_details')
    else payees.push(b)
  }
  return { payees, skipped }
}

/** Whether stored payout details say where to pay: an email or an account reference. */
export const hasPayoutDestination = (d: { email: string | null; account_ref: string | null }): boolean => (d.email ?? d.account_ref) !== null

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Reads `programs.payout_minimums` ({"USD": 5000}); anything malformed counts as no minimum rather
 * than blocking payouts. Keys are upper-cased; values must be non-negative safe integers.
 */
export function parseMinimums(json: string | null | undefined): Record<string, number> {
  let parsed: unknown
  try {
    parsed = JSON.parse(json ?? '{}')
  } catch {
    return {}
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) out[k.toUpperCase()] = v
  }
  return out
}

