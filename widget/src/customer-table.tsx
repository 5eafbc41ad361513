// Referred customers as a table, for the partner (addresses masked by the server) and the program (with a
// column of its own, e.g. the partner): status, sales, net revenue per currency, first and last purchase.
import type { PortalCustomer } from '@afflio/sdk/types'
import { Badge } from './kit/Badge.tsx'
import { formatDate, formatMoney } from './kit/format.ts'
import { type Column, Table } from './kit/Table.tsx'
import type { CustomerWord } from './ledger-words.ts'

// The `customer.*` words are in CustomerWord so each widget's table must have them: Badge reads them.
type T = (key: CustomerWord | 'status') => string
/** The portal's rows (a masked address, maybe none) or the program's, which have the customer's name and id too */
type Row = Omit<PortalCustomer, 'createdAt'> & { name?: string | null; externalId?: string }

export function CustomerTable<R extends Row>({ rows, t, locale, caption, extra = [] }: { rows: R[]; t: T; locale: string; caption: string; extra?: Column<R>[] }) {
  const day = (iso: string | null) => (iso ? formatDate(iso, locale) : '—')
  const cols: Column<R>[] = [
    // Without an address, the program still knows them by name or by its own id for them (never shown to partners).
    { label: t('customer'), cell: (c) => c.email ?? c.name ?? c.externalId ?? '—' },
    ...extra,
    { label: t('status'), cell: (c) => <Badge kind="customer" value={c.status} /> },
    { label: t('customers.sales'), num: true, cell: (c) => c.sales },
    { label: t('customers.revenue'), num: true, cell: (c) => c.revenue.map((m) => formatMoney(m.amountMinor, m.currency, locale)).join(', ') || '—' },
    { label: t('customers.first'), cell: (c) => day(c.firstPurchaseAt) },
    { label: t('customers.last'), cell: (c) => day(c.lastPurchaseAt) },
  ]
  return <Table caption={caption} cols={cols} rows={rows} />
}
