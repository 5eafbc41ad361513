// Every referred customer of the program, newest first, with the partner who referred them (a name opens
// the partner's page): status, sales, net revenue per currency, first and last purchase.
import type { CustomerSummary } from '@afflio/sdk/types'
import { CustomerTable } from '../../customer-table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Paged } from '../ui.tsx'

export function Customers() {
  const { t, stores, locale } = useConsole()
  const names = useStore(stores.directory.$).data
  const partner = (c: CustomerSummary) => {
    const p = c.partnerId ? names?.get(c.partnerId) : undefined
    return p ? (
      <button
        type="button"
        class="lnk"
        onClick={() => {
          stores.partner.open(p.id)
          stores.$tab.set('partners')
        }}
      >
        {p.name ?? p.email}
      </button>
    ) : (
      '—'
    )
  }
  return (
    <Paged store={stores.customers} empty={t('customers.empty')}>
      {(rows) => <CustomerTable rows={rows} t={t} locale={locale} caption={t('tab.customers')} extra={[{ label: t('commissions.partner'), cell: partner }]} />}
    </Paged>
  )
}
