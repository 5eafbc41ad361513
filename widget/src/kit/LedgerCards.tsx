// A ledger's totals as cards, one per figure, a line per currency: the portal's overview and payouts and
// the console's overview show the same figures under the same words (ledger-words.ts).
import type { LedgerTotals } from '@afflio/sdk/types'
import { formatMoney } from './format.ts'
import { type TotalKey, TOTAL_KEYS } from '../ledger-words.ts'

interface Props {
  totals: readonly LedgerTotals[]
  t: (key: `ledger.${TotalKey}`) => string
  locale: string
  /** Figures shown even when zero in every currency; the others appear only when something is in them */
  always?: readonly TotalKey[]
}

export function LedgerCards({ totals, t, locale, always = ['approvedMinor', 'pendingMinor', 'paidMinor'] }: Props) {
  const shown = TOTAL_KEYS.filter((k) => always.includes(k) || totals.some((x) => x[k] !== 0))
  return (
    <dl class="grid">
      {shown.map((k) => (
        <div class="card">
          <dt>{t(`ledger.${k}`)}</dt>
          {totals.map((x) => (
            <dd data-stat={`${k}-${x.currency}`}>{formatMoney(x[k], x.currency, locale)}</dd>
          ))}
        </div>
      ))}
    </dl>
  )
}
