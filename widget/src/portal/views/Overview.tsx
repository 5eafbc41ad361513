// The period's earnings by status (commissions earned in it, where each stands now: a payout of older
// commissions does not show here, so the heading says what the cards count), its counts and conversion,
// a chart over time, the balances of all time (as Payouts and the console's partner page show them), and
// the partner's tier.
import type { PortalOverview, PortalTier } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { useEffect, useLayoutEffect } from 'preact/hooks'
import { usePortal } from '../context.ts'
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../kit/format.ts'
import type { MessageKey } from '../messages.ts'
import { PERIODS, type Period } from '../stores/overview.ts'
import { Chart } from '../../kit/Chart.tsx'
import { SeriesSwitch } from '../../kit/SeriesSwitch.tsx'
import { LedgerCards } from '../../kit/LedgerCards.tsx'
import { Money } from '../../kit/Money.tsx'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'

const SERIES = ['earnings', 'clicks', 'sales'] as const
type Series = (typeof SERIES)[number]

export function Overview() {
  const { t, locale, stores } = usePortal()
  const { data, error, loading } = useStore(stores.overview.$)
  const period = useStore(stores.overview.$period)
  const currency = useStore(stores.me.$).data?.program.currency
  // Intl formatters are slow to build: build them while the data is on its way, not after.
  useEffect(() => warm(locale, currency), [locale, currency])

  return (
    <section aria-busy={loading}>
      <div class="bar-top">
        <label>
          <span class="mut">{t('period')} </span>
          <select value={period} onChange={(e) => stores.overview.setPeriod(Number(e.currentTarget.value) as Period)}>
            {PERIODS.map((n) => (
              <option value={n}>{t('period.days', { n })}</option>
            ))}
          </select>
        </label>
      </div>
      {error ? <Failed error={error} retry={stores.overview.run} /> : data ? <Report data={data} /> : <Loading />}
    </section>
  )
}

function Report({ data }: { data: PortalOverview }) {
  const { t, locale, stores } = usePortal()
  const days = Math.round((Date.parse(data.to) - Date.parse(data.from)) / 86_400_000) + 1 // the answer's own period
  const balances = useStore(stores.payouts.$).data?.balances
  const series = useValue<Series>('earnings')
  useLayoutEffect(firstRender, [])
  const num = (n: number) => formatNumber(n, locale)
  const money = (n: number) => formatMoney(n, data.currency, locale)
  const active = data.clicks + data.leads + data.sales > 0 || data.series.some((p) => p.earningsMinor !== 0)
  const pick = series.value
  const points = data.series.map((p) => ({ date: p.date, value: pick === 'earnings' ? p.earningsMinor : p[pick] }))
  const stats: [MessageKey, string][] = [
    ['clicks', num(data.clicks)],
    ['leads', num(data.leads)],
    ['sales', num(data.sales)],
    ['conversion', formatPercent(data.conversionRate, locale)],
  ]

  return (
    <>
      <h3>{t('earned.days', { n: days })}</h3>
      <div data-figures="earned">
        <LedgerCards totals={data.earnings} t={t} locale={locale} />
      </div>
      <dl class="grid" style={{ marginTop: '8px' }}>
        {stats.map(([k, v]) => (
          <div class="card">
            <dt>{t(k)}</dt>
            <dd data-stat={k}>{v}</dd>
          </div>
        ))}
      </dl>
      <SeriesSwitch all={SERIES} value={pick} label={t('chart.show')} name={t} pick={(s) => (series.value = s)} />
      {active ? (
        <Chart
          points={points}
          format={pick === 'earnings' ? money : num}
          label={t('chart.label', {
            series: t(pick),
            interval: t(`interval.${data.interval}`),
            from: formatDay(data.from, locale),
            to: formatDay(data.to, locale),
          })}
        />
      ) : (
        <Empty text={t('chart.empty')} />
      )}
      {balances && (
        <div data-figures="balances">
          <h3>{t('balances.allTime')}</h3>
          <LedgerCards totals={balances} t={t} locale={locale} />
        </div>
      )}
      {data.tier && <Tier tier={data.tier} currency={data.currency} />}
    </>
  )
}

function Tier({ tier, currency }: { tier: PortalTier; currency: string }) {
  const { t, locale } = usePortal()
  const { current, nextThreshold, nextName } = tier.progress
  const value = (n: number) => (tier.metric === 'revenue' ? formatMoney(n, currency, locale) : formatNumber(n, locale))
  const rate = tier.rateBps !== undefined ? formatPercent(tier.rateBps / 10_000, locale, 2) : tier.amountMinor !== undefined ? t('tier.flat', { amount: formatMoney(tier.amountMinor, tier.currency ?? currency, locale) }) : null
  return (
    <div>
      <h3>
        {t('tier')}: {tier.name ?? t('tier.none')}
      </h3>
      {rate !== null && <p>{t('tier.rate', { rate })}</p>}
      {nextThreshold !== null && nextName !== null ? (
        <>
          <p class="mut">
            {t('tier.progress', {
              current: value(current),
              next: value(nextThreshold),
              metric: t(`tier.metric.${tier.metric}`),
              period: t(`tier.period.${tier.period}`),
              name: nextName,
            })}
          </p>
          <div class="bar" role="progressbar" aria-label={t('tier')} aria-valuemin={0} aria-valuemax={nextThreshold} aria-valuenow={current} aria-valuetext={`${value(current)} / ${value(nextThreshold)}`}>
            <i style={{ width: `${Math.min(100, (100 * current) / Math.max(nextThreshold, 1))}%` }} />
          </div>
        </>
      ) : (
        <p class="mut">{t('tier.top')}</p>
      )}
    </div>
  )
}

/**
 * Marks the first render with data: `afflio:overview-render` measures from the data's arrival to the
 * DOM being in place, `afflio:overview-paint` to the next frame (the browser test reports both).
 */
function firstRender() {
  const p = globalThis.performance
  if (!p?.mark || !p.getEntriesByName('afflio:overview-data').length || p.getEntriesByName('afflio:overview-render').length) return
  p.measure('afflio:overview-render', 'afflio:overview-data')
  requestAnimationFrame(() => setTimeout(() => p.measure('afflio:overview-paint', 'afflio:overview-data')))
}

function warm(locale: string, currency: string | undefined) {
  formatNumber(0, locale)
  formatPercent(0, locale)
  formatDay('2026-01-01', locale)
  if (currency) formatMoney(0, currency, locale)
}
