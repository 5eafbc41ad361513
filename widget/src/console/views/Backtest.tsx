// What a rule change would have paid on past sales (POST /v1/rules/backtest): totals now → with the
// change, per currency, the partners gaining and losing most, and how many change tier. Shown under the
// rule form before saving.
import type { BacktestPartner, BacktestResult } from '@afflio/sdk/types'
import { formatMoney, formatNumber } from '../../kit/format.ts'
import { Table } from '../../kit/Table.tsx'
import { useConsole } from '../context.ts'

export function Backtest({ result, days }: { result: BacktestResult; days: number }) {
  const { t, locale } = useConsole()
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale)
  const signed = (minor: number, currency: string) => (minor > 0 ? '+' : '') + money(minor, currency)
  const partners = (caption: string, rows: BacktestPartner[]) =>
    rows.length > 0 && (
      <Table
        caption={caption}
        rows={rows.map((p) => ({ ...p, id: `${p.partnerId}-${p.currency}` }))}
        cols={[
          { label: t('payouts.partner'), cell: (p) => p.partnerName ?? p.partnerEmail },
          { label: t('backtest.current'), cell: (p) => money(p.currentMinor, p.currency) },
          { label: t('backtest.proposed'), cell: (p) => money(p.proposedMinor, p.currency) },
          { label: t('backtest.delta'), cell: (p) => signed(p.deltaMinor, p.currency) },
        ]}
      />
    )
  return (
    <div class="item" aria-label={t('backtest.run')} role="region">
      <h4>{t('backtest.title', { days, sales: formatNumber(result.sales, locale) })}</h4>
      {result.totals.map((x) => (
        <p data-total>
          {x.currency}: {money(x.currentMinor, x.currency)} → {money(x.proposedMinor, x.currency)} ({signed(x.deltaMinor, x.currency)})
        </p>
      ))}
      {partners(t('backtest.winners'), result.winners)}
      {partners(t('backtest.losers'), result.losers)}
      {result.tierMoves.length > 0 && <p>{t('backtest.tierMoves', { n: result.tierMoves.length })}</p>}
    </div>
  )
}
