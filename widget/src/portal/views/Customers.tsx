// The customers the partner referred: addresses masked by the server, status, sales, net revenue and
// first and last purchase, newest first.
import { CustomerTable } from '../../customer-table.tsx'
import { Paged } from '../../kit/Paged.tsx'
import { usePortal } from '../context.ts'

export function Customers() {
  const { t, locale, stores } = usePortal()
  return (
    <Paged store={stores.customers} empty={t('customers.empty')}>
      {(rows) => <CustomerTable rows={rows} t={t} locale={locale} caption={t('tab.customers')} />}
    </Paged>
  )
}
