// One link's last 30 days, opened from the Links tab: a daily chart (clicks, leads, sales or earnings) and
// where its clicks came from, by sub-id and by referring site (the top 10; the rest as "Other").
import type { LinkBreakdownRow, LinkStats as Stats } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { formatDay, formatMoney, formatNumber } from '../../kit/format.ts'
import { Chart } from '../../kit/Chart.tsx'
import { SeriesSwitch } from '../../kit/SeriesSwitch.tsx'
import { Table } from '../../kit/Table.tsx'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'

const SERIES = ['clicks', 'leads', 'sales', 'earnings'] as const
type Series = (typeof SERIES)[number]
const COUNTS = ['clicks', 'leads', 'sales'] as const

export function LinkStats({ id }: { id: string }) {
  const { stores } = usePortal()
  const store = stores.links.stats(id)
  const { data, error } = useStore(store.$)
  return error && !data ? <Failed error={error} retry={store.run} /> : data ? <Detail data={data} /> : <Loading />
}

function Detail({ data }: { data: Stats }) {
  const { t, locale } = usePortal()
  const series = useValue<Series>('clicks')
  const pick = series.value
  const num = (n: number) => formatNumber(n, locale)
  const money = (n: number) => formatMoney(n, data.currency, locale)
  if (data.clicks + data.leads + data.sales === 0 && data.earningsMinor === 0) return <Empty text={t('chart.empty')} />
  return (
    <div>
      <p class="stats" data-totals>
        {t('period.days', { n: data.series.length })}: {COUNTS.map((k) => `${t(k)} ${num(data[k])} · `)}
        {t('earnings')} {money(data.earningsMinor)}
      </p>
      <SeriesSwitch all={SERIES} value={pick} label={t('chart.show')} name={t} pick={(s) => (series.value = s)} />
      <Chart
        points={data.series.map((p) => ({ date: p.date, value: pick === 'earnings' ? p.earningsMinor : p[pick] }))}
        format={pick === 'earnings' ? money : num}
        label={t('chart.label', { series: t(pick), interval: t('interval.day'), from: formatDay(data.since, locale), to: formatDay(data.until, locale) })}
      />
      <Breakdown title={t('links.bySub')} head={t('links.sub')} none={t('links.noSub')} rows={data.subIds} />
      <Breakdown title={t('links.byReferrer')} head={t('links.referrer')} none={t('links.direct')} rows={data.referrers} />
    </div>
  )
}

function Breakdown({ title, head, none, rows }: { title: string; head: string; none: string; rows: LinkBreakdownRow[] }) {
  const { t, locale } = usePortal()
  return (
    <>
      <h4>{title}</h4>
      <Table
        caption={title}
        cols={[
          { label: head, cell: (r) => (r.value === '~other' ? t('links.other') : r.value || none) },
          ...COUNTS.map((k) => ({ label: t(k), cell: (r: LinkBreakdownRow) => formatNumber(r[k], locale), num: true })),
        ]}
        rows={rows.map((r) => ({ ...r, id: r.value }))}
      />
    </>
  )
}
