// Every commission, newest first: when, status, amount, the sale it came from and why.
import type { PortalCommission } from '@afflio/sdk/types'
import { usePortal } from '../context.ts'
import { formatDate } from '../../kit/format.ts'
import { commissionReason } from '../../reason.ts'
import { Badge } from '../../kit/Badge.tsx'
import { Money } from '../../kit/Money.tsx'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { type Column, Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { rowsFor, Why } from '../../why.tsx'
import { Claims } from './Claims.tsx'

export function Commissions() {
  const { t, locale, stores } = usePortal()
  const s = useStore(stores.commissions.$)
  if (!s.loaded) return s.error ? <Failed error={s.error} retry={stores.commissions.run} /> : <Loading />
  if (s.items.length === 0)
    return (
      <>
        <Empty text={t('commissions.empty')} />
        <Claims />
      </>
    )
  const rows = rowsFor(t, locale)

  const cols: Column<PortalCommission>[] = [
    { label: t('date'), cell: (c) => formatDate(c.createdAt, locale) },
    { label: t('status'), cell: (c) => <Badge kind="status" value={c.status} /> },
    { label: t('amount'), num: true, cell: (c) => <Money minor={c.amountMinor} currency={c.currency} /> },
    {
      label: t('sale'),
      cell: (c) =>
        c.sale ? (
          <>
            <Money minor={c.sale.amountMinor} currency={c.sale.currency} />
            <br />
            <small class="mut">
              {c.sale.invoiceId} · {formatDate(c.sale.occurredAt, locale)}
            </small>
          </>
        ) : (
          <span class="mut">{t('sale.none')}</span>
        ),
    },
    {
      label: t('reason'),
      cell: (c) => (
        <>
          {commissionReason(c, t, locale)}
          <Why load={() => stores.session.call((p) => p.commissions.explain(c.id))} rows={rows} label={[t('why.open'), t('why.close')]} />
        </>
      ),
    },
  ]
  return (
    <section aria-busy={s.loading}>
      <Table caption={t('tab.commissions')} cols={cols} rows={s.items} />
      {s.error ? (
        <Failed error={s.error} retry={stores.commissions.more} />
      ) : (
        s.next && (
          <p style={{ marginTop: '12px', textAlign: 'center' }}>
            <button type="button" class="btn alt" aria-disabled={s.loading} onClick={() => void (s.loading || stores.commissions.more())}>
              {t(s.loading ? 'loading' : 'commissions.more')}
            </button>
          </p>
        )
      )}
      <Claims />
    </section>
  )
}
